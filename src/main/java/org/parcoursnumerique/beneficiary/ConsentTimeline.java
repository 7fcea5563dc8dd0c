package org.parcoursnumerique.beneficiary;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's consents on their timeline: given, refused, withdrawn (a "no" after a "yes" for the
 * same purpose and organisation). The person answers; the user who recorded the answer is named.
 * Contact changes are not recorded apart from the access log yet, so they are not listed.
 */
@Component
class ConsentTimeline implements TimelineContributor {

    private record Row(String purpose, Long organisationId, boolean accepted, OffsetDateTime recordedAt, Long recordedBy) {
    }

    private final JdbcClient jdbc;

    ConsentTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        // All of them, oldest first (a person has a handful): whether a "no" withdraws depends on the answers before it.
        List<Row> rows = jdbc.sql("""
                SELECT k.purpose,
                       CASE WHEN k.purpose = 'SHARE_WITH_PRESCRIBER'
                            THEN COALESCE(k.organisation_id, b.referring_organisation_id) END AS organisation_id,
                       k.accepted, k.recorded_at, k.recorded_by
                FROM consent k JOIN beneficiary b ON b.id = k.beneficiary_id
                WHERE k.beneficiary_id = :id AND %s ORDER BY k.recorded_at, k.id""".formatted(scope.predicate("b")))
                .params(params).query(Row.class).list();
        Set<String> given = new HashSet<>();
        List<TimelineEntry> entries = new ArrayList<>();
        for (Row r : rows) {
            String key = r.purpose() + "|" + r.organisationId();
            String text = r.accepted() ? "timeline.consent.given" : given.contains(key) ? "timeline.consent.withdrawn"
                    : "timeline.consent.refused";
            if (r.accepted()) {
                given.add(key);
            } else {
                given.remove(key);
            }
            Object purpose = r.organisationId() == null ? new TimelineEntry.Label("consent." + r.purpose())
                    : new TimelineEntry.Label("timeline.consent.sharing");
            entries.add(TimelineEntry.of(r.recordedAt(), "consent", r.organisationId() == null ? text : text + "To",
                    TimelineEntry.Actor.person(r.recordedBy()), null, purpose,
                    r.organisationId() == null ? "" : new TimelineEntry.OrganisationName(r.organisationId())));
        }
        java.util.Collections.reverse(entries);
        return entries.size() > limit ? entries.subList(0, limit) : entries;
    }
}
