-- The search keys, compared byte by byte (collation "C") as the names before them (V0100): a plain
-- btree serves both the prefix (a range of the index) and ORDER BY name_key, id. The INCLUDE columns
-- let the search and its capped count read the index only: the other key and the cut (the rule on
-- where a search may pass from one name to the other) and the territory scope.
ALTER TABLE beneficiary ALTER COLUMN name_key TYPE VARCHAR(201) COLLATE "C",
                        ALTER COLUMN name_key_reverse TYPE VARCHAR(201) COLLATE "C",
                        ALTER COLUMN name_key SET NOT NULL,
                        ALTER COLUMN name_key_reverse SET NOT NULL,
                        ALTER COLUMN name_key_cut SET NOT NULL;
CREATE INDEX beneficiary_name_key_idx ON beneficiary (name_key, id)
    INCLUDE (name_key_reverse, name_key_cut, territory_id);
CREATE INDEX beneficiary_name_key_reverse_idx ON beneficiary (name_key_reverse)
    INCLUDE (name_key, name_key_cut, id, territory_id);
-- A prescriber only sees the people their organisation referred: their search reads their own names.
CREATE INDEX beneficiary_referrer_name_key_idx ON beneficiary (referring_organisation_id, name_key, id)
    INCLUDE (name_key_reverse, name_key_cut);
CREATE INDEX beneficiary_referrer_name_key_reverse_idx ON beneficiary (referring_organisation_id, name_key_reverse)
    INCLUDE (name_key, name_key_cut, id);
-- The search and the name order no longer read the accent-free names with spaces (kept for display
-- order elsewhere and for the identity index of V0005): their four search indexes go.
DROP INDEX beneficiary_full_name_idx;
DROP INDEX beneficiary_reverse_name_idx;
DROP INDEX beneficiary_referrer_full_name_idx;
DROP INDEX beneficiary_referrer_reverse_name_idx;
