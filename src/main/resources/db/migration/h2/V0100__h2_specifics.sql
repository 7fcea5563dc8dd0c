-- The embedded demo database: plain indexes for the name search (no operator classes on H2).
CREATE INDEX beneficiary_last_name_norm_idx ON beneficiary (last_name_norm, first_name_norm);
CREATE INDEX beneficiary_first_name_norm_idx ON beneficiary (first_name_norm);
