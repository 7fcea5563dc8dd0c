-- The month's total of milestone_daily_count, kept in the same transaction (ADR 0017, amended): the
-- indicators add the whole months of the period from here and only the days of the months where the
-- period starts or ends from the daily counts, so a live request reads a few hundred rows instead of
-- one per day since the programme began. The primary key starts with the code: a request for five
-- codes reads five ranges.
CREATE TABLE milestone_monthly_count (
    programme_id  BIGINT      NOT NULL REFERENCES programme (id),
    code          VARCHAR(30) NOT NULL REFERENCES milestone_kind (code),
    territory_id  BIGINT      NOT NULL REFERENCES territory (id),
    month_start   DATE        NOT NULL,
    people        INT         NOT NULL CHECK (people >= 0),
    PRIMARY KEY (programme_id, code, territory_id, month_start)
);

INSERT INTO milestone_monthly_count (programme_id, code, territory_id, month_start, people)
SELECT programme_id, code, territory_id, CAST(DATE_TRUNC('MONTH', reached_on) AS DATE), SUM(people)
FROM milestone_daily_count
GROUP BY programme_id, code, territory_id, CAST(DATE_TRUNC('MONTH', reached_on) AS DATE);

-- The days of one code in one month, for the months where a period starts or ends.
CREATE INDEX milestone_daily_count_code_idx ON milestone_daily_count (programme_id, code, reached_on, territory_id);
