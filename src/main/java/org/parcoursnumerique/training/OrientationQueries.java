package org.parcoursnumerique.training;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Pagination;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads of orientations, always with the caller's {@link DataScope} (they carry the person's territory and referrer). */
@Component
class OrientationQueries {

    static final int PAGE_SIZE = 25;

    record Row(long id, long offerId, String offerName, String offerFormat, String offerAddress, String offerPostcode,
               String offerCommune, String status, LocalDate expectedStart, LocalDate startedOn, LocalDate completedOn,
               LocalDate endedOn, String dropoutReason, Long sessionId, OffsetDateTime createdAt, Long previousId) {

        boolean dedicated() {
            return "dedicated".equals(offerFormat);
        }
    }

    /** A person to follow up: their latest orientation has no news past its expected start, or was interrupted. */
    record FollowUp(long orientationId, long beneficiaryId, String lastName, String firstName, String offerName,
                    String status, LocalDate expectedStart, LocalDate endedOn, String dropoutReason, boolean mine) {
    }

    record FollowUpPage(List<FollowUp> rows, Pagination pagination) {
    }

    private final JdbcClient jdbc;

    OrientationQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Row> ofPerson(long personId, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("person", personId);
        return jdbc.sql("""
                SELECT o.id, o.offer_id, f.name AS offer_name, f.format AS offer_format, f.address AS offer_address,
                       f.postcode AS offer_postcode, f.commune AS offer_commune, o.status, o.expected_start, o.started_on,
                       o.completed_on, o.ended_on, r.label AS dropout_reason, o.session_id, o.created_at, o.previous_id
                FROM training_orientation o JOIN training_offer f ON f.id = o.offer_id
                LEFT JOIN training_dropout_reason r ON r.code = o.dropout_reason
                WHERE o.beneficiary_id = :person AND %s ORDER BY o.id DESC""".formatted(scope.predicate("o")))
                .params(params).query(Row.class).list();
    }

    /**
     * The rupture watch, in scope: people whose latest orientation (not counting declined proposals)
     * is registered with its expected start before {@code cutoff}, dropped out or not shown up, and
     * whose pathway is not closed. {@code onlyBy}: only the orientations that user made.
     */
    private static final String WATCH = """
            FROM training_orientation o
            JOIN beneficiary_v b ON b.id = o.beneficiary_id
            JOIN training_offer f ON f.id = o.offer_id
            WHERE %s
              AND b.status NOT IN ('COMPLETED', 'DROPPED_OUT')
              AND ((o.status = 'REGISTERED' AND o.expected_start < :cutoff) OR o.status IN ('DROPPED_OUT', 'NO_SHOW'))
              AND NOT EXISTS (SELECT 1 FROM training_orientation n WHERE n.beneficiary_id = o.beneficiary_id
                              AND n.id > o.id AND n.status <> 'DECLINED')
            """;

    FollowUpPage toFollowUp(DataScope scope, LocalDate cutoff, Long onlyBy, long viewerId, String requestedPage,
                            String base) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("cutoff", cutoff);
        params.put("viewer", viewerId);
        String where = WATCH.formatted(scope.predicate("o"));
        if (onlyBy != null) {
            where += " AND o.created_by = :by";
            params.put("by", onlyBy);
        }
        params.put("cap", Pagination.DEFAULT_COUNT_CAP + 1);
        long counted = jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 " + where + " LIMIT :cap) x").params(params)
                .query(Long.class).single();
        Pagination pagination = Pagination.of(requestedPage, PAGE_SIZE, counted, Pagination.DEFAULT_COUNT_CAP, base);
        params.put("limit", pagination.limit());
        params.put("offset", pagination.offset());
        List<FollowUp> rows = jdbc.sql("""
                SELECT o.id AS orientation_id, b.id AS beneficiary_id, b.last_name, b.first_name, f.name AS offer_name,
                       o.status, o.expected_start, o.ended_on,
                       (SELECT r.label FROM training_dropout_reason r WHERE r.code = o.dropout_reason) AS dropout_reason,
                       CASE WHEN o.created_by = :viewer THEN TRUE ELSE FALSE END AS mine
                """ + where + " ORDER BY COALESCE(o.ended_on, o.expected_start), o.id LIMIT :limit OFFSET :offset")
                .params(params).query(FollowUp.class).list();
        return new FollowUpPage(rows, pagination);
    }

    /** The orientations in rupture the prescriber has not been told of yet (the daily watch), oldest first. */
    List<long[]> unsignalledNoNews(LocalDate cutoff, int limit) {
        return jdbc.sql("""
                SELECT o.id, o.beneficiary_id FROM training_orientation o
                WHERE o.status = 'REGISTERED' AND o.expected_start < :cutoff AND o.rupture_signalled_at IS NULL
                ORDER BY o.id LIMIT :limit""")
                .param("cutoff", cutoff).param("limit", limit)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    }
}
