package org.parcoursnumerique.referral;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads of referrals for pages, always within the caller's scope. */
@Component
class ReferralQueries {

    record Row(long id, String lastName, String firstName, String status, String referrerName, String territoryCode,
               OffsetDateTime createdAt, OffsetDateTime updatedAt, long openDuplicates, java.time.LocalDate resultOn) {
    }

    record Detail(long id, long beneficiaryId, String lastName, String firstName, java.time.LocalDate birthDate,
                  String communeName, String eligibilityCategory, String rsaSituation, String aseDistrictName,
                  String phone, String email, String preferredChannel, String needs, String status, String source,
                  String referrerName, String referrerUserName, long territoryId, String territoryCode,
                  String structureName, String mediatorName, String refusalReason, String lastMessage,
                  String noticeVersion, OffsetDateTime createdAt, java.time.LocalDate diagnosedOn) {
    }

    record Step(String fromStatus, String toStatus, OffsetDateTime occurredAt, String byName, String note) {
    }

    record Suspicion(long id, long existingId, String rule, String lastName, String firstName,
                     java.time.LocalDate birthDate, String communeName, String territoryCode, String referrerName,
                     OffsetDateTime createdAt) {
    }

    record Option(long id, String name) {
    }

    private final JdbcClient jdbc;

    ReferralQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Row> list(DataScope scope, List<String> statuses, int limit) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("statuses", statuses);
        params.put("limit", limit);
        return jdbc.sql("""
                SELECT r.id, b.last_name, b.first_name, r.status, o.name AS referrer_name, t.code AS territory_code,
                       r.created_at, r.updated_at,
                       (SELECT COUNT(*) FROM duplicate_suspicion d WHERE d.referral_id = r.id AND d.status = 'OPEN')
                           AS open_duplicates,
                       -- The diagnostic result reaches the referral's readers once it is accepted (DiagnosticSharing).
                       CASE WHEN r.status = 'ACCEPTED' THEN b.diagnosed_on END AS result_on
                FROM referral r
                JOIN beneficiary b ON b.id = r.beneficiary_id
                JOIN organisation o ON o.id = r.referring_organisation_id
                JOIN territory t ON t.id = r.territory_id
                WHERE %s AND r.status IN (:statuses)
                ORDER BY r.created_at DESC, r.id DESC
                LIMIT :limit""".formatted(scope.predicate("r")))
                .params(params).query(Row.class).list();
    }

    Optional<Detail> find(DataScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT r.id, r.beneficiary_id, b.last_name, b.first_name, b.birth_date, c.name AS commune_name,
                       b.eligibility_category, r.rsa_situation, d.name AS ase_district_name, b.phone, b.email,
                       b.preferred_channel, r.needs, r.status, r.source, o.name AS referrer_name,
                       ru.display_name AS referrer_user_name, r.territory_id, t.code AS territory_code,
                       s.name AS structure_name, m.display_name AS mediator_name, r.refusal_reason, r.last_message,
                       r.notice_version, r.created_at, b.diagnosed_on
                FROM referral r
                JOIN beneficiary b ON b.id = r.beneficiary_id
                JOIN commune c ON c.insee_code = b.commune_insee
                JOIN organisation o ON o.id = r.referring_organisation_id
                JOIN territory t ON t.id = r.territory_id
                LEFT JOIN ase_district d ON d.id = b.ase_district_id
                LEFT JOIN user_account ru ON ru.id = r.referrer_user_id
                LEFT JOIN organisation s ON s.id = r.assigned_structure_id
                LEFT JOIN user_account m ON m.id = r.assigned_mediator_id
                WHERE r.id = :id AND %s""".formatted(scope.predicate("r")))
                .params(params).query(Detail.class).optional();
    }

    List<Step> history(long referralId) {
        return jdbc.sql("""
                SELECT h.from_status, h.to_status, h.occurred_at, u.display_name AS by_name, h.note
                FROM referral_transition h LEFT JOIN user_account u ON u.id = h.by_user_id
                WHERE h.referral_id = :id ORDER BY h.occurred_at, h.id""")
                .param("id", referralId).query(Step.class).list();
    }

    List<Suspicion> openSuspicions(DataScope scope, long referralId) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", referralId);
        return jdbc.sql("""
                SELECT d.id, d.existing_id, d.rule, b.last_name, b.first_name, b.birth_date, c.name AS commune_name,
                       t.code AS territory_code, o.name AS referrer_name, b.created_at
                FROM duplicate_suspicion d
                JOIN beneficiary b ON b.id = d.existing_id
                JOIN commune c ON c.insee_code = b.commune_insee
                JOIN territory t ON t.id = b.territory_id
                JOIN organisation o ON o.id = b.referring_organisation_id
                WHERE d.referral_id = :id AND d.status = 'OPEN' AND %s ORDER BY d.id""".formatted(scope.predicate("b")))
                .params(params).query(Suspicion.class).list();
    }

    List<Option> structures(long territoryId) {
        return jdbc.sql("""
                SELECT id, name FROM organisation
                WHERE territory_id = :territory AND active AND kind IN ('CONSORTIUM', 'MEMBER_STRUCTURE')
                ORDER BY kind DESC, name""")
                .param("territory", territoryId).query(Option.class).list();
    }

    List<Option> mediators(long territoryId) {
        return jdbc.sql("""
                SELECT u.id, u.display_name || ' — ' || o.name AS name
                FROM user_account u JOIN organisation o ON o.id = u.organisation_id
                WHERE o.territory_id = :territory AND o.active AND u.active AND u.role IN ('MEDIATOR', 'COORDINATOR')
                ORDER BY o.name, u.display_name""")
                .param("territory", territoryId).query(Option.class).list();
    }

    /** The structure an accepted referral was assigned to (the caller found the referral in scope). */
    Optional<Long> assignedStructure(long referralId) {
        return jdbc.sql("SELECT assigned_structure_id FROM referral WHERE id = :id").param("id", referralId)
                .query(Long.class).list().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    List<String> refusalReasons() {
        return jdbc.sql("SELECT code FROM refusal_reason WHERE active ORDER BY position").query(String.class).list();
    }

    /** Monday to Friday days between two dates (public holidays are not counted out). */
    static long workingDaysBetween(LocalDate from, LocalDate to) {
        long days = 0;
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days++;
            }
        }
        return days;
    }
}
