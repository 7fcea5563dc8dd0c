package org.parcoursnumerique.followup;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.parcoursnumerique.diagnostic.CommonCore;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.shared.DemoContributor;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo follow-ups (ADR 0024, order 500): an answered follow-up for each person who has
 * {@code FOLLOW_UP_3_MONTHS} or {@code FOLLOW_UP_6_MONTHS} (on that day, by phone or through their
 * link; the milestone then names it), and for the people whose accompaniment ended without them,
 * the follow-ups still waiting — some overdue, reminded, "à appeler" as the daily job would have left
 * them. Paged through {@link Milestones#reachedBy}, written in batches: constant memory at any scale.
 * The common core is answered again (a little better than at the diagnostic) for the first
 * {@link #WITH_CORE} people of each stage; the others have the situation only, to keep the load short.
 */
@Component
class FollowUpDemoData implements DemoContributor {

    static final int BATCH = 1000;
    static final int WITH_CORE = 3000;
    private static final String[] DEVICES = {"WORKS", "WORKS", "WORKS", "BROKEN", "NONE"};
    private static final String[] CONNECTIONS = {"HOME", "MOBILE", "HOME", "PUBLIC_PLACE", "NONE"};
    private static final String[] SINCES = {"NONE", "TRAINING", "JOB", "BOTH", "NONE", "TRAINING"};

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Milestones milestones;
    private final CommonCore core;
    private final JsonMapper json;
    private final TransactionTemplate tx;

    FollowUpDemoData(JdbcClient jdbc, NamedParameterJdbcTemplate named, Milestones milestones, CommonCore core,
                     JsonMapper json, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.named = named;
        this.milestones = milestones;
        this.core = core;
        this.json = json;
        this.tx = tx;
    }

    @Override
    public int getOrder() {
        return 500;
    }

    @Override
    public String contribute(Context context) {
        int answered = answered(Milestone.FOLLOW_UP_3_MONTHS, "M3") + answered(Milestone.FOLLOW_UP_6_MONTHS, "M6");
        int closed = closeSome(context.today());
        int pending = 0;
        long after = 0;
        while (true) {
            var batch = milestones.reachedBy(Milestone.COMPLETED, after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).beneficiaryId();
            pending += pending(batch, context.today());
        }
        return answered + " answered and " + pending + " waiting follow-ups, " + closed + " accompaniments closed";
    }

    private int answered(Milestone milestone, String stage) {
        int n = 0;
        long after = 0;
        while (true) {
            var batch = milestones.reachedBy(milestone, after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).beneficiaryId();
            int done = n;
            Integer written = tx.execute(status -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                int i = done;
                for (var p : batch) {
                    long id = p.beneficiaryId();
                    Map<String, Object> row = new HashMap<>();
                    row.put("person", id);
                    row.put("programme", p.programmeId());
                    row.put("territory", p.territoryId());
                    row.put("stage", stage);
                    row.put("milestone", milestone.name());
                    row.put("on", p.reachedOn());
                    row.put("channel", id % 3 == 0 ? "LINK" : "PHONE");
                    row.put("device", DEVICES[(int) (id % DEVICES.length)]);
                    row.put("connection", CONNECTIONS[(int) (id % CONNECTIONS.length)]);
                    row.put("since", SINCES[(int) (id % SINCES.length)]);
                    row.put("created", p.reachedOn().minusDays(10).atTime(9, 30).atZone(PageContext.ZONE).toOffsetDateTime());
                    Long referential = null;
                    String answers = null;
                    if (i++ < WITH_CORE) {
                        referential = core.referentialOf(id).orElse(null);
                        if (referential != null) {
                            answers = json.writeValueAsString(better(core.diagnosticAnswers(id)));
                        }
                    }
                    row.put("referential", referential);
                    row.put("answers", answers);
                    rows.add(row);
                }
                named.batchUpdate("""
                        INSERT INTO follow_up (beneficiary_id, programme_id, territory_id, referring_organisation_id, stage_code,
                            milestone, due_on, status, referential_id, answered_on, channel, core_answers, device, connection,
                            since, invited_at, created_at)
                        SELECT b.id, :programme, :territory, b.referring_organisation_id, :stage, :milestone, :on, 'ANSWERED',
                               :referential, :on, :channel, :answers, :device, :connection, :since, :created, :created
                        FROM beneficiary_v b WHERE b.id = :person
                          AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.beneficiary_id = b.id AND f.stage_code = :stage)""",
                        rows.toArray(Map[]::new));
                List<Long> ids = batch.stream().map(Milestones.PersonAt::beneficiaryId).toList();
                transitions(ids, stage);
                jdbc.sql("SELECT beneficiary_id, id FROM follow_up WHERE beneficiary_id IN (:ids) AND stage_code = :stage")
                        .param("ids", ids).param("stage", stage)
                        .query((rs, k) -> new long[] {rs.getLong(1), rs.getLong(2)}).list()
                        .forEach(r -> milestones.attributeSource(r[0], milestone, "followup:" + r[1]));
                return batch.size();
            });
            n += written == null ? 0 : written;
        }
        return n;
    }

    /**
     * Closes the accompaniment of one person in three among those diagnosed more than five months
     * ago and still in their pathway, a week after their latest milestone when that was more than
     * 104 days ago, through {@link Milestones#reach}: their 3-month follow-up is then overdue and
     * on the list "à appeler".
     */
    private int closeSome(LocalDate today) {
        int n = 0;
        long after = 0;
        while (true) {
            var batch = milestones.reachedBy(Milestone.DIAGNOSED, after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).beneficiaryId();
            var candidates = batch.stream().filter(p -> p.beneficiaryId() % 3 == 1
                    && !p.reachedOn().isAfter(today.minusDays(150))).toList();
            Integer done = tx.execute(status -> {
                int k = 0;
                for (var p : candidates) {
                    var reached = milestones.of(p.beneficiaryId());
                    var codes = reached.stream().map(m -> m.code()).toList();
                    LocalDate last = reached.stream().map(m -> m.reachedOn()).max(LocalDate::compareTo).orElse(p.reachedOn());
                    LocalDate end = last.plusDays(7);
                    if (codes.contains(Milestone.COMPLETED) || codes.contains(Milestone.EXITED)
                            || codes.stream().noneMatch(Milestone::afterDiagnostic)
                            || end.isAfter(today.minusDays(104))) {
                        continue;
                    }
                    if (milestones.reach(p.beneficiaryId(), Milestone.COMPLETED, end, null, "followup:close")) {
                        k++;
                    }
                }
                return k;
            });
            n += done == null ? 0 : done;
        }
        return n;
    }

    /** The follow-ups still waiting after the end, as the daily job leaves them by today. */
    private int pending(List<Milestones.PersonAt> batch, LocalDate today) {
        Integer written = tx.execute(status -> {
            // The demo's milestones put the 3-month follow-up before the recorded end: the 6-month one
            // then comes 3 months after it, as the schedule's interval between the two says.
            Map<Long, LocalDate> threeMonths = new HashMap<>();
            jdbc.sql("""
                    SELECT beneficiary_id, answered_on FROM follow_up
                    WHERE beneficiary_id IN (:ids) AND stage_code = 'M3' AND status = 'ANSWERED'""")
                    .param("ids", batch.stream().map(Milestones.PersonAt::beneficiaryId).toList())
                    .query((rs, k) -> threeMonths.put(rs.getLong(1), rs.getObject(2, LocalDate.class))).list();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (var p : batch) {
                for (String stage : List.of("M3", "M6")) {
                    LocalDate answered = threeMonths.get(p.beneficiaryId());
                    LocalDate due = "M3".equals(stage) ? p.reachedOn().plusMonths(3)
                            : answered != null ? answered.plusMonths(3) : p.reachedOn().plusMonths(6);
                    Map<String, Object> row = new HashMap<>();
                    row.put("person", p.beneficiaryId());
                    row.put("programme", p.programmeId());
                    row.put("territory", p.territoryId());
                    row.put("stage", stage);
                    row.put("milestone", "M3".equals(stage) ? "FOLLOW_UP_3_MONTHS" : "FOLLOW_UP_6_MONTHS");
                    row.put("due", due);
                    row.put("invited", at(due, today, 0));
                    row.put("reminded", at(due, today, 7));
                    row.put("toCall", at(due, today, 14));
                    row.put("created", p.reachedOn().atTime(17, 0).atZone(PageContext.ZONE).toOffsetDateTime());
                    rows.add(row);
                }
            }
            int[] n = named.batchUpdate("""
                    INSERT INTO follow_up (beneficiary_id, programme_id, territory_id, referring_organisation_id, stage_code,
                        milestone, due_on, status, invited_at, reminded_at, to_call_at, created_at)
                    SELECT b.id, :programme, :territory, b.referring_organisation_id, :stage, :milestone, :due, 'PENDING',
                           :invited, :reminded, :toCall, :created
                    FROM beneficiary_v b WHERE b.id = :person
                      AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.beneficiary_id = b.id AND f.stage_code = :stage)""",
                    rows.toArray(Map[]::new));
            List<Long> ids = batch.stream().map(Milestones.PersonAt::beneficiaryId).toList();
            transitions(ids, "M3");
            transitions(ids, "M6");
            int total = 0;
            for (int x : n) {
                total += Math.max(x, 0);
            }
            return total;
        });
        return written == null ? 0 : written;
    }

    private void transitions(List<Long> ids, String stage) {
        jdbc.sql("""
                INSERT INTO follow_up_transition (follow_up_id, from_status, to_status, occurred_at)
                SELECT f.id, NULL, 'PENDING', f.created_at FROM follow_up f
                WHERE f.beneficiary_id IN (:ids) AND f.stage_code = :stage
                  AND NOT EXISTS (SELECT 1 FROM follow_up_transition t WHERE t.follow_up_id = f.id)""")
                .param("ids", ids).param("stage", stage).update();
        jdbc.sql("""
                INSERT INTO follow_up_transition (follow_up_id, from_status, to_status, occurred_at, note)
                SELECT f.id, 'PENDING', 'ANSWERED', CAST(f.answered_on AS TIMESTAMP WITH TIME ZONE), f.channel FROM follow_up f
                WHERE f.beneficiary_id IN (:ids) AND f.stage_code = :stage AND f.status = 'ANSWERED'
                  AND NOT EXISTS (SELECT 1 FROM follow_up_transition t WHERE t.follow_up_id = f.id AND t.to_status = 'ANSWERED')""")
                .param("ids", ids).param("stage", stage).update();
    }

    /** When the daily job did this step ({@code days} after the due day), or null if not yet by today. */
    private static OffsetDateTime at(LocalDate due, LocalDate today, int days) {
        LocalDate day = due.plusDays(days);
        return day.isAfter(today) ? null : day.atTime(9, 30).atZone(PageContext.ZONE).toOffsetDateTime();
    }

    /** The diagnostic's answers, each self-assessment a point higher (up to 4): people progressed. */
    private static Map<String, List<String>> better(Map<String, List<String>> before) {
        Map<String, List<String>> after = new LinkedHashMap<>();
        before.forEach((k, v) -> {
            if (k.startsWith("pix_") && v.size() == 1 && v.get(0).matches("[0-3]")) {
                after.put(k, List.of(String.valueOf(Integer.parseInt(v.get(0)) + 1)));
            } else {
                after.put(k, v);
            }
        });
        return after;
    }
}
