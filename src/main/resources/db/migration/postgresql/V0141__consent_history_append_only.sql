-- Consents are a history: each answer (a withdrawal included) is a new row. An answer is never
-- changed nor deleted; only a merge of duplicates may move a row to the kept record and write down
-- the organisation a sharing answer was given to.
CREATE FUNCTION consent_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'consent is append-only (% refused)', TG_OP;
    END IF;
    IF NEW.id <> OLD.id OR NEW.purpose <> OLD.purpose OR NEW.accepted <> OLD.accepted
       OR NEW.notice_version <> OLD.notice_version OR NEW.recorded_at <> OLD.recorded_at
       OR NEW.recorded_by IS DISTINCT FROM OLD.recorded_by
       OR (OLD.organisation_id IS NOT NULL AND NEW.organisation_id IS DISTINCT FROM OLD.organisation_id) THEN
        RAISE EXCEPTION 'consent is append-only (an answer cannot be changed)';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consent_no_change_or_delete
    BEFORE UPDATE OR DELETE ON consent
    FOR EACH ROW EXECUTE FUNCTION consent_is_append_only();

CREATE TRIGGER consent_no_truncate
    BEFORE TRUNCATE ON consent
    FOR EACH STATEMENT EXECUTE FUNCTION consent_is_append_only();
