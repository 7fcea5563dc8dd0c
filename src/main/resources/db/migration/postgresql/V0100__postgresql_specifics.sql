-- Prefix search on normalised names (accent- and case-insensitive: normalised by the application).
CREATE INDEX beneficiary_full_name_idx ON beneficiary (full_name_norm varchar_pattern_ops, id);
CREATE INDEX beneficiary_reverse_name_idx ON beneficiary (reverse_name_norm varchar_pattern_ops);
-- Sorting by name (the pattern_ops index above does not serve ORDER BY).
CREATE INDEX beneficiary_name_order_idx ON beneficiary (full_name_norm, id);

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
