-- The two statements BeneficiaryQueries.list() runs for this scenario (page, then capped count), verbatim.
SELECT b.id, b.last_name, b.first_name, b.birth_date, c.name AS commune_name,
       b.eligibility_category, b.status, t.code AS territory_code, o.name AS referrer_name, b.created_at
FROM (SELECT m.id FROM (
    (SELECT b.id, b.full_name_norm FROM beneficiary b
     WHERE 1 = 1 AND b.full_name_norm >= :lo AND b.full_name_norm < :hi AND b.full_name_norm LIKE :q
     ORDER BY b.full_name_norm, b.id LIMIT :fetch)
    UNION ALL
    (SELECT b.id, b.full_name_norm FROM beneficiary b
     WHERE 1 = 1 AND b.reverse_name_norm >= :lo AND b.reverse_name_norm < :hi AND b.reverse_name_norm LIKE :q AND b.full_name_norm NOT LIKE :q
     ORDER BY b.full_name_norm, b.id LIMIT :fetch)
) m ORDER BY m.full_name_norm, m.id LIMIT :limit OFFSET :offset) p
JOIN beneficiary b ON b.id = p.id
JOIN commune c ON c.insee_code = b.commune_insee
JOIN territory t ON t.id = b.territory_id
JOIN organisation o ON o.id = b.referring_organisation_id
ORDER BY b.full_name_norm, b.id;
SELECT COUNT(*) FROM (
    SELECT 1 FROM beneficiary b WHERE 1 = 1 AND b.full_name_norm >= :lo AND b.full_name_norm < :hi AND b.full_name_norm LIKE :q
    UNION ALL
    SELECT 1 FROM beneficiary b WHERE 1 = 1 AND b.reverse_name_norm >= :lo AND b.reverse_name_norm < :hi AND b.reverse_name_norm LIKE :q AND b.full_name_norm NOT LIKE :q
    LIMIT :cap) x;
