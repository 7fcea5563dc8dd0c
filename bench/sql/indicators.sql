-- The statements GET /api/v1/indicators runs for one request of the département's token, verbatim
-- (ApiTokens.authenticate, Programmes.defaultProgramme/indicators/budgets/targets, Indicators.VALUES_SQL
-- with the département's scope "1 = 1"); the five codes come from the indicator table. Keep in step.
SELECT t.organisation_id, t.id, t.name, o.kind, o.territory_id, t.last_used_at
FROM api_token t JOIN organisation o ON o.id = t.organisation_id
WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND o.active
  AND o.kind IN ('PRESCRIBER', 'DEPARTEMENT', 'EPT', 'CONSORTIUM');
SELECT id, code, name, starts_on, ends_on, diagnostic_deadline, budget_total_cents
FROM programme ORDER BY is_default DESC, id LIMIT 1;
SELECT code FROM indicator ORDER BY position;
SELECT t.id AS territory_id, t.code, t.name, pt.budget_cents
FROM programme_territory pt JOIN territory t ON t.id = pt.territory_id
WHERE pt.programme_id = :programme ORDER BY t.code;
SELECT pt.territory_id, pt.indicator_code, pt.target_value
FROM programme_target pt JOIN indicator i ON i.code = pt.indicator_code
WHERE pt.programme_id = :programme ORDER BY pt.territory_id, i.position;
SELECT x.territory_id, x.code, SUM(x.in_period) AS in_period, SUM(x.after_deadline) AS after_deadline
FROM (
    SELECT m.territory_id, m.code,
           SUM(CASE WHEN m.month_start < CASE WHEN m.code = 'DIAGNOSED' THEN CAST(:deadlineMonth AS DATE) ELSE CAST(:endMonth AS DATE) END
                    THEN m.people ELSE 0 END) AS in_period,
           SUM(CASE WHEN m.month_start > CASE WHEN m.code = 'DIAGNOSED' THEN CAST(:deadlineMonth AS DATE) ELSE CAST(:endMonth AS DATE) END
                    THEN m.people ELSE 0 END) AS after_deadline
    FROM milestone_monthly_count m
    WHERE m.programme_id = :programme AND m.code IN ('DIAGNOSED', 'EQUIPPED', 'CONNECTED_6_MONTHS', 'ORIENTED', 'CERTIFIED') AND m.month_start > CAST(:startMonth AS DATE) AND 1 = 1
    GROUP BY m.territory_id, m.code
    UNION ALL
    SELECT d.territory_id, d.code,
           SUM(CASE WHEN d.reached_on >= CAST(:startsOn AS DATE)
                     AND d.reached_on <= CASE WHEN d.code = 'DIAGNOSED' THEN CAST(:deadline AS DATE) ELSE CAST(:endsOn AS DATE) END
                    THEN d.people ELSE 0 END) AS in_period,
           SUM(CASE WHEN d.reached_on > CASE WHEN d.code = 'DIAGNOSED' THEN CAST(:deadline AS DATE) ELSE CAST(:endsOn AS DATE) END
                    THEN d.people ELSE 0 END) AS after_deadline
    FROM milestone_daily_count d
    WHERE d.programme_id = :programme AND 1 = 1 AND (
          (d.code IN ('DIAGNOSED', 'EQUIPPED', 'CONNECTED_6_MONTHS', 'ORIENTED', 'CERTIFIED') AND d.reached_on >= CAST(:startMonth AS DATE) AND d.reached_on < CAST(:startMonthNext AS DATE))
       OR (d.code = 'DIAGNOSED' AND 'DIAGNOSED' IN ('DIAGNOSED', 'EQUIPPED', 'CONNECTED_6_MONTHS', 'ORIENTED', 'CERTIFIED') AND CAST(:deadlineMonth AS DATE) <> CAST(:startMonth AS DATE)
           AND d.reached_on >= CAST(:deadlineMonth AS DATE) AND d.reached_on < CAST(:deadlineMonthNext AS DATE))
       OR (d.code IN ('DIAGNOSED', 'EQUIPPED', 'CONNECTED_6_MONTHS', 'ORIENTED', 'CERTIFIED') AND d.code <> 'DIAGNOSED' AND CAST(:endMonth AS DATE) <> CAST(:startMonth AS DATE)
           AND d.reached_on >= CAST(:endMonth AS DATE) AND d.reached_on < CAST(:endMonthNext AS DATE)))
    GROUP BY d.territory_id, d.code
) x
GROUP BY x.territory_id, x.code;
