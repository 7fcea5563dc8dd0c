package org.parcoursnumerique.referral;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Pagination;
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
                  String noticeVersion, OffsetDateTime createdAt, java.time.LocalDate diagnosedOn,
                  boolean appointmentDue) {
    }

    record Step(String fromStatus, String toStatus, OffsetDateTime occurredAt, String byName, String note) {
    }

    record Suspicion(long id, long existingId, String rule, String lastName, String firstName,
                     java.time.LocalDate birthDate, String communeName, String territoryCode, String referrerName,
                     OffsetDateTime createdAt) {
    }

    record Option(long id, String name) {
    }

    /** Rows per page of the referrals list and of the triage inbox. */
    static final int PAGE_SIZE = 50;

    /** Filters of the referrals list, already checked; any may be null. */
    record Filter(List<String> statuses, Long territoryId, Long organisationId, LocalDate from, LocalDate to) {
    }

    /** One page of a list, with its position among the others. */
    record Listing<T>(List<T> rows, Pagination pagination) {
    }

    /** One referral waiting in the triage inbox, with what a coordinator sorts by. */
    record InboxItem(long id, String lastName, String firstName, String status, String referrerName,
                     String communeName, String eligibilityCategory, LocalDate birthDate, OffsetDateTime createdAt,
                     long openDuplicates) {
    }

    /** Filters of the triage inbox, already checked; any may be null. */
    record InboxFilter(String category, String commune, Long organisationId, boolean newestFirst) {
    }

    private final JdbcClient jdbc;

    ReferralQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The referrals in scope that pass the filter, newest first, one page at a time. */
    Listing<Row> list(DataScope scope, Filter filter, String requestedPage, String base) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        StringBuilder where = new StringBuilder(scope.predicate("r")).append(" AND r.status IN (:statuses)");
        params.put("statuses", filter.statuses());
        if (filter.territoryId() != null) {
            where.append(" AND r.territory_id = :territory");
            params.put("territory", filter.territoryId());
        }
        if (filter.organisationId() != null) {
            where.append(" AND r.referring_organisation_id = :organisation");
            params.put("organisation", filter.organisationId());
        }
        if (filter.from() != null) {
            where.append(" AND r.created_at >= :from");
            params.put("from", filter.from().atStartOfDay(PageContext.ZONE).toOffsetDateTime());
        }
        if (filter.to() != null) {
            where.append(" AND r.created_at < :to");
            params.put("to", filter.to().plusDays(1).atStartOfDay(PageContext.ZONE).toOffsetDateTime());
        }
        Pagination pagination = Pagination.of(requestedPage, PAGE_SIZE, count("referral r", where.toString(), params),
                Pagination.DEFAULT_COUNT_CAP, base);
        params.put("limit", pagination.limit());
        params.put("offset", pagination.offset());
        return new Listing<>(jdbc.sql("""
                SELECT r.id, b.last_name, b.first_name, r.status, o.name AS referrer_name, t.code AS territory_code,
                       r.created_at, r.updated_at,
                       (SELECT COUNT(*) FROM duplicate_suspicion d WHERE d.referral_id = r.id AND d.status = 'OPEN')
                           AS open_duplicates,
                       -- The diagnostic result reaches the referral's readers once it is accepted (DiagnosticSharing).
                       CASE WHEN r.status = 'ACCEPTED' THEN b.diagnosed_on END AS result_on
                FROM referral r
                JOIN beneficiary_v b ON b.id = r.beneficiary_id
                JOIN organisation_v o ON o.id = r.referring_organisation_id
                JOIN territory_v t ON t.id = r.territory_id
                WHERE %s
                ORDER BY r.created_at DESC, r.id DESC
                LIMIT :limit OFFSET :offset""".formatted(where))
                .params(params).query(Row.class).list(), pagination);
    }

    /**
     * The referrals waiting for a decision (sent, or answered after a question), oldest first unless
     * asked otherwise: the inbox is a queue.
     */
    Listing<InboxItem> inbox(DataScope scope, InboxFilter filter, String requestedPage, String base) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        StringBuilder where = new StringBuilder(scope.predicate("r"))
                .append(" AND r.status IN ('SUBMITTED', 'INFO_REQUESTED')");
        if (filter.category() != null) {
            where.append(" AND b.eligibility_category = :category");
            params.put("category", filter.category());
        }
        if (filter.commune() != null) {
            where.append(" AND b.commune_insee = :commune");
            params.put("commune", filter.commune());
        }
        if (filter.organisationId() != null) {
            where.append(" AND r.referring_organisation_id = :organisation");
            params.put("organisation", filter.organisationId());
        }
        Pagination pagination = Pagination.of(requestedPage, PAGE_SIZE,
                count("referral r JOIN beneficiary_v b ON b.id = r.beneficiary_id", where.toString(), params),
                Pagination.DEFAULT_COUNT_CAP, base);
        params.put("limit", pagination.limit());
        params.put("offset", pagination.offset());
        String order = filter.newestFirst() ? "r.created_at DESC, r.id DESC" : "r.created_at, r.id";
        return new Listing<>(jdbc.sql("""
                SELECT r.id, b.last_name, b.first_name, r.status, o.name AS referrer_name, c.name AS commune_name,
                       b.eligibility_category, b.birth_date, r.created_at,
                       (SELECT COUNT(*) FROM duplicate_suspicion d WHERE d.referral_id = r.id AND d.status = 'OPEN')
                           AS open_duplicates
                FROM referral r
                JOIN beneficiary_v b ON b.id = r.beneficiary_id
                JOIN commune_v c ON c.insee_code = b.commune_insee
                JOIN organisation_v o ON o.id = r.referring_organisation_id
                WHERE %s
                ORDER BY %s
                LIMIT :limit OFFSET :offset""".formatted(where, order))
                .params(params).query(InboxItem.class).list(), pagination);
    }

    /** Rows of {@code from} that pass {@code where}, counted up to the cap and one more. */
    private long count(String from, String where, Map<String, Object> params) {
        Map<String, Object> p = new HashMap<>(params);
        p.put("cap", Pagination.DEFAULT_COUNT_CAP + 1);
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE %s LIMIT :cap) x".formatted(from, where))
                .params(p).query(Long.class).single();
    }

    /** Prescriber organisations whose referrals the caller may see, to filter lists by. */
    List<Option> prescribers(DataScope scope) {
        return switch (scope.kind()) {
            case ALL -> jdbc.sql("SELECT id, name FROM organisation_v WHERE kind = 'PRESCRIBER' ORDER BY name")
                    .query(Option.class).list();
            case TERRITORY -> jdbc.sql("""
                    SELECT o.id, o.name FROM organisation_v o JOIN organisation_territory_v ot ON ot.organisation_id = o.id
                    WHERE o.kind = 'PRESCRIBER' AND ot.territory_id = :scopeId ORDER BY o.name""")
                    .params(scope.parameters()).query(Option.class).list();
            case REFERRED_BY, NONE -> List.of();
        };
    }

    /** Territories the caller's referrals may be in, to filter lists by (none when there is only one). */
    List<Option> territories(DataScope scope) {
        List<Option> territories = switch (scope.kind()) {
            case ALL -> jdbc.sql("SELECT id, code || ' — ' || name AS name FROM territory_v ORDER BY code")
                    .query(Option.class).list();
            case REFERRED_BY -> jdbc.sql("""
                    SELECT t.id, t.code || ' — ' || t.name AS name FROM territory_v t
                    JOIN organisation_territory_v ot ON ot.territory_id = t.id
                    WHERE ot.organisation_id = :scopeId ORDER BY t.code""")
                    .params(scope.parameters()).query(Option.class).list();
            case TERRITORY, NONE -> List.of();
        };
        return territories.size() > 1 ? territories : List.of();
    }

    Optional<Detail> find(DataScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT r.id, r.beneficiary_id, b.last_name, b.first_name, b.birth_date, COALESCE(c.name, b.commune_insee) AS commune_name,
                       b.eligibility_category, r.rsa_situation, d.name AS ase_district_name, b.phone, b.email,
                       b.preferred_channel, r.needs, r.status, r.source, o.name AS referrer_name,
                       ru.display_name AS referrer_user_name, r.territory_id, t.code AS territory_code,
                       s.name AS structure_name, m.display_name AS mediator_name, r.refusal_reason, r.last_message,
                       r.notice_version, r.created_at, b.diagnosed_on,
                       -- An appointment may be given (same rule as the appointment form): the person was accepted and
                       -- has no appointment scheduled or attended, so the referral page never links to a refusal.
                       (b.status NOT IN ('REFERRED', 'REFUSED', 'WITHDRAWN') AND b.diagnosed_on IS NULL AND NOT EXISTS (
                           SELECT 1 FROM appointment_v a WHERE a.beneficiary_id = b.id AND a.status IN ('SCHEDULED', 'ATTENDED')))
                           AS appointment_due
                FROM referral r
                JOIN beneficiary_v b ON b.id = r.beneficiary_id
                LEFT JOIN commune_v c ON c.insee_code = b.commune_insee
                JOIN organisation_v o ON o.id = r.referring_organisation_id
                JOIN territory_v t ON t.id = r.territory_id
                LEFT JOIN ase_district_v d ON d.id = b.ase_district_id
                LEFT JOIN user_account_v ru ON ru.id = r.referrer_user_id
                LEFT JOIN organisation_v s ON s.id = r.assigned_structure_id
                LEFT JOIN user_account_v m ON m.id = r.assigned_mediator_id
                WHERE r.id = :id AND %s""".formatted(scope.predicate("r")))
                .params(params).query(Detail.class).optional();
    }

    List<Step> history(long referralId) {
        return jdbc.sql("""
                SELECT h.from_status, h.to_status, h.occurred_at, u.display_name AS by_name, h.note
                FROM referral_transition h LEFT JOIN user_account_v u ON u.id = h.by_user_id
                WHERE h.referral_id = :id ORDER BY h.occurred_at, h.id""")
                .param("id", referralId).query(Step.class).list();
    }

    List<Suspicion> openSuspicions(DataScope scope, long referralId) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", referralId);
        return jdbc.sql("""
                SELECT d.id, d.existing_id, d.rule, b.last_name, b.first_name, b.birth_date, COALESCE(c.name, b.commune_insee) AS commune_name,
                       t.code AS territory_code, o.name AS referrer_name, b.created_at
                FROM duplicate_suspicion d
                JOIN beneficiary_v b ON b.id = d.existing_id
                LEFT JOIN commune_v c ON c.insee_code = b.commune_insee
                JOIN territory_v t ON t.id = b.territory_id
                JOIN organisation_v o ON o.id = b.referring_organisation_id
                WHERE d.referral_id = :id AND d.status = 'OPEN' AND %s ORDER BY d.id""".formatted(scope.predicate("b")))
                .params(params).query(Suspicion.class).list();
    }

    /** A structure a referral can be given to, with the people of it who can accompany the person. */
    record Structure(long id, String name, List<Mediator> mediators) {
    }

    /** Someone of a structure who can accompany the person; conseillers numériques are shown as such. */
    record Mediator(long id, String name, boolean digitalAdvisor) {
    }

    /**
     * The member structures of the territory that accompany people (active, with at least one active
     * mediator or coordinator), each with those people: the only valid choices when accepting.
     * The consortium itself groups the structures and receives nobody; partners that are not members
     * are other kinds of organisation.
     */
    List<Structure> structures(long territoryId) {
        record Person(long structureId, String structureName, long id, String name, boolean digitalAdvisor) {
        }
        List<Person> people = jdbc.sql("""
                SELECT o.id AS structure_id, o.name AS structure_name, u.id, u.display_name AS name,
                       u.digital_advisor
                FROM organisation_v o JOIN user_account_v u ON u.organisation_id = o.id
                WHERE o.territory_id = :territory AND o.active AND o.kind = 'MEMBER_STRUCTURE'
                  AND u.active AND u.role IN ('MEDIATOR', 'COORDINATOR')
                ORDER BY o.name, o.id, u.display_name, u.id""")
                .param("territory", territoryId).query(Person.class).list();
        Map<Long, Structure> structures = new java.util.LinkedHashMap<>();
        for (Person p : people) {
            structures.computeIfAbsent(p.structureId(), id -> new Structure(id, p.structureName(), new java.util.ArrayList<>()))
                    .mediators().add(new Mediator(p.id(), p.name(), p.digitalAdvisor()));
        }
        return List.copyOf(structures.values());
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
