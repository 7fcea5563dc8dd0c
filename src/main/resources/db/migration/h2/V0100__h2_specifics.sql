-- The embedded demo database: plain indexes for the name search (no operator classes on H2).
CREATE INDEX beneficiary_full_name_idx ON beneficiary (full_name_norm, id);
CREATE INDEX beneficiary_reverse_name_idx ON beneficiary (reverse_name_norm);
