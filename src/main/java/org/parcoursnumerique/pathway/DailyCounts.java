package org.parcoursnumerique.pathway;

import java.time.LocalDate;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code milestone_daily_count} equal to the milestones, in the caller's transaction (ADR 0015).
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
        if (delta < 0) {
            // A withdrawal or a move takes off a milestone counted before: its day's row exists. (PostgreSQL
            // checks people >= 0 on the row INSERT … ON CONFLICT proposes, before it meets the conflict.)
            jdbc.sql("""
                    UPDATE milestone_daily_count SET people = people + :delta
                    WHERE programme_id = :programme AND territory_id = :territory AND code = :code AND reached_on = :day""")
                    .param("programme", programmeId).param("territory", territoryId).param("code", code.name())
                    .param("day", day).param("delta", delta).update();
            return;
        }
        String sql = postgres ? """
                INSERT INTO milestone_daily_count (programme_id, territory_id, code, reached_on, people)
                VALUES (:programme, :territory, :code, :day, :delta)
                ON CONFLICT (programme_id, territory_id, code, reached_on)
                DO UPDATE SET people = milestone_daily_count.people + EXCLUDED.people""" : """
                MERGE INTO milestone_daily_count c
                USING (VALUES (CAST(:programme AS BIGINT), CAST(:territory AS BIGINT), CAST(:code AS VARCHAR(30)),
                               CAST(:day AS DATE), CAST(:delta AS INT))) AS s (programme_id, territory_id, code, reached_on, people)
                ON c.programme_id = s.programme_id AND c.territory_id = s.territory_id AND c.code = s.code
                   AND c.reached_on = s.reached_on
                WHEN MATCHED THEN UPDATE SET people = c.people + s.people
                WHEN NOT MATCHED THEN INSERT (programme_id, territory_id, code, reached_on, people)
                    VALUES (s.programme_id, s.territory_id, s.code, s.reached_on, s.people)""";
        jdbc.sql(sql).param("programme", programmeId).param("territory", territoryId).param("code", code.name())
                .param("day", day).param("delta", delta).update();
    }
}
