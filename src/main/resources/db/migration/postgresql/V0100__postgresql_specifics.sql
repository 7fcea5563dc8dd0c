-- Prefix search on normalised names (accent- and case-insensitive: normalised by the application).
CREATE INDEX beneficiary_last_name_norm_idx ON beneficiary (last_name_norm varchar_pattern_ops, first_name_norm varchar_pattern_ops);
CREATE INDEX beneficiary_first_name_norm_idx ON beneficiary (first_name_norm varchar_pattern_ops);

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
