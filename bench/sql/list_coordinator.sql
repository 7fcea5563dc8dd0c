-- The two statements BeneficiaryQueries.list() runs for this scenario (page, then capped count), verbatim.
SELECT b.id, b.last_name, b.first_name, b.birth_date, c.name AS commune_name,
       b.eligibility_category, b.status, t.code AS territory_code, o.name AS referrer_name, b.created_at
FROM (SELECT b.id FROM beneficiary b WHERE b.territory_id = :scopeId ORDER BY b.created_at DESC, b.id DESC LIMIT :limit OFFSET :offset) p
JOIN beneficiary b ON b.id = p.id
JOIN commune c ON c.insee_code = b.commune_insee
JOIN territory t ON t.id = b.territory_id
JOIN organisation o ON o.id = b.referring_organisation_id
ORDER BY b.created_at DESC, b.id DESC;
SELECT COUNT(*) FROM (SELECT 1 FROM beneficiary b WHERE b.territory_id = :scopeId LIMIT :cap) x;
