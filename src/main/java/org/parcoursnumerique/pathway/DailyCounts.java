package org.parcoursnumerique.pathway;

import java.time.LocalDate;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code milestone_daily_count} and its monthly totals {@code milestone_monthly_count} equal to
 * the milestones, in the caller's transaction (ADR 0015, 0017).
 * PostgreSQL adds with {@code INSERT … ON CONFLICT DO UPDATE}, which two transactions may run at once
 * on the same day's row; H2 (the one-instance demo) with a standard {@code MERGE}.
 */
@Component
class DailyCounts {

    private final JdbcClient jdbc;
    private final boolean postgres;

    DailyCounts(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        String product = new JdbcTemplate(dataSource).execute(
                (java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        this.postgres = product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    void add(long programmeId, long territoryId, Milestone code, LocalDate day, int delta) {
        add("milestone_daily_count", "reached_on", programmeId, territoryId, code, day, delta);
        add("milestone_monthly_count", "month_start", programmeId, territoryId, code, day.withDayOfMonth(1), delta);
    }

    /** Adds {@code delta} to the row of one day or one month; the table and column are constants of this class. */
    private void add(String table, String dateColumn, long programmeId, long territoryId, Milestone code,
                     LocalDate date, int delta) {
        if (delta < 0) {
            // The row exists (its milestone was counted); an insert would fail its CHECK first.
            jdbc.sql("""
                    UPDATE %1$s SET people = people + :delta
                    WHERE programme_id = :programme AND territory_id = :territory AND code = :code AND %2$s = :date"""
                    .formatted(table, dateColumn))
                    .param("programme", programmeId).param("territory", territoryId).param("code", code.name())
                    .param("date", date).param("delta", delta).update();
            return;
        }
        String key = table.equals("milestone_daily_count") ? "programme_id, territory_id, code, reached_on"
                : "programme_id, code, territory_id, month_start";
        String sql = postgres ? """
                INSERT INTO %1$s (programme_id, territory_id, code, %2$s, people)
                VALUES (:programme, :territory, :code, :date, :delta)
                ON CONFLICT (%3$s)
                DO UPDATE SET people = %1$s.people + EXCLUDED.people""".formatted(table, dateColumn, key) : """
                MERGE INTO %1$s c
                USING (VALUES (CAST(:programme AS BIGINT), CAST(:territory AS BIGINT), CAST(:code AS VARCHAR(30)),
                               CAST(:date AS DATE), CAST(:delta AS INT))) AS s (programme_id, territory_id, code, d, people)
                ON c.programme_id = s.programme_id AND c.territory_id = s.territory_id AND c.code = s.code
                   AND c.%2$s = s.d
                WHEN MATCHED THEN UPDATE SET people = c.people + s.people
                WHEN NOT MATCHED THEN INSERT (programme_id, territory_id, code, %2$s, people)
                    VALUES (s.programme_id, s.territory_id, s.code, s.d, s.people)""".formatted(table, dateColumn);
        jdbc.sql(sql).param("programme", programmeId).param("territory", territoryId).param("code", code.name())
                .param("date", date).param("delta", delta).update();
    }

    /** Rebuilds both tables from the milestones (the demo data, written set-based, calls it once). */
    void rebuild() {
        jdbc.sql("DELETE FROM milestone_daily_count").update();
        jdbc.sql("""
                INSERT INTO milestone_daily_count (programme_id, territory_id, code, reached_on, people)
                SELECT programme_id, territory_id, code, reached_on, COUNT(*)
                FROM milestone GROUP BY programme_id, territory_id, code, reached_on""").update();
        jdbc.sql("DELETE FROM milestone_monthly_count").update();
        jdbc.sql("""
                INSERT INTO milestone_monthly_count (programme_id, code, territory_id, month_start, people)
                SELECT programme_id, code, territory_id, CAST(DATE_TRUNC('MONTH', reached_on) AS DATE), SUM(people)
                FROM milestone_daily_count
                GROUP BY programme_id, code, territory_id, CAST(DATE_TRUNC('MONTH', reached_on) AS DATE)""").update();
    }
}
