-- One draft diagnostic per person, whatever two tabs or two mediators do at the same time.
CREATE UNIQUE INDEX diagnostic_one_draft_idx ON diagnostic (beneficiary_id) WHERE status = 'DRAFT';

-- A published referential is immutable: its content, code and version never change (diagnostics
-- point to it), and it is never deleted. Only its status may move on (PUBLISHED → RETIRED).
CREATE FUNCTION diagnostic_referential_published_is_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'DRAFT' THEN
            RAISE EXCEPTION 'published referential % v% cannot be deleted', OLD.code, OLD.version;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'DRAFT' AND (NEW.content <> OLD.content OR NEW.code <> OLD.code OR NEW.version <> OLD.version
            OR NEW.sha256 <> OLD.sha256 OR NEW.status = 'DRAFT') THEN
        RAISE EXCEPTION 'published referential % v% is immutable', OLD.code, OLD.version;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER diagnostic_referential_immutable
    BEFORE UPDATE OR DELETE ON diagnostic_referential
    FOR EACH ROW EXECUTE FUNCTION diagnostic_referential_published_is_immutable();
