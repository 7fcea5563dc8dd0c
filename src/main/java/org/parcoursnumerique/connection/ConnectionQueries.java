package org.parcoursnumerique.connection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The reads of lines, periods and checks, always with the caller's scope in the SQL. */
@Component
class ConnectionQueries {

    /** A line with its offer and the result of its last coverage computation. */
    record Line(long id, long beneficiaryId, long territoryId, long offerId, String offerName, OfferKind offerKind,
                String operator, String iccid, String contractReference, String phone, LocalDate activationDate,
                LocalDate coveredUntil, LocalDate lapsesOn, LocalDate sixMonthsOn, OffsetDateTime createdAt,
                Long createdBy, Long createdByOrganisationId) {
    }

    record Period(long id, long lineId, LocalDate start, LocalDate end, int amountCents, PaidBy paidBy,
                  OffsetDateTime createdAt, Long createdBy, OffsetDateTime cancelledAt, Long cancelledBy,
                  String cancelReason) {

        boolean active() {
            return cancelledAt == null;
        }
    }

    record Check(long id, long lineId, LocalDate lapsedOn, LocalDate checkedOn, CheckOutcome outcome,
                 OffsetDateTime recordedAt, Long recordedBy) {
    }

    /** One line of the follow-up lists: whose, which offer, when it lapses. */
    record FollowUp(long lineId, long beneficiaryId, String lastName, String firstName, String offerName,
                    OfferKind offerKind, LocalDate lapsesOn) {
    }

    /** What connection cost in a territory so far. */
    record Money(long territoryId, long programmeCents, long personCents, long people, long lines) {

        /** The programme's cost per person with a line, in cents; 0 without any. */
        long perPersonCents() {
            return people == 0 ? 0 : Math.round((double) programmeCents / people);
        }
    }

    static final String LINE_COLUMNS = """
            l.id, l.beneficiary_id, l.territory_id, l.offer_id, o.name AS offer_name, o.kind AS offer_kind, l.operator,
            l.iccid, l.contract_reference, l.phone, l.activation_date, l.covered_until, l.lapses_on, l.six_months_on,
            l.created_at, l.created_by, l.created_by_organisation_id""";

    private final JdbcClient jdbc;

    ConnectionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A line in the scope (its copied territory and referrer), or empty. */
    Optional<Line> line(DataScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT %s FROM connection_line l JOIN connection_offer o ON o.id = l.offer_id
                WHERE l.id = :id AND %s""".formatted(LINE_COLUMNS, scope.predicate("l")))
                .params(params).query(ConnectionQueries::line).optional();
    }

    /** The person's lines, newest activation first (the caller found the person in scope). */
    List<Line> linesOf(long personId) {
        return jdbc.sql("""
                SELECT %s FROM connection_line l JOIN connection_offer o ON o.id = l.offer_id
                WHERE l.beneficiary_id = :person ORDER BY l.activation_date DESC, l.id DESC""".formatted(LINE_COLUMNS))
                .param("person", personId).query(ConnectionQueries::line).list();
    }

    List<Period> periods(long lineId) {
        return jdbc.sql("""
                SELECT id, line_id, start_date, end_date, amount_cents, paid_by, created_at, created_by, cancelled_at,
                       cancelled_by, cancel_reason
                FROM connection_period WHERE line_id = :line ORDER BY start_date, id""")
                .param("line", lineId).query(ConnectionQueries::period).list();
    }

    List<Check> checks(long lineId) {
        return jdbc.sql("""
                SELECT id, line_id, lapsed_on, checked_on, outcome, recorded_at, recorded_by
                FROM connection_check WHERE line_id = :line ORDER BY checked_on, id""")
                .param("line", lineId)
                .query((rs, n) -> new Check(rs.getLong("id"), rs.getLong("line_id"),
                        rs.getObject("lapsed_on", LocalDate.class), rs.getObject("checked_on", LocalDate.class),
                        CheckOutcome.valueOf(rs.getString("outcome")),
                        rs.getObject("recorded_at", OffsetDateTime.class), (Long) rs.getObject("recorded_by", Long.class)))
                .list();
    }

    /** Lines lapsing after today and at most {@code days} days from now. */
    static final String LAPSING = "l.lapses_on > :today AND l.lapses_on <= :horizon";

    /**
     * Lapsed lines whose mediator has not answered yet whether the person is still connected: no
     * check on or after the last day of coverage (a "connected by own means" extends the coverage to
     * its day, so it answers the lapse it was about; a new period and a new lapse ask again).
     */
    static final String TO_CHECK = """
            l.covered_until IS NOT NULL AND l.lapses_on <= :today AND NOT EXISTS (SELECT 1 FROM connection_check c
                WHERE c.line_id = l.id AND c.checked_on >= l.covered_until)""";

    long countFollowUps(DataScope scope, String which, LocalDate today, int cap) {
        Map<String, Object> params = followUpParams(scope, today);
        params.put("cap", cap + 1);
        return jdbc.sql("""
                SELECT COUNT(*) FROM (SELECT 1 FROM connection_line l WHERE %s AND %s LIMIT :cap) x"""
                        .formatted(scope.predicate("l"), which)).params(params).query(Long.class).single();
    }

    /** A page of a follow-up list, soonest lapse first (names read joined to the person in scope). */
    List<FollowUp> followUps(DataScope scope, String which, LocalDate today, long offset, int limit) {
        Map<String, Object> params = followUpParams(scope, today);
        params.put("offset", offset);
        params.put("limit", limit);
        return jdbc.sql("""
                SELECT l.id, l.beneficiary_id, b.last_name, b.first_name, o.name AS offer_name, o.kind, l.lapses_on
                FROM connection_line l JOIN connection_offer o ON o.id = l.offer_id
                JOIN beneficiary_v b ON b.id = l.beneficiary_id
                WHERE %s AND %s
                ORDER BY l.lapses_on, l.id LIMIT :limit OFFSET :offset""".formatted(scope.predicate("l"), which))
                .params(params)
                .query((rs, n) -> new FollowUp(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), OfferKind.valueOf(rs.getString(6)), rs.getObject(7, LocalDate.class)))
                .list();
    }

    private static Map<String, Object> followUpParams(DataScope scope, LocalDate today) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("today", today);
        params.put("horizon", today.plusDays(Lines.LAPSING_DAYS));
        return params;
    }

    /** What connection cost so far, per territory of the scope (cancelled periods left out). */
    List<Money> money(TerritoryScope scope) {
        return jdbc.sql("""
                SELECT l.territory_id,
                       COALESCE(SUM(CASE WHEN p.paid_by = 'PROGRAMME' AND p.cancelled_at IS NULL THEN p.amount_cents END), 0),
                       COALESCE(SUM(CASE WHEN p.paid_by = 'PERSON' AND p.cancelled_at IS NULL THEN p.amount_cents END), 0),
                       COUNT(DISTINCT l.beneficiary_id), COUNT(DISTINCT l.id)
                FROM connection_line l LEFT JOIN connection_period p ON p.line_id = l.id
                WHERE %s GROUP BY l.territory_id ORDER BY l.territory_id""".formatted(scope.predicate("l.territory_id")))
                .params(scope.parameters())
                .query((rs, n) -> new Money(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
    }

    static Line line(ResultSet rs, int n) throws SQLException {
        return new Line(rs.getLong("id"), rs.getLong("beneficiary_id"), rs.getLong("territory_id"),
                rs.getLong("offer_id"), rs.getString("offer_name"), OfferKind.valueOf(rs.getString("offer_kind")),
                rs.getString("operator"), rs.getString("iccid"), rs.getString("contract_reference"),
                rs.getString("phone"), rs.getObject("activation_date", LocalDate.class),
                rs.getObject("covered_until", LocalDate.class), rs.getObject("lapses_on", LocalDate.class),
                rs.getObject("six_months_on", LocalDate.class), rs.getObject("created_at", OffsetDateTime.class),
                (Long) rs.getObject("created_by", Long.class), (Long) rs.getObject("created_by_organisation_id", Long.class));
    }

    static Period period(ResultSet rs, int n) throws SQLException {
        return new Period(rs.getLong("id"), rs.getLong("line_id"), rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class), rs.getInt("amount_cents"), PaidBy.valueOf(rs.getString("paid_by")),
                rs.getObject("created_at", OffsetDateTime.class), (Long) rs.getObject("created_by", Long.class),
                rs.getObject("cancelled_at", OffsetDateTime.class), (Long) rs.getObject("cancelled_by", Long.class),
                rs.getString("cancel_reason"));
    }
}
