package org.parcoursnumerique.notification;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.parcoursnumerique.shared.TimelineEntry.Label;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The messages sent to the person on their timeline: their kind (or subject) and channel, and whether
 * they left, are waiting or were given up — never their body. Sent by the platform.
 */
@Component
class MessageTimeline implements TimelineContributor {

    private record Row(OffsetDateTime createdAt, String channel, String kind, String subject, OffsetDateTime sentAt,
                       OffsetDateTime failedAt) {
    }

    private final JdbcClient jdbc;

    MessageTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        // As on the person's page (MessagesSection): those who contact the person.
        if (!viewer.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR)) {
            return List.of();
        }
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        List<Row> rows = jdbc.sql("""
                SELECT m.created_at, m.channel, m.kind, m.subject, m.sent_at, m.failed_at
                FROM outbox_message m JOIN beneficiary_v b ON b.id = m.beneficiary_id
                WHERE m.beneficiary_id = :id AND %s
                ORDER BY m.created_at DESC, m.id DESC LIMIT :limit""".formatted(scope.predicate("b")))
                .params(params).query(Row.class).list();
        return rows.stream().map(r -> {
            String state = r.sentAt() != null ? "sent" : r.failedAt() != null ? "failed" : "pending";
            Object what = r.kind() != null ? new Label("messageKind." + r.kind())
                    : r.subject() != null ? r.subject() : new Label("timeline.message.noSubject");
            return TimelineEntry.of(r.createdAt(), "message", "timeline.message." + state,
                    TimelineEntry.Actor.platform(), null, what, new Label("timeline.channel." + r.channel()));
        }).toList();
    }
}
