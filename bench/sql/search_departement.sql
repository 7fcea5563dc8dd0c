-- The two statements BeneficiaryQueries.list() runs for this scenario (page, then capped count), verbatim.
SELECT b.id, b.last_name, b.first_name, b.birth_date, c.name AS commune_name,
       b.eligibility_category, b.status, t.code AS territory_code, o.name AS referrer_name, b.created_at
FROM (SELECT m.id FROM (
    (SELECT b.id, b.name_key FROM beneficiary b
     WHERE 1 = 1 AND b.name_key >= :lo AND b.name_key < :hi AND (b.name_key_cut >= :qlen OR CAST(:ends AS VARCHAR(400)) LIKE CONCAT('%,', b.name_key_cut, ',%'))
     ORDER BY b.name_key, b.id LIMIT :fetch)
    UNION ALL
    (SELECT b.id, b.name_key FROM beneficiary b
     WHERE 1 = 1 AND b.name_key_reverse >= :lo AND b.name_key_reverse < :hi AND (CHAR_LENGTH(b.name_key) - b.name_key_cut >= :qlen OR CAST(:ends AS VARCHAR(400)) LIKE CONCAT('%,', CHAR_LENGTH(b.name_key) - b.name_key_cut, ',%')) AND NOT (b.name_key >= :lo AND b.name_key < :hi AND (b.name_key_cut >= :qlen OR CAST(:ends AS VARCHAR(400)) LIKE CONCAT('%,', b.name_key_cut, ',%')))
     ORDER BY b.name_key, b.id LIMIT :fetch)
) m ORDER BY m.name_key, m.id LIMIT :limit OFFSET :offset) p
JOIN beneficiary b ON b.id = p.id
JOIN commune c ON c.insee_code = b.commune_insee
JOIN territory t ON t.id = b.territory_id
JOIN organisation o ON o.id = b.referring_organisation_id
ORDER BY b.name_key, b.id;
SELECT COUNT(*) FROM (
    SELECT 1 FROM beneficiary b WHERE 1 = 1 AND b.name_key >= :lo AND b.name_key < :hi AND (b.name_key_cut >= :qlen OR CAST(:ends AS VARCHAR(400)) LIKE CONCAT('%,', b.name_key_cut, ',%'))
    UNION ALL
    SELECT 1 FROM beneficiary b WHERE 1 = 1 AND b.name_key_reverse >= :lo AND b.name_key_reverse < :hi AND (CHAR_LENGTH(b.name_key) - b.name_key_cut >= :qlen OR CAST(:ends AS VARCHAR(400)) LIKE CONCAT('%,', CHAR_LENGTH(b.name_key) - b.name_key_cut, ',%')) AND NOT (b.name_key >= :lo AND b.name_key < :hi AND (b.name_key_cut >= :qlen OR CAST(:ends AS VARCHAR(400)) LIKE CONCAT('%,', b.name_key_cut, ',%')))
    LIMIT :cap) x;
