-- Names as they are spoken (see docs/decisions/0006-name-search-as-spoken.md): the search keys keep
-- only letters and digits, last name then first name (name_key) and first name then last name
-- (name_key_reverse); name_key_cut is the length of the last name in name_key. Filled for the people
-- already recorded by the Java migration V0121, made mandatory and indexed by V0122.
ALTER TABLE beneficiary ADD COLUMN name_key VARCHAR(201);
ALTER TABLE beneficiary ADD COLUMN name_key_reverse VARCHAR(201);
ALTER TABLE beneficiary ADD COLUMN name_key_cut SMALLINT;
