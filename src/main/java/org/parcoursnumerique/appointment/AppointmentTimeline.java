package org.parcoursnumerique.appointment;

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
 * The person's appointments on their timeline, from {@code appointment_transition} in one query:
 * scheduled (and to which date), moved (to which date), came, did not come, excused, cancelled, and
 * appointments recorded after the fact.
 */
@Component
class AppointmentTimeline implements TimelineContributor {

    private record Row(OffsetDateTime at, Long byUserId, String fromStatus, String toStatus, OffsetDateTime startsAt,
                       Long reinvitedFromId) {
    }

    private final JdbcClient jdbc;

    AppointmentTimeline(JdbcClient jdbc) {
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
        // A scheduling step keeps the date it set (a later move changes the appointment's); an outcome
        // concerns the appointment's date, which no longer moves once it is recorded.
        List<Row> rows = jdbc.sql("""
                SELECT t.occurred_at AS at, t.by_user_id, t.from_status, t.to_status,
                       CASE WHEN t.to_status = 'SCHEDULED' THEN t.starts_at ELSE a.starts_at END AS starts_at,
                       a.reinvited_from_id
                FROM appointment a JOIN appointment_transition t ON t.appointment_id = a.id
                WHERE a.beneficiary_id = :id AND %s
                ORDER BY t.occurred_at DESC, t.id DESC LIMIT :limit""".formatted(scope.predicate("a")))
                .params(params).query(Row.class).list();
        return rows.stream().map(AppointmentTimeline::entry).toList();
    }

    private static TimelineEntry entry(Row r) {
        Actor by = Actor.user(r.byUserId());
        String key;
        if ("SCHEDULED".equals(r.toStatus())) {
            key = r.fromStatus() == null ? (r.reinvitedFromId() != null ? "timeline.appointment.reinvited"
                    : "timeline.appointment.scheduled") : "timeline.appointment.moved";
            if (r.startsAt() == null) {
                return TimelineEntry.of(r.at(), "appointment", key + "Undated", by, null);
            }
        } else if (r.fromStatus() == null) {
            key = "timeline.appointment.recorded";
        } else {
            key = "timeline.appointment." + r.toStatus();
        }
        return TimelineEntry.of(r.at(), "appointment", key, by, null, r.startsAt());
    }
}
