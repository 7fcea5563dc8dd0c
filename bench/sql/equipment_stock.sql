-- The statements GET /api/v1/equipment/devices?status=READY&type=LAPTOP&page=N runs for one request of a
-- logistics token, verbatim (ApiTokens.authenticate, Stock.list with TerritoryScope on the token's
-- territory, one row more than the page to say whether there is a next one). Keep in step.
\set page random(0, 19)
\set offset :page * 50
SELECT t.organisation_id, t.id, t.name, o.kind, o.territory_id, t.last_used_at
FROM api_token t JOIN organisation o ON o.id = t.organisation_id
WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND o.active
  AND o.kind IN ('PRESCRIBER', 'DEPARTEMENT', 'EPT', 'CONSORTIUM', 'MEMBER_STRUCTURE');
SELECT d.id, d.territory_id, d.storage_place_id, p.name AS place_name, d.device_type, d.brand, d.model,
       d.ram_gb, d.storage_gb, d.screen_inches, d.os_name, d.os_version, d.serial_number, d.imei, d.source,
       d.supplier, d.order_reference, d.refurbisher_id, d.refurbisher_siret, d.grade, d.wipe_certificate,
       d.warranty_months, d.donor, d.acquired_on, d.cost_cents, d.status, d.version, d.delivery_id
FROM device d JOIN storage_place p ON p.id = d.storage_place_id
WHERE d.territory_id = :territory AND d.status = 'READY' AND d.device_type = 'LAPTOP'
ORDER BY d.id DESC LIMIT 51 OFFSET :offset;
