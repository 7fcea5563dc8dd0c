-- Consent to send the diagnostic's result is given to one referring organisation, not to whoever
-- refers the person later: a merge of duplicates must never extend it to another organisation.
-- Other purposes (SMS, study, processing) concern the person only and keep organisation_id NULL.
ALTER TABLE consent ADD COLUMN organisation_id BIGINT REFERENCES organisation (id);

-- Existing answers: the referral recorded in the same statement as the answer (same timestamp, on
-- the record the referral now belongs to, merged or not) names the organisation; failing that, the
-- organisation that referred the record.
UPDATE consent SET organisation_id = COALESCE(
        (SELECT r.referring_organisation_id FROM referral r
         WHERE r.beneficiary_id = consent.beneficiary_id AND r.created_at = consent.recorded_at
         ORDER BY r.id LIMIT 1),
        (SELECT b.referring_organisation_id FROM beneficiary b WHERE b.id = consent.beneficiary_id))
WHERE purpose = 'SHARE_WITH_PRESCRIBER';

CREATE INDEX consent_purpose_idx ON consent (beneficiary_id, purpose, organisation_id, recorded_at);
