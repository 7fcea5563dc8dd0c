package org.parcoursnumerique.followup;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.parcoursnumerique.shared.TimelineEntry.Actor;
import org.parcoursnumerique.shared.TimelineEntry.Label;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The person's follow-ups on their timeline: planned (for which day), answered (by phone or by the person), cancelled. */
@Component
class FollowUpTimeline implements TimelineContributor {

    private record Row(long id, OffsetDateTime at, Long byUserId, String fromStatus, String toStatus, String note,
                       String stageCode, LocalDate dueOn) {
    }

    private final JdbcClient jdbc;

    FollowUpTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        if (!FollowUpController.mayRead(viewer)) {
            return List.of();
        }
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        return jdbc.sql("""
                SELECT f.id, t.occurred_at AS at, t.by_user_id, t.from_status, t.to_status, t.note, f.stage_code, f.due_on
                FROM follow_up f JOIN follow_up_transition t ON t.follow_up_id = f.id
                WHERE f.beneficiary_id = :id AND %s
                ORDER BY t.occurred_at DESC, t.id DESC LIMIT :limit""".formatted(scope.predicate("f")))
                .params(params).query(Row.class).list().stream()
                .map(r -> {
                    Label stage = new Label("followUp.stage." + r.stageCode());
                    String link = "/follow-ups/" + r.id();
                    if ("ANSWERED".equals(r.toStatus())) {
                        boolean byPerson = "LINK".equals(r.note());
                        return TimelineEntry.of(r.at(), "followup", byPerson ? "timeline.followup.answeredByPerson"
                                        : "timeline.followup.answeredByPhone",
                                byPerson ? Actor.person(null) : Actor.user(r.byUserId()), link, stage);
                    }
                    if ("CANCELLED".equals(r.toStatus())) {
                        return TimelineEntry.of(r.at(), "followup", "timeline.followup.cancelled",
                                Actor.user(r.byUserId()), link, stage);
                    }
                    return TimelineEntry.of(r.at(), "followup", "timeline.followup.planned", Actor.user(r.byUserId()),
                            link, stage, r.dueOn());
                }).toList();
    }
}
