package org.parcoursnumerique.certification;

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

/** The person's certifications on their timeline, from {@code certification_transition}: registered, result, corrected, cancelled. */
@Component
class CertificationTimeline implements TimelineContributor {

    private record Row(long id, OffsetDateTime at, Long byUserId, String fromStatus, String toStatus, String kindName) {
    }

    private final JdbcClient jdbc;

    CertificationTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        if (!Certifications.mayRead(viewer)) {
            return List.of();
        }
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        return jdbc.sql("""
                SELECT r.id, t.occurred_at AS at, t.by_user_id, t.from_status, t.to_status, k.name AS kind_name
                FROM certification_registration r
                JOIN certification_transition t ON t.registration_id = r.id
                JOIN certification_kind k ON k.code = r.kind_code
                WHERE r.beneficiary_id = :id AND %s
                ORDER BY t.occurred_at DESC, t.id DESC LIMIT :limit""".formatted(scope.predicate("r")))
                .params(params).query(Row.class).list().stream()
                .map(r -> {
                    String key = r.fromStatus() == null ? "timeline.certification.registered"
                            : "REGISTERED".equals(r.fromStatus()) ? "timeline.certification." + r.toStatus()
                            : "timeline.certification.corrected";
                    return TimelineEntry.of(r.at(), "certification", key, Actor.user(r.byUserId()),
                            "/certifications/" + r.id(), r.kindName(), new Label("certification.status." + r.toStatus()));
                }).toList();
    }
}
