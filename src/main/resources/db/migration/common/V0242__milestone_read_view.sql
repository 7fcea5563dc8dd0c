-- Published read view (ADR 0025).
-- owner: pathway — the milestones each person reached (the stages' demo data and lists join them)
CREATE VIEW milestone_v AS SELECT beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on, source FROM milestone;
