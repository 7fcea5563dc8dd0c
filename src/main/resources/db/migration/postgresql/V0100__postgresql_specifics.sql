-- Name search and name order. The normalised names are compared byte by byte (collation "C"), whatever
-- the locale of the database: a plain btree index then serves both the prefix search (LIKE 'abc%' is a
-- range of the index) and ORDER BY full_name_norm, id, which a varchar_pattern_ops index cannot. The
-- INCLUDE columns let the list and its capped count read the index only: the other name (the search
-- tries "last first" and "first last", see BeneficiaryQueries.list) and the territory scope.
ALTER TABLE beneficiary ALTER COLUMN full_name_norm TYPE VARCHAR(201) COLLATE "C",
                        ALTER COLUMN reverse_name_norm TYPE VARCHAR(201) COLLATE "C";
CREATE INDEX beneficiary_full_name_idx ON beneficiary (full_name_norm, id)
    INCLUDE (reverse_name_norm, territory_id);
CREATE INDEX beneficiary_reverse_name_idx ON beneficiary (reverse_name_norm)
    INCLUDE (full_name_norm, id, territory_id);
-- The same for a prescriber, who only sees the people their organisation referred: their search reads
-- their own names, not every name with the same prefix.
CREATE INDEX beneficiary_referrer_full_name_idx ON beneficiary (referring_organisation_id, full_name_norm, id)
    INCLUDE (reverse_name_norm);
CREATE INDEX beneficiary_referrer_reverse_name_idx ON beneficiary (referring_organisation_id, reverse_name_norm)
    INCLUDE (full_name_norm, id);

-- The audit log is append-only, whatever the application code does.
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
