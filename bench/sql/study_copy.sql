-- The same rows as the study export (ADR 0042), written by PostgreSQL itself: the baseline of
-- bench/study.sh. People whose latest EVALUATION_STUDY answer is yes, with one date per milestone;
-- their events (milestones, early exits, recommendations, diagnostic answers, answered follow-ups).
-- Person ids instead of keys and no generalisation: the work left to the application.
\set ON_ERROR_STOP on
CREATE TEMPORARY TABLE study_people AS
SELECT b.id FROM beneficiary b
WHERE EXISTS (SELECT 1 FROM consent c WHERE c.beneficiary_id = b.id AND c.purpose = 'EVALUATION_STUDY' AND c.accepted
              AND NOT EXISTS (SELECT 1 FROM consent n WHERE n.beneficiary_id = c.beneficiary_id
                              AND n.purpose = 'EVALUATION_STUDY'
                              AND (n.recorded_at > c.recorded_at OR (n.recorded_at = c.recorded_at AND n.id > c.id))));
COPY (
    SELECT b.id, t.code, b.commune_insee, b.birth_date, b.eligibility_category, m.*
    FROM beneficiary b JOIN study_people s ON s.id = b.id JOIN territory t ON t.id = b.territory_id
    LEFT JOIN (SELECT beneficiary_id,
                      MAX(CASE WHEN code = 'REFERRED' THEN reached_on END), MAX(CASE WHEN code = 'ACCEPTED' THEN reached_on END),
                      MAX(CASE WHEN code = 'DIAGNOSED' THEN reached_on END), MAX(CASE WHEN code = 'EQUIPPED' THEN reached_on END),
                      MAX(CASE WHEN code = 'CONNECTED' THEN reached_on END), MAX(CASE WHEN code = 'CONNECTED_6_MONTHS' THEN reached_on END),
                      MAX(CASE WHEN code = 'ORIENTED' THEN reached_on END), MAX(CASE WHEN code = 'TRAINING_STARTED' THEN reached_on END),
                      MAX(CASE WHEN code = 'TRAINING_COMPLETED' THEN reached_on END), MAX(CASE WHEN code = 'CERTIFIED' THEN reached_on END),
                      MAX(CASE WHEN code = 'FOLLOW_UP_3_MONTHS' THEN reached_on END), MAX(CASE WHEN code = 'FOLLOW_UP_6_MONTHS' THEN reached_on END),
                      MAX(CASE WHEN code = 'COMPLETED' THEN reached_on END), MAX(CASE WHEN code = 'EXITED' THEN reached_on END)
               FROM milestone GROUP BY beneficiary_id) m ON m.beneficiary_id = b.id
) TO STDOUT WITH (FORMAT csv, HEADER);
COPY (
    SELECT m.beneficiary_id, 'milestone', m.reached_on, '', m.code FROM milestone m JOIN study_people s ON s.id = m.beneficiary_id
    UNION ALL
    SELECT e.beneficiary_id, 'early_exit', e.exited_on, '', e.reason_code FROM early_exit e JOIN study_people s ON s.id = e.beneficiary_id
    UNION ALL
    SELECT d.beneficiary_id, 'recommendation', CAST(d.completed_at AS DATE), r.kind, COALESCE(r.adjusted_value, r.computed_value)
    FROM recommendation r JOIN diagnostic d ON d.id = r.diagnostic_id JOIN study_people s ON s.id = d.beneficiary_id
    WHERE d.status = 'COMPLETED'
    UNION ALL
    SELECT d.beneficiary_id, 'core_answer', CAST(d.completed_at AS DATE), a.question_key, a.answer_value
    FROM diagnostic_answer a JOIN diagnostic d ON d.id = a.diagnostic_id JOIN study_people s ON s.id = d.beneficiary_id
    WHERE d.status = 'COMPLETED'
    UNION ALL
    SELECT f.beneficiary_id, 'follow_up_answer', f.answered_on, f.stage_code, f.core_answers
    FROM follow_up f JOIN study_people s ON s.id = f.beneficiary_id WHERE f.status = 'ANSWERED'
) TO STDOUT WITH (FORMAT csv, HEADER);
