package org.parcoursnumerique.mediator;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The reads of "Mes personnes" and of the next step, always with the caller's scope on the person. */
@Component
class MyPeopleQueries {

    /** A member of the staff whose list a coordinator may open. */
    record Staff(long id, String displayName) {
    }

    /** The people of a list, and whether more were left out (the list says so: never silently cut). */
    record Found(List<Situation> people, boolean more) {
    }

    private static final String SITUATION = """
            SELECT b.id, b.last_name, b.first_name, b.status, c.name AS commune_name,
                   sa.id AS scheduled_id, sa.starts_at AS scheduled_at, sa.mediator_id AS scheduled_mediator_id,
                   sm.display_name AS scheduled_mediator_name,
                   la.id AS last_appointment_id, la.status AS last_appointment_status,
                   CASE WHEN EXISTS (SELECT 1 FROM appointment_v x WHERE x.beneficiary_id = b.id AND x.status = 'ATTENDED')
                        THEN TRUE ELSE FALSE END AS attended,
                   dd.id AS draft_id, dd.updated_at AS draft_updated_at,
                   (SELECT MAX(dc.id) FROM diagnostic_v dc WHERE dc.beneficiary_id = b.id AND dc.status = 'COMPLETED')
                       AS completed_id,
                   (SELECT MAX(ro.id) FROM referral_v ro WHERE ro.beneficiary_id = b.id
                       AND ro.status IN ('SUBMITTED', 'INFO_REQUESTED')) AS open_referral_id,
                   ra.assigned_mediator_id,
                   (SELECT MAX(t.occurred_at) FROM referral_transition_v t WHERE t.referral_id = ra.id
                       AND t.to_status = 'ACCEPTED') AS assigned_at
            FROM beneficiary_v b
            JOIN commune_v c ON c.insee_code = b.commune_insee
            LEFT JOIN appointment_v sa ON sa.id = (SELECT MIN(a.id) FROM appointment_v a
                                                 WHERE a.beneficiary_id = b.id AND a.status = 'SCHEDULED')
            LEFT JOIN user_account_v sm ON sm.id = sa.mediator_id
            LEFT JOIN appointment_v la ON la.id = (SELECT a.id FROM appointment_v a WHERE a.beneficiary_id = b.id
                                                 ORDER BY a.starts_at DESC, a.id DESC LIMIT 1)
            LEFT JOIN diagnostic_v dd ON dd.id = (SELECT MAX(d.id) FROM diagnostic_v d
                                                WHERE d.beneficiary_id = b.id AND d.status = 'DRAFT')
            LEFT JOIN referral_v ra ON ra.id = (SELECT MAX(r.id) FROM referral_v r
                                              WHERE r.beneficiary_id = b.id AND r.status = 'ACCEPTED')
            """;

    private final JdbcClient jdbc;

    MyPeopleQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One person's situation, if they are in the caller's scope. */
    Optional<Situation> situation(long beneficiaryId, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        return jdbc.sql(SITUATION + " WHERE b.id = :id AND " + scope.predicate("b"))
                .params(params).query(Situation.class).optional();
    }

    /**
     * The people a mediator works for, in the caller's scope: entrusted to them and not yet
     * diagnosed, with a coming (or unrecorded) appointment with them, or with a diagnostic draft
     * they started. At most {@code limit} (the earliest referred first); the page sorts each group.
     */
    Found ofMediator(long mediatorId, DataScope scope, int limit) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("mediator", mediatorId);
        params.put("limit", limit + 1);
        List<Situation> rows = jdbc.sql(SITUATION + """
                WHERE %s AND (
                    (b.status = 'ACCEPTED' AND b.id IN (SELECT r.beneficiary_id FROM referral_v r
                                                        WHERE r.assigned_mediator_id = :mediator AND r.status = 'ACCEPTED'))
                    OR b.id IN (SELECT a.beneficiary_id FROM appointment_v a
                                WHERE a.mediator_id = :mediator AND a.status = 'SCHEDULED')
                    OR b.id IN (SELECT d.beneficiary_id FROM diagnostic_v d
                                WHERE d.mediator_id = :mediator AND d.status = 'DRAFT'))
                ORDER BY b.id
                LIMIT :limit""".formatted(scope.predicate("b")))
                .params(params).query(Situation.class).list();
        boolean more = rows.size() > limit;
        return new Found(more ? rows.subList(0, limit) : rows, more);
    }

    /** Active mediators and coordinators working in the territory: whose list a coordinator may open. */
    List<Staff> staff(long territoryId) {
        return jdbc.sql("""
                SELECT u.id, u.display_name FROM user_account_v u JOIN organisation_v o ON o.id = u.organisation_id
                WHERE u.active AND u.role IN ('MEDIATOR', 'COORDINATOR') AND o.territory_id = :territory
                  AND o.kind IN ('CONSORTIUM', 'MEMBER_STRUCTURE')
                ORDER BY u.display_name, u.id""")
                .param("territory", territoryId).query(Staff.class).list();
    }

    /** The e-mail of an active user, if any (a deactivated mediator is not written to). */
    Optional<String> activeEmail(long userId) {
        return jdbc.sql("SELECT email FROM user_account_v WHERE id = :id AND active")
                .param("id", userId).query(String.class).optional();
    }

    static OffsetDateTime dayStart(OffsetDateTime now) {
        return now.atZoneSameInstant(org.parcoursnumerique.shared.PageContext.ZONE).toLocalDate()
                .atStartOfDay(org.parcoursnumerique.shared.PageContext.ZONE).toOffsetDateTime();
    }
}
