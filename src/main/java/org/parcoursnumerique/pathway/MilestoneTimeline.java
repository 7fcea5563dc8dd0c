package org.parcoursnumerique.pathway;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.parcoursnumerique.shared.TimelineEntry.Actor;
import org.parcoursnumerique.shared.TimelineEntry.Label;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's milestones on their timeline, from {@code milestone_change} in one query: reached (on
 * which date), date corrected, withdrawn; an early exit (the EXITED milestone) with its reason's
 * label when the change names one of {@code exit_reason} (EarlyExits writes the code, then the
 * person's words after a colon, which are not shown), and its undoing. History carried over when
 * the milestones were introduced has no time of its own: it is shown on the milestone's day.
 */
@Component
class MilestoneTimeline implements TimelineContributor {

    static final String BACKFILL = "backfill";

    private record Row(String code, String change, LocalDate beforeOn, LocalDate afterOn, String reason,
                       OffsetDateTime changedAt, Long changedBy, String exitReason) {
    }

    private final JdbcClient jdbc;

    MilestoneTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        // Carried-over rows sort on the milestone's day, not on the day of the migration that wrote them.
        List<Row> rows = jdbc.sql("""
                SELECT c.code, c.change, c.before_on, c.after_on, c.reason, c.changed_at, c.changed_by,
                       x.code AS exit_reason
                FROM milestone_change c JOIN beneficiary_v b ON b.id = c.beneficiary_id
                LEFT JOIN exit_reason x ON c.code = 'EXITED' AND (c.reason = x.code OR c.reason LIKE CONCAT(x.code, ':%%'))
                WHERE c.beneficiary_id = :id AND %s
                ORDER BY c.id DESC LIMIT :limit""".formatted(scope.predicate("b")))
                .params(params).query(Row.class).list();
        return rows.stream().map(MilestoneTimeline::entry).toList();
    }

    private static TimelineEntry entry(Row r) {
        Label milestone = new Label("milestone." + r.code());
        boolean exit = Milestone.EXITED.name().equals(r.code());
        Actor by = Actor.user(r.changedBy());
        if (BACKFILL.equals(r.reason()) && r.afterOn() != null) {
            OffsetDateTime day = r.afterOn().atStartOfDay(PageContext.ZONE).toOffsetDateTime();
            return new TimelineEntry(day, true, "pathway", exit ? "timeline.pathway.exited" : "timeline.pathway.reached",
                    exit ? List.<Object>of() : List.<Object>of(milestone), by, null);
        }
        return switch (MilestoneChange.Kind.valueOf(r.change())) {
            case RECORDED -> exit
                    ? (r.exitReason() != null
                        ? TimelineEntry.of(r.changedAt(), "pathway", "timeline.pathway.exitedBecause", by, null,
                                new Label("exit.reason." + r.exitReason()))
                        : TimelineEntry.of(r.changedAt(), "pathway", "timeline.pathway.exited", by, null))
                    : TimelineEntry.of(r.changedAt(), "pathway", "timeline.pathway.reachedOn", by, null, milestone,
                        r.afterOn());
            case MOVED -> TimelineEntry.of(r.changedAt(), "pathway", "timeline.pathway.moved", by, null, milestone,
                    r.beforeOn(), r.afterOn());
            case WITHDRAWN -> exit
                    ? TimelineEntry.of(r.changedAt(), "pathway", "timeline.pathway.exitUndone", by, null)
                    : TimelineEntry.of(r.changedAt(), "pathway", "timeline.pathway.withdrawn", by, null, milestone);
        };
    }
}
