package org.parcoursnumerique.pathway;

import java.time.Clock;
import java.time.LocalDate;

import org.parcoursnumerique.shared.PageContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The pathway's demo contributor: milestones for the fictitious people the demo loader wrote, as
 * their stage and dates say (referred, accepted three days later, diagnosed on the recorded date,
 * then equipment, connection, training, certification, follow-up and end for people further along,
 * early exits with a reason), and the daily counts. Set-based SQL, so any scale runs in constant
 * memory. Dates are never after today. Demo mode only (called by the demo module).
 */
@Component
public class PathwayDemoData {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final DailyCounts counts;

    PathwayDemoData(JdbcClient jdbc, Clock clock, DailyCounts counts) {
        this.jdbc = jdbc;
        this.counts = counts;
        this.clock = clock;
    }

    /** @return the number of milestones written */
    @Transactional
    public int generate() {
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        int n = 0;
        n += jdbc.sql("""
                INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on, source)
                SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, 'REFERRED',
                       CAST(MIN(r.created_at) AS DATE), 'referral:' || CAST(MIN(r.id) AS VARCHAR(20))
                FROM beneficiary_v b JOIN referral_v r ON r.beneficiary_id = b.id
                WHERE NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id)
                GROUP BY b.id, b.programme_id, b.territory_id, b.referring_organisation_id""").update();
        n += jdbc.sql("""
                INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on, source)
                SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, 'ACCEPTED',
                       CAST(MIN(t.occurred_at) AS DATE), 'referral:' || CAST(MIN(r.id) AS VARCHAR(20))
                FROM beneficiary_v b JOIN referral_v r ON r.beneficiary_id = b.id
                JOIN referral_transition_v t ON t.referral_id = r.id AND t.to_status = 'ACCEPTED'
                WHERE NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id AND m.code = 'ACCEPTED')
                GROUP BY b.id, b.programme_id, b.territory_id, b.referring_organisation_id""").update();
        n += jdbc.sql("""
                INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on, source)
                SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, 'DIAGNOSED', b.diagnosed_on,
                       'diagnostic:' || CAST(MIN(d.id) AS VARCHAR(20))
                FROM beneficiary_v b LEFT JOIN diagnostic_v d ON d.beneficiary_id = b.id
                WHERE b.diagnosed_on IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id AND m.code = 'DIAGNOSED')
                GROUP BY b.id, b.programme_id, b.territory_id, b.referring_organisation_id, b.diagnosed_on""")
                .update();
        // After the diagnostic: a share of the people "en parcours" or at the end reaches each stage,
        // chosen by their id, at a few weeks' interval.
        n += later("EQUIPPED", "MOD(b.id, 10) < 7", 20, today);
        n += later("CONNECTED", "MOD(b.id, 10) < 5", 25, today);
        n += later("CONNECTED_6_MONTHS", "MOD(b.id, 10) < 5", 25 + 183, today);
        n += later("ORIENTED", "MOD(b.id, 10) >= 4", 30, today);
        n += later("TRAINING_STARTED", "MOD(b.id, 10) >= 4 AND MOD(b.id, 2) = 0", 45, today);
        n += later("TRAINING_COMPLETED", "MOD(b.id, 10) >= 4 AND MOD(b.id, 2) = 0", 90, today);
        n += later("CERTIFIED", "MOD(b.id, 10) >= 4 AND MOD(b.id, 4) = 0", 100, today);
        n += later("FOLLOW_UP_3_MONTHS", "b.status = 'COMPLETED'", 120, today);
        n += later("FOLLOW_UP_6_MONTHS", "b.status = 'COMPLETED' AND MOD(b.id, 3) = 0", 210, today);
        // Everyone "en parcours" has started a stage after the diagnostic, however recent it was.
        n += jdbc.sql("""
                INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on)
                SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, 'ORIENTED',
                       LEAST(:today, CAST(b.diagnosed_on + INTERVAL '1' DAY AS DATE))
                FROM beneficiary_v b
                WHERE b.status IN ('IN_PATHWAY', 'COMPLETED') AND b.diagnosed_on IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id
                                  AND m.code NOT IN ('REFERRED', 'ACCEPTED', 'DIAGNOSED'))""")
                .param("today", today).update();
        n += jdbc.sql("""
                INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on)
                SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, 'COMPLETED',
                       COALESCE((SELECT MAX(m.reached_on) FROM milestone m WHERE m.beneficiary_id = b.id), :today)
                FROM beneficiary_v b
                WHERE b.status = 'COMPLETED'
                  AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id AND m.code = 'COMPLETED')""")
                .param("today", today).update();
        n += jdbc.sql("""
                INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on)
                SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, 'EXITED',
                       LEAST(:today, CAST(COALESCE((SELECT MAX(m.reached_on) FROM milestone m WHERE m.beneficiary_id = b.id),
                                                   CAST(b.created_at AS DATE)) + INTERVAL '30' DAY AS DATE))
                FROM beneficiary_v b
                WHERE b.status = 'DROPPED_OUT'
                  AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id AND m.code = 'EXITED')""")
                .param("today", today).update();
        jdbc.sql("""
                INSERT INTO early_exit (beneficiary_id, programme_id, territory_id, reason_code, reason_text, exited_on)
                SELECT m.beneficiary_id, m.programme_id, m.territory_id,
                       CASE MOD(m.beneficiary_id, 6) WHEN 0 THEN 'MOVED_AWAY' WHEN 1 THEN 'UNREACHABLE'
                            WHEN 2 THEN 'REFUSES_TO_CONTINUE' WHEN 3 THEN 'JOB_OR_TRAINING_ELSEWHERE'
                            WHEN 4 THEN 'HEALTH' ELSE 'OTHER' END,
                       CASE WHEN MOD(m.beneficiary_id, 6) = 5 THEN 'Garde d’enfant impossible aux horaires proposés' END,
                       m.reached_on
                FROM milestone m
                WHERE m.code = 'EXITED' AND NOT EXISTS (SELECT 1 FROM early_exit e WHERE e.beneficiary_id = m.beneficiary_id)""")
                .update();
        // Written as the migration's backfill is: the timeline shows such an entry by its day only.
        jdbc.sql("""
                INSERT INTO milestone_change (beneficiary_id, code, change, after_on, reason, changed_at)
                SELECT m.beneficiary_id, m.code, 'RECORDED', m.reached_on, 'backfill', CAST(m.reached_on AS TIMESTAMP WITH TIME ZONE)
                FROM milestone m
                WHERE NOT EXISTS (SELECT 1 FROM milestone_change c WHERE c.beneficiary_id = m.beneficiary_id AND c.code = m.code)""")
                .update();
        counts.rebuild();
        return n;
    }

    private int later(String code, String who, int days, LocalDate today) {
        return jdbc.sql("""
                INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on)
                SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, '%s',
                       CAST(b.diagnosed_on + INTERVAL '%d' DAY AS DATE)
                FROM beneficiary_v b
                WHERE b.status IN ('IN_PATHWAY', 'COMPLETED') AND b.diagnosed_on IS NOT NULL AND %s
                  AND CAST(b.diagnosed_on + INTERVAL '%d' DAY AS DATE) <= :today
                  AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id AND m.code = '%s')"""
                        .formatted(code, days, who, days, code))
                .param("today", today).update();
    }
}
