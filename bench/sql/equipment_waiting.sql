-- The statements GET /api/v1/equipment/waiting?page=N runs for one request of a logistics token, verbatim
-- (ApiTokens.authenticate, Matching.waiting with TerritoryScope on the token's territory, the audit row
-- of the list, AuditLog.recordBy). Keep in step. (CHR(58) is ':', which pgbench would read as a variable.)
\set page random(0, 19)
\set offset :page * 50
SELECT t.organisation_id, t.id, t.name, o.kind, o.territory_id, t.last_used_at
FROM api_token t JOIN organisation o ON o.id = t.organisation_id
WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND o.active
  AND o.kind IN ('PRESCRIBER', 'DEPARTEMENT', 'EPT', 'CONSORTIUM', 'MEMBER_STRUCTURE');
SELECT n.beneficiary_id AS person_id, b.last_name, b.first_name, n.recommended_type, n.diagnosed_at
FROM equipment_need n JOIN beneficiary b ON b.id = n.beneficiary_id
WHERE n.state = 'WAITING' AND n.territory_id = :territory
ORDER BY n.diagnosed_at, n.beneficiary_id LIMIT 51 OFFSET :offset;
INSERT INTO audit_event (occurred_at, user_id, user_email, organisation_id, beneficiary_id, action, route, details)
VALUES (CURRENT_TIMESTAMP, NULL, 'api' || CHR(58) || 'Benchmark', CAST(:organisation AS BIGINT), NULL, 'LIST', 'GET /api/v1/equipment/waiting',
        'equipment waiting queue, page 1');
