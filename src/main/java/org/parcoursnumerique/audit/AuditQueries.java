package org.parcoursnumerique.audit;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Pagination;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Searches in the audit log for administrators. */
@Component
class AuditQueries {

    static final String SELECT = """
            SELECT a.id, a.occurred_at, a.user_email, u.display_name AS user_name, o.name AS organisation_name,
                   a.beneficiary_id, a.action, a.route, a.details
            FROM audit_event a
            LEFT JOIN user_account_v u ON u.id = a.user_id
            LEFT JOIN organisation_v o ON o.id = a.organisation_id
            """;

    record Filter(String email, Long beneficiaryId, String action, LocalDate from, LocalDate to) {
    }

    /** One page of entries and its place among the others. */
    record Page(List<AuditLog.Entry> entries, Pagination pagination) {
    }

    private final JdbcClient jdbc;

    AuditQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One page, newest first, with the number of matching entries counted up to the cap (the log
     * only grows: beyond it the page says «plus de 10 000» and the filters narrow the search).
     */
    Page search(Filter filter, int pageSize, String requestedPage, String base) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.email() != null && !filter.email().isBlank()) {
            sql.append(" AND LOWER(a.user_email) = :email");
            params.put("email", filter.email().trim().toLowerCase());
        }
        if (filter.beneficiaryId() != null) {
            sql.append(" AND a.beneficiary_id = :beneficiary");
            params.put("beneficiary", filter.beneficiaryId());
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            sql.append(" AND a.action = :action");
            params.put("action", filter.action());
        }
        if (filter.from() != null) {
            sql.append(" AND a.occurred_at >= :from");
            params.put("from", filter.from().atStartOfDay(PageContext.ZONE).toOffsetDateTime());
        }
        if (filter.to() != null) {
            sql.append(" AND a.occurred_at < :to");
            params.put("to", filter.to().plusDays(1).atStartOfDay(PageContext.ZONE).toOffsetDateTime());
        }
        params.put("cap", Pagination.DEFAULT_COUNT_CAP + 1);
        long counted = jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM audit_event a" + sql + " LIMIT :cap) x")
                .params(params).query(Long.class).single();
        Pagination pagination = Pagination.of(requestedPage, pageSize, counted, Pagination.DEFAULT_COUNT_CAP, base);
        params.put("limit", pagination.limit());
        params.put("offset", pagination.offset());
        return new Page(jdbc.sql(SELECT + sql + " ORDER BY a.id DESC LIMIT :limit OFFSET :offset").params(params)
                .query(AuditLog.Entry.class).list(), pagination);
    }

}
