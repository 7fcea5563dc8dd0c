-- The embedded demo database: the search keys mandatory and indexed (see the PostgreSQL version).
ALTER TABLE beneficiary ALTER COLUMN name_key SET NOT NULL;
ALTER TABLE beneficiary ALTER COLUMN name_key_reverse SET NOT NULL;
ALTER TABLE beneficiary ALTER COLUMN name_key_cut SET NOT NULL;
CREATE INDEX beneficiary_name_key_idx ON beneficiary (name_key, id);
CREATE INDEX beneficiary_name_key_reverse_idx ON beneficiary (name_key_reverse);
DROP INDEX beneficiary_full_name_idx;
DROP INDEX beneficiary_reverse_name_idx;
