-- Adds about 10 milestones per person on top of the demo data (about 10 000 000 at 1 000 000 people),
-- then rebuilds milestone_daily_count and milestone_monthly_count from the milestones, in one transaction: either everything is
-- added or nothing. Run once by bench/indicators.sh (it skips a database that already has rows with
-- source = 'bench'). PostgreSQL only.
--
-- Each person draws u (how far they went) and v (when they started): a milestone is reached when u
-- is under its share, so the funnel narrows step by step like a real programme's; about 5 % left
-- early after the diagnostic. Dates start anywhere from a month before the programme to two months
-- after its end, then each milestone comes some weeks after the previous one, so that some
-- diagnostics fall after the diagnostic deadline and some milestones after the programme's end.
-- Existing milestones (the demo's) are kept: ON CONFLICT DO NOTHING.
-- The milestones' history (milestone_change) and the people's derived stage are not written: the
-- indicators read neither.
BEGIN;
-- Every row is consistent by construction (ids read from beneficiary and programme); foreign-key
-- triggers would double the load time for nothing. Needs a superuser, as the benchmark's postgres.
SET LOCAL session_replication_role = replica;
SELECT setseed(0.20211201);
CREATE TEMP TABLE bench_person ON COMMIT DROP AS
    SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, random() AS u, random() AS v
    FROM beneficiary b ORDER BY b.id;
INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on, source)
SELECT p.id, p.programme_id, p.territory_id, p.referring_organisation_id, k.code,
       g.starts_on - 30 + CAST(floor(p.v * (g.ends_on - g.starts_on + 90)) AS INT) + k.lag, 'bench'
FROM bench_person p
JOIN programme g ON g.id = p.programme_id
JOIN (VALUES ('REFERRED', 1.00, 0), ('ACCEPTED', 0.95, 7), ('DIAGNOSED', 0.90, 30), ('EQUIPPED', 0.80, 60),
             ('CONNECTED', 0.75, 60), ('CONNECTED_6_MONTHS', 0.60, 240), ('ORIENTED', 0.80, 45),
             ('TRAINING_STARTED', 0.70, 75), ('TRAINING_COMPLETED', 0.60, 150), ('CERTIFIED', 0.50, 180),
             ('FOLLOW_UP_3_MONTHS', 0.60, 120), ('FOLLOW_UP_6_MONTHS', 0.50, 210), ('COMPLETED', 0.45, 215),
             ('EXITED', 0.00, 90)) AS k (code, share, lag)
  ON (k.code <> 'EXITED' AND p.u < k.share) OR (k.code = 'EXITED' AND p.u >= 0.85 AND p.u < 0.90)
ON CONFLICT (beneficiary_id, code) DO NOTHING;
-- The daily counts, exactly as Milestones keeps them live: one row per programme, territory, code and day.
DELETE FROM milestone_daily_count;
INSERT INTO milestone_daily_count (programme_id, territory_id, code, reached_on, people)
SELECT programme_id, territory_id, code, reached_on, COUNT(*)
FROM milestone GROUP BY programme_id, territory_id, code, reached_on;
DELETE FROM milestone_monthly_count;
INSERT INTO milestone_monthly_count (programme_id, code, territory_id, month_start, people)
SELECT programme_id, code, territory_id, CAST(DATE_TRUNC('MONTH', reached_on) AS DATE), SUM(people)
FROM milestone_daily_count
GROUP BY programme_id, code, territory_id, CAST(DATE_TRUNC('MONTH', reached_on) AS DATE);
COMMIT;
