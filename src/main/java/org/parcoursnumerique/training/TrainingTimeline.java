package org.parcoursnumerique.training;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.parcoursnumerique.shared.TimelineEntry.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's training orientations on their timeline, from {@code training_transition} in one
 * query: proposed, chosen (expected on), started, completed, dropped out, did not show up, not
 * chosen, and corrections. The offer's name is public; no free text is shown.
 */
@Component
class TrainingTimeline implements TimelineContributor {

    private record Row(OffsetDateTime at, Long byUserId, String fromStatus, String toStatus, LocalDate onDate,
                       String offerName, long beneficiaryId) {
    }

    private final JdbcClient jdbc;

    TrainingTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        if (!viewer.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR)) {
            return List.of();
        }
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        List<Row> rows = jdbc.sql("""
                SELECT t.occurred_at AS at, t.by_user_id, t.from_status, t.to_status, t.on_date, f.name AS offer_name,
                       o.beneficiary_id
                FROM training_orientation o JOIN training_transition t ON t.orientation_id = o.id
                JOIN training_offer f ON f.id = o.offer_id
                WHERE o.beneficiary_id = :id AND %s
                ORDER BY t.occurred_at DESC, t.id DESC LIMIT :limit""".formatted(scope.predicate("o")))
                .params(params).query(Row.class).list();
        return rows.stream().map(TrainingTimeline::entry).toList();
    }

    private static TimelineEntry entry(Row r) {
        String link = "/beneficiaries/" + r.beneficiaryId() + "/training";
        String key;
        if (r.fromStatus() == null) {
            key = "timeline.training.PROPOSED";
        } else if (r.fromStatus().equals(r.toStatus())) {
            key = "timeline.training.corrected." + r.toStatus();
        } else if (isUndo(r.fromStatus(), r.toStatus())) {
            key = "timeline.training.undone." + r.fromStatus();
        } else {
            key = "timeline.training." + r.toStatus();
        }
        Object on = r.onDate();
        return on == null ? TimelineEntry.of(r.at(), "training", key + "Undated", Actor.user(r.byUserId()), link, r.offerName())
                : TimelineEntry.of(r.at(), "training", key, Actor.user(r.byUserId()), link, r.offerName(), on);
    }

    private static boolean isUndo(String from, String to) {
        return (from.equals("COMPLETED") && to.equals("STARTED")) || (from.equals("STARTED") && to.equals("REGISTERED"));
    }
}
