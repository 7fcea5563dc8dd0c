-- The benchmark's equipment data, added once to a loaded database (bench/equipment.sh): two storage
-- places of the territory :'territory_code' (on its first member structures), 100 000 devices of
-- every type and status spread over them, and the people whose plan recommends a device
-- (equipment_need, as Matching keeps it from the diagnostic's events and the demo contributor writes
-- it), for every territory. Devices carry serial numbers starting with BENCH- so that a second run
-- adds nothing.
\set ON_ERROR_STOP on
INSERT INTO storage_place (territory_id, structure_id, name, created_at)
SELECT o.territory_id, o.id, 'Banc d’essai — ' || o.name, CURRENT_TIMESTAMP
FROM organisation o JOIN territory t ON t.id = o.territory_id
WHERE o.kind = 'MEMBER_STRUCTURE' AND t.code = :'territory_code'
  AND NOT EXISTS (SELECT 1 FROM storage_place s WHERE s.structure_id = o.id AND s.name LIKE 'Banc d’essai — %')
ORDER BY o.id LIMIT 2;

INSERT INTO device (territory_id, storage_place_id, device_type, brand, model, ram_gb, storage_gb, os_name, os_version,
                    serial_number, imei, source, grade, warranty_months, acquired_on, cost_cents, status, created_at,
                    updated_at)
SELECT p.territory_id, p.id,
       (ARRAY['LAPTOP', 'LAPTOP', 'DESKTOP', 'TABLET', 'SMARTPHONE'])[1 + g % 5],
       (ARRAY['Lenovo', 'Dell', 'HP', 'Samsung', 'Apple'])[1 + g % 5], 'Modèle ' || (g % 37), 8, 256, 'Windows', '11',
       'BENCH-' || lpad(g::text, 9, '0'), NULL, 'REFURBISHED', (ARRAY['A', 'B', 'C'])[1 + g % 3], 24,
       CURRENT_DATE - (g % 365), 9900 + g % 9000,
       (ARRAY['READY', 'READY', 'READY', 'HANDED_OVER', 'HANDED_OVER', 'RECEIVED', 'RESERVED', 'RECYCLED'])[1 + g % 8],
       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM generate_series(1, 100000) g
JOIN LATERAL (SELECT s.id, s.territory_id FROM storage_place s JOIN territory t ON t.id = s.territory_id
              WHERE t.code = :'territory_code' AND s.name LIKE 'Banc d’essai — %'
              ORDER BY s.id OFFSET (g % 2) LIMIT 1) p ON TRUE
ON CONFLICT (serial_number) DO NOTHING;

INSERT INTO equipment_need (beneficiary_id, territory_id, referring_organisation_id, recommended_type, diagnosed_at,
                            state, updated_at)
SELECT d.beneficiary_id, d.territory_id, d.referring_organisation_id, COALESCE(r.adjusted_value, r.computed_value),
       d.completed_at, 'WAITING', CURRENT_TIMESTAMP
FROM diagnostic d JOIN recommendation r ON r.diagnostic_id = d.id AND r.kind = 'EQUIPMENT'
WHERE d.status = 'COMPLETED' AND COALESCE(r.adjusted_value, r.computed_value) <> 'NONE'
  AND NOT EXISTS (SELECT 1 FROM diagnostic l WHERE l.beneficiary_id = d.beneficiary_id AND l.status = 'COMPLETED'
                  AND (l.completed_at > d.completed_at OR (l.completed_at = d.completed_at AND l.id > d.id)))
ON CONFLICT (beneficiary_id) DO NOTHING;

-- People who already reached EQUIPPED (in a database loaded before the equipment stage existed) are not waiting.
UPDATE equipment_need n SET state = 'EQUIPPED'
WHERE n.state = 'WAITING'
  AND EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = n.beneficiary_id AND m.code = 'EQUIPPED');
