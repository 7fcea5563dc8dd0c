package org.parcoursnumerique.diagnostic;

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
 * The person's diagnostics on their timeline, in one query: started, completed, each correction and
 * each adjustment of a recommendation (which kind; the reasons stay on the diagnostic's page, which
 * each entry links to). The diagnostic keeps one mediator, the one who completed it (or is capturing
 * it): both its start and its completion are told as theirs.
 */
@Component
class DiagnosticTimeline implements TimelineContributor {

    private record Row(String what, OffsetDateTime at, Long byUserId, long diagnosticId, String kind, String status) {
    }

    private final JdbcClient jdbc;

    DiagnosticTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        // Those who open diagnostics (their page is theirs only).
        if (!viewer.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR)) {
            return List.of();
        }
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        String inScope = scope.predicate("d");
        List<Row> rows = jdbc.sql("""
                SELECT * FROM (
                    SELECT 'STARTED' AS what, d.started_at AS at, d.mediator_id AS by_user_id, d.id AS diagnostic_id,
                           CAST(NULL AS VARCHAR(20)) AS kind, d.status
                    FROM diagnostic d WHERE d.beneficiary_id = :id AND %1$s
                    UNION ALL
                    SELECT 'COMPLETED', d.completed_at, d.mediator_id, d.id, NULL, d.status
                    FROM diagnostic d WHERE d.beneficiary_id = :id AND d.completed_at IS NOT NULL AND %1$s
                    UNION ALL
                    SELECT 'CORRECTED', c.corrected_at, c.corrected_by, d.id, NULL, d.status
                    FROM diagnostic d JOIN diagnostic_correction c ON c.diagnostic_id = d.id
                    WHERE d.beneficiary_id = :id AND %1$s
                    UNION ALL
                    SELECT 'ADJUSTED', j.adjusted_at, j.adjusted_by, d.id, j.kind, d.status
                    FROM diagnostic d JOIN recommendation_adjustment j ON j.diagnostic_id = d.id
                    WHERE d.beneficiary_id = :id AND %1$s
                ) e ORDER BY e.at DESC LIMIT :limit""".formatted(inScope))
                .params(params).query(Row.class).list();
        return rows.stream().map(r -> {
            // A draft is resumed from the diagnostic section, at its step; a completed one has its result page.
            String link = "COMPLETED".equals(r.status()) ? "/diagnostics/" + r.diagnosticId() : null;
            Actor by = Actor.user(r.byUserId());
            return switch (r.what()) {
                case "ADJUSTED" -> TimelineEntry.of(r.at(), "diagnostic", "timeline.diagnostic.adjusted", by, link,
                        new TimelineEntry.Label("recommendationKind." + r.kind()));
                default -> TimelineEntry.of(r.at(), "diagnostic", "timeline.diagnostic." + r.what(), by, link);
            };
        }).toList();
    }
}
