-- The statements of GET /beneficiaries/{id}/timeline for a coordinator (scope: territory), verbatim from
-- BeneficiaryQueries.find, AuditLog.record, the six TimelineContributors and the two name lookups of
-- Timeline (Accounts.names, Organisations.names). :limit is Timeline.PAGE_SIZE + 1 for this page and
-- SECTION_SIZE + 1 for the person's page; :users and :orgs are replaced by the script with the ids the
-- timeline names (bench/timeline.sh).
SELECT b.id, b.last_name, b.first_name, b.birth_date, b.phone, b.email, b.preferred_channel,
       b.commune_insee, COALESCE(c.name, b.commune_insee) AS commune_name, b.eligibility_category, d.name AS ase_district_name,
       b.referring_organisation_id, o.name AS referrer_name, b.territory_id, t.code AS territory_code,
       t.name AS territory_name, b.status, b.diagnosed_on, p.name AS programme_name,
       b.created_at, b.updated_at, b.version
FROM beneficiary b
LEFT JOIN commune c ON c.insee_code = b.commune_insee
JOIN territory t ON t.id = b.territory_id
JOIN organisation o ON o.id = b.referring_organisation_id
JOIN programme p ON p.id = b.programme_id
LEFT JOIN ase_district d ON d.id = b.ase_district_id
WHERE b.id = :person AND b.territory_id = :scopeId;
INSERT INTO audit_event (occurred_at, user_id, user_email, organisation_id, beneficiary_id, action, route, details)
VALUES (now(), :userId, 'coordination.t6@demo.parcours.test', :userOrg, :person, 'READ', '/beneficiaries/{id}/timeline', 'timeline');
SELECT * FROM (
    SELECT 'TRANSITION' AS what, t.occurred_at AS at, t.by_user_id, r.id AS referral_id,
           r.referring_organisation_id AS organisation_id, r.source, t.from_status, t.to_status,
           r.refusal_reason, t.structure_id, t.mediator_id, CAST(NULL AS VARCHAR(100)) AS fields
    FROM referral r JOIN referral_transition t ON t.referral_id = r.id
    WHERE r.beneficiary_id = :person AND r.territory_id = :scopeId
    UNION ALL
    SELECT 'MERGED', d.decided_at, d.decided_by, r.id, r.referring_organisation_id, r.source, NULL, NULL,
           NULL, NULL, NULL, NULL
    FROM referral r JOIN duplicate_suspicion d ON d.referral_id = r.id AND d.status = 'MERGED'
    WHERE r.beneficiary_id = :person AND d.decided_at IS NOT NULL AND r.territory_id = :scopeId
    UNION ALL
    SELECT 'IDENTITY', c.corrected_at, c.corrected_by, r.id, r.referring_organisation_id, r.source, NULL,
           NULL, NULL, NULL, NULL, c.fields
    FROM referral r JOIN referral_identity_correction c ON c.referral_id = r.id
    WHERE r.beneficiary_id = :person AND r.territory_id = :scopeId
) e ORDER BY e.at DESC LIMIT :limit;
SELECT t.occurred_at AS at, t.by_user_id, t.from_status, t.to_status,
       CASE WHEN t.to_status = 'SCHEDULED' THEN t.starts_at ELSE a.starts_at END AS starts_at,
       a.reinvited_from_id
FROM appointment a JOIN appointment_transition t ON t.appointment_id = a.id
WHERE a.beneficiary_id = :person AND a.territory_id = :scopeId
ORDER BY t.occurred_at DESC, t.id DESC LIMIT :limit;
SELECT * FROM (
    SELECT 'STARTED' AS what, d.started_at AS at, d.mediator_id AS by_user_id, d.id AS diagnostic_id,
           CAST(NULL AS VARCHAR(20)) AS kind, d.status
    FROM diagnostic d WHERE d.beneficiary_id = :person AND d.territory_id = :scopeId
    UNION ALL
    SELECT 'COMPLETED', d.completed_at, d.mediator_id, d.id, NULL, d.status
    FROM diagnostic d WHERE d.beneficiary_id = :person AND d.completed_at IS NOT NULL AND d.territory_id = :scopeId
    UNION ALL
    SELECT 'CORRECTED', c.corrected_at, c.corrected_by, d.id, NULL, d.status
    FROM diagnostic d JOIN diagnostic_correction c ON c.diagnostic_id = d.id
    WHERE d.beneficiary_id = :person AND d.territory_id = :scopeId
    UNION ALL
    SELECT 'ADJUSTED', j.adjusted_at, j.adjusted_by, d.id, j.kind, d.status
    FROM diagnostic d JOIN recommendation_adjustment j ON j.diagnostic_id = d.id
    WHERE d.beneficiary_id = :person AND d.territory_id = :scopeId
) e ORDER BY e.at DESC LIMIT :limit;
SELECT k.purpose,
       CASE WHEN k.purpose = 'SHARE_WITH_PRESCRIBER'
            THEN COALESCE(k.organisation_id, b.referring_organisation_id) END AS organisation_id,
       k.accepted, k.recorded_at, k.recorded_by
FROM consent k JOIN beneficiary b ON b.id = k.beneficiary_id
WHERE k.beneficiary_id = :person AND b.territory_id = :scopeId ORDER BY k.recorded_at, k.id;
SELECT m.created_at, m.channel, m.kind, m.subject, m.sent_at, m.failed_at
FROM outbox_message m JOIN beneficiary b ON b.id = m.beneficiary_id
WHERE m.beneficiary_id = :person AND b.territory_id = :scopeId
ORDER BY m.created_at DESC, m.id DESC LIMIT :limit;
SELECT c.code, c.change, c.before_on, c.after_on, c.reason, c.changed_at, c.changed_by,
       x.code AS exit_reason
FROM milestone_change c JOIN beneficiary b ON b.id = c.beneficiary_id
LEFT JOIN exit_reason x ON c.code = 'EXITED' AND (c.reason = x.code OR c.reason LIKE CONCAT(x.code, ':%'))
WHERE c.beneficiary_id = :person AND b.territory_id = :scopeId
ORDER BY c.id DESC LIMIT :limit;
SELECT u.id, u.display_name, o.name FROM user_account u JOIN organisation o ON o.id = u.organisation_id
WHERE u.id IN (:users);
SELECT id, name FROM organisation WHERE id IN (:orgs);
