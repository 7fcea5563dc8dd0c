package org.parcoursnumerique.referral;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.parcoursnumerique.shared.TimelineEntry.Actor;
import org.parcoursnumerique.shared.TimelineEntry.Label;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's referrals on their timeline, in one query: each step of triage (sent, with its
 * source; information requested and given; accepted or reassigned, to whom; refused, with the
 * reason; withdrawn), the duplicates merged into this record and the prescriber's corrections of the
 * identity. Notes and messages stay on the referral's page, which each entry links to.
 */
@Component
class ReferralTimeline implements TimelineContributor {

    private record Row(String what, OffsetDateTime at, Long byUserId, long referralId, long organisationId,
                       String source, String fromStatus, String toStatus, String refusalReason, Long structureId,
                       Long mediatorId, String fields) {
    }

    private final JdbcClient jdbc;

    ReferralTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        // Those who see the person's referrals on their page (prescribers never see a timeline).
        if (!viewer.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR)) {
            return List.of();
        }
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        String inScope = scope.predicate("r");
        List<Row> rows = jdbc.sql("""
                SELECT * FROM (
                    SELECT 'TRANSITION' AS what, t.occurred_at AS at, t.by_user_id, r.id AS referral_id,
                           r.referring_organisation_id AS organisation_id, r.source, t.from_status, t.to_status,
                           r.refusal_reason, t.structure_id, t.mediator_id, CAST(NULL AS VARCHAR(100)) AS fields
                    FROM referral r JOIN referral_transition t ON t.referral_id = r.id
                    WHERE r.beneficiary_id = :id AND %1$s
                    UNION ALL
                    SELECT 'MERGED', d.decided_at, d.decided_by, r.id, r.referring_organisation_id, r.source, NULL, NULL,
                           NULL, NULL, NULL, NULL
                    FROM referral r JOIN duplicate_suspicion d ON d.referral_id = r.id AND d.status = 'MERGED'
                    WHERE r.beneficiary_id = :id AND d.decided_at IS NOT NULL AND %1$s
                    UNION ALL
                    SELECT 'IDENTITY', c.corrected_at, c.corrected_by, r.id, r.referring_organisation_id, r.source, NULL,
                           NULL, NULL, NULL, NULL, c.fields
                    FROM referral r JOIN referral_identity_correction c ON c.referral_id = r.id
                    WHERE r.beneficiary_id = :id AND %1$s
                ) e ORDER BY e.at DESC LIMIT :limit""".formatted(inScope))
                .params(params).query(Row.class).list();
        List<TimelineEntry> entries = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String link = "/referrals/" + r.referralId();
            Actor by = Actor.of(r.byUserId(), r.organisationId());
            entries.add(switch (r.what()) {
                case "MERGED" -> TimelineEntry.of(r.at(), "referral", "timeline.referral.merged", by, link);
                case "IDENTITY" -> TimelineEntry.of(r.at(), "referral", "timeline.referral.identity", by, link,
                        fields(r.fields()));
                default -> transition(r, by, link);
            });
        }
        return entries;
    }

    private static TimelineEntry transition(Row r, Actor by, String link) {
        String to = r.toStatus();
        if (r.fromStatus() == null) {
            return TimelineEntry.of(r.at(), "referral", "timeline.referral.submitted", by, link,
                    new TimelineEntry.OrganisationName(r.organisationId()), new Label("referralSource." + r.source()));
        }
        if ("ACCEPTED".equals(to)) {
            String key = "ACCEPTED".equals(r.fromStatus()) ? "timeline.referral.reassigned" : "timeline.referral.accepted";
            if (r.structureId() == null || r.mediatorId() == null) {
                return TimelineEntry.of(r.at(), "referral", key, by, link);
            }
            return TimelineEntry.of(r.at(), "referral", key + "To", by, link,
                    new TimelineEntry.OrganisationName(r.structureId()), new TimelineEntry.UserName(r.mediatorId()));
        }
        if ("REFUSED".equals(to) && r.refusalReason() != null) {
            return TimelineEntry.of(r.at(), "referral", "timeline.referral.refused", by, link,
                    new Label("refusalReason." + r.refusalReason()));
        }
        if ("SUBMITTED".equals(to)) {
            return TimelineEntry.of(r.at(), "referral", "timeline.referral.answered", by, link);
        }
        return TimelineEntry.of(r.at(), "referral", "timeline.referral." + to, by, link);
    }

    /** The corrected fields, as labels: nom, prénom, date de naissance. */
    private static List<Label> fields(String codes) {
        return java.util.Arrays.stream(codes.split(",")).map(code -> new Label("timeline.referral.field." + code)).toList();
    }
}
