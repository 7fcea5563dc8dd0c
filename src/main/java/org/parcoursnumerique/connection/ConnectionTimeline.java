package org.parcoursnumerique.connection;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.parcoursnumerique.shared.TimelineEntry.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's lines on their timeline, in one query: a line opened, periods paid, a period
 * cancelled, a lapsed line checked. Offers and amounts, never the ICCID or the phone number.
 */
@Component
class ConnectionTimeline implements TimelineContributor {

    private record Row(OffsetDateTime at, String kind, long lineId, Long byUser, Long byOrganisation, String offer,
                       LocalDate fromDay, LocalDate toDay, String code, Integer amount) {
    }

    private final JdbcClient jdbc;

    ConnectionTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        if (!LineViews.reads(viewer)) {
            return List.of();
        }
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        List<Row> rows = jdbc.sql("""
                SELECT * FROM (
                    SELECT l.created_at AS at, 'OPENED' AS kind, l.id AS line_id, l.created_by AS by_user,
                           l.created_by_organisation_id AS by_organisation, o.name AS offer, l.activation_date AS from_day,
                           CAST(NULL AS DATE) AS to_day, o.kind AS code, CAST(NULL AS INT) AS amount
                    FROM connection_line l JOIN connection_offer o ON o.id = l.offer_id
                    WHERE l.beneficiary_id = :id AND %1$s
                    UNION ALL
                    SELECT p.created_at, 'PAID', l.id, p.created_by, p.created_by_organisation_id, o.name, p.start_date,
                           p.end_date, p.paid_by, p.amount_cents
                    FROM connection_period p JOIN connection_line l ON l.id = p.line_id
                    JOIN connection_offer o ON o.id = l.offer_id
                    WHERE l.beneficiary_id = :id AND %1$s
                    UNION ALL
                    SELECT p.cancelled_at, 'CANCELLED', l.id, p.cancelled_by, CAST(NULL AS BIGINT), o.name, p.start_date,
                           p.end_date, p.paid_by, p.amount_cents
                    FROM connection_period p JOIN connection_line l ON l.id = p.line_id
                    JOIN connection_offer o ON o.id = l.offer_id
                    WHERE l.beneficiary_id = :id AND p.cancelled_at IS NOT NULL AND %1$s
                    UNION ALL
                    SELECT c.recorded_at, 'CHECKED', l.id, c.recorded_by, CAST(NULL AS BIGINT), o.name, c.lapsed_on,
                           c.checked_on, c.outcome, CAST(NULL AS INT)
                    FROM connection_check c JOIN connection_line l ON l.id = c.line_id
                    JOIN connection_offer o ON o.id = l.offer_id
                    WHERE l.beneficiary_id = :id AND %1$s
                ) x ORDER BY at DESC, line_id DESC LIMIT :limit""".formatted(scope.predicate("l")))
                .params(params)
                .query((rs, n) -> new Row(rs.getObject("at", OffsetDateTime.class), rs.getString("kind"),
                        rs.getLong("line_id"), (Long) rs.getObject("by_user", Long.class),
                        (Long) rs.getObject("by_organisation", Long.class), rs.getString("offer"),
                        rs.getObject("from_day", LocalDate.class), rs.getObject("to_day", LocalDate.class),
                        rs.getString("code"), (Integer) rs.getObject("amount", Integer.class)))
                .list();
        return rows.stream().map(ConnectionTimeline::entry).toList();
    }

    private static TimelineEntry entry(Row r) {
        Actor by = Actor.of(r.byUser(), r.byOrganisation());
        String link = "/connection/lines/" + r.lineId();
        return switch (r.kind()) {
            case "OPENED" -> TimelineEntry.of(r.at(), "connection", "timeline.connection.opened", by, link,
                    r.offer(), new TimelineEntry.Label("connection.offerKind." + r.code()), r.fromDay());
            case "PAID" -> TimelineEntry.of(r.at(), "connection", "timeline.connection.paid", by, link,
                    r.fromDay(), r.toDay(), euros(r.amount()), new TimelineEntry.Label("connection.paidBy." + r.code()));
            case "CANCELLED" -> TimelineEntry.of(r.at(), "connection", "timeline.connection.cancelled", by, link,
                    r.fromDay(), r.toDay());
            default -> TimelineEntry.of(r.at(), "connection", "timeline.connection.checked." + r.code(), by, link,
                    r.toDay());
        };
    }

    private static String euros(Integer cents) {
        return java.text.NumberFormat.getCurrencyInstance(org.parcoursnumerique.shared.PageContext.LOCALE)
                .format(cents / 100.0);
    }
}
