package org.parcoursnumerique.appointment;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The reads of the appointment module, each with the caller's scope where it concerns people. */
@Component
class AppointmentQueries {

    /**
     * The person as scheduling needs them. {@code smsConsent} is their latest answer about being
     * contacted by SMS, null when they were never asked.
     */
    record Person(long id, String firstName, String lastName, String status, String email, String phone,
                  String preferredChannel, Boolean smsConsent, long territoryId, long referringOrganisationId) {

        /** Statuses from which a diagnostic appointment may be given: the referral was accepted. */
        boolean accepted() {
            return !List.of("REFERRED", "REFUSED", "WITHDRAWN").contains(status);
        }

        /**
         * SMS only with the person's agreement: an explicit SMS_CONTACT consent, or, when never asked,
         * SMS chosen as their preferred way of being contacted. A recorded refusal always wins.
         */
        boolean acceptsSms() {
            if (phone == null || phone.isBlank()) {
                return false;
            }
            return smsConsent != null ? smsConsent : "SMS".equals(preferredChannel);
        }

        /** The diagnostic is done (the person is diagnosed or further along their pathway). */
        boolean diagnosed() {
            return List.of("DIAGNOSED", "IN_PATHWAY", "COMPLETED").contains(status);
        }

        boolean hasEmail() {
            return email != null && !email.isBlank();
        }

        boolean reachable() {
            return hasEmail() || acceptsSms();
        }
    }

    /** A member structure where appointments take place. */
    record Place(long id, String name, String addressLine, String postcode, String city, String accessInfo,
                 String phone) {
        String address() {
            return addressLine + ", " + postcode + " " + city;
        }
    }

    /** @param digitalAdvisor a conseiller numérique, shown in the choice of mediator */
    record Staff(long id, String displayName, String role, boolean digitalAdvisor) {
    }

    /** Everything the messages to the person say about one appointment. */
    record Details(long id, long beneficiaryId, String firstName, String email, String phone, String preferredChannel,
                   Boolean smsConsent, String beneficiaryStatus, OffsetDateTime startsAt, int durationMinutes,
                   int sequence, String status, long structureId, String structureName, String addressLine,
                   String postcode, String city, String accessInfo, String structurePhone, String mediatorName) {

        Person person() {
            return new Person(beneficiaryId, firstName, null, beneficiaryStatus, email, phone, preferredChannel,
                    smsConsent, 0, 0);
        }

        Place place() {
            return new Place(structureId, structureName, addressLine, postcode, city, accessInfo, structurePhone);
        }
    }

    /** One appointment in a list (the person's page, the agenda). */
    record Item(long id, long beneficiaryId, String lastName, String firstName, OffsetDateTime startsAt,
                int durationMinutes, String status, String structureName, String addressLine, String postcode,
                String city, long mediatorId, String mediatorName, Long reinvitedFromId, String note) {
    }

    private static final String SMS_CONSENT = """
            (SELECT c.accepted FROM consent_v c WHERE c.beneficiary_id = b.id AND c.purpose = 'SMS_CONTACT'
             ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)""";

    private final JdbcClient jdbc;

    private final org.parcoursnumerique.beneficiary.Beneficiaries beneficiaries;
    private final org.parcoursnumerique.account.Accounts accounts;

    AppointmentQueries(JdbcClient jdbc, org.parcoursnumerique.beneficiary.Beneficiaries beneficiaries,
                       org.parcoursnumerique.account.Accounts accounts) {
        this.beneficiaries = beneficiaries;
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    Optional<Person> person(long id, DataScope scope, boolean lock) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT b.id, b.first_name, b.last_name, b.status, b.email, b.phone, b.preferred_channel,
                       %s AS sms_consent, b.territory_id, b.referring_organisation_id
                FROM beneficiary_v b WHERE b.id = :id AND %s""".formatted(SMS_CONSENT, scope.predicate("b")))
                .params(params).query(Person.class).optional()
                // Locks the person while an appointment is checked and written: two mediators cannot give
                // them two scheduled appointments at once.
                .map(p -> {
                    if (lock) {
                        beneficiaries.lock(id);
                    }
                    return p;
                });
    }

    /** Active member structures of the territory that have an address: where appointments can be given. */
    List<Place> places(long territoryId) {
        return jdbc.sql("""
                SELECT o.id, o.name, o.address_line, o.postcode, o.city, o.access_info, o.phone FROM organisation_v o
                WHERE o.kind = 'MEMBER_STRUCTURE' AND o.active AND o.territory_id = :territory
                  AND o.address_line IS NOT NULL AND o.postcode IS NOT NULL AND o.city IS NOT NULL
                ORDER BY o.name""")
                .param("territory", territoryId).query(Place.class).list();
    }

    /** Active mediators and coordinators working in the territory (its consortium and member structures). */
    List<Staff> mediators(long territoryId) {
        return jdbc.sql("""
                SELECT u.id, u.display_name, u.role, u.digital_advisor
                FROM user_account_v u JOIN organisation_v o ON o.id = u.organisation_id
                WHERE u.active AND u.role IN ('MEDIATOR', 'COORDINATOR') AND o.territory_id = :territory
                  AND o.kind IN ('CONSORTIUM', 'MEMBER_STRUCTURE')
                ORDER BY u.display_name, u.id""")
                .param("territory", territoryId).query(Staff.class).list();
    }

    /** Whether the person's postal address is known (street, postcode and town): the letter can be posted. */
    boolean hasPostalAddress(long beneficiaryId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM beneficiary_v
                WHERE id = :id AND address_line IS NOT NULL AND postcode IS NOT NULL AND city IS NOT NULL""")
                .param("id", beneficiaryId).query(Long.class).single() > 0;
    }

    /** Whether a diagnostic of the person was started (draft) or done. */
    boolean hasDiagnostic(long beneficiaryId) {
        return jdbc.sql("SELECT COUNT(*) FROM diagnostic_v WHERE beneficiary_id = :id")
                .param("id", beneficiaryId).query(Long.class).single() > 0;
    }

    boolean hasScheduled(long beneficiaryId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM appointment
                WHERE beneficiary_id = :id AND status = 'SCHEDULED' AND purpose = 'DIAGNOSTIC'""")
                .param("id", beneficiaryId).query(Long.class).single() > 0;
    }

    /**
     * Whether the mediator has another scheduled appointment that overlaps the one from {@code start} for
     * {@code durationMinutes}.
     * {@code except}: the appointment being moved, which does not overlap itself.
     */
    boolean overlaps(long mediatorId, OffsetDateTime start, int durationMinutes, Long except) {
        OffsetDateTime end = start.plusMinutes(durationMinutes);
        // Appointments last at most 240 minutes: only those that start in the 4 hours before can reach
        // this one, which keeps the comparison in plain SQL on both databases (no interval arithmetic).
        return jdbc.sql("""
                SELECT a.starts_at, a.duration_minutes FROM appointment a
                WHERE a.mediator_id = :mediator AND a.status = 'SCHEDULED' AND a.id <> :except
                  AND a.starts_at < :end AND a.starts_at > :earliest""")
                .param("mediator", mediatorId).param("except", except == null ? -1L : except)
                .param("end", end).param("earliest", start.minusMinutes(240))
                .query((rs, n) -> rs.getObject("starts_at", OffsetDateTime.class)
                        .plusMinutes(rs.getInt("duration_minutes")))
                .list().stream().anyMatch(otherEnd -> otherEnd.isAfter(start));
    }

    /** Serialises bookings of one mediator (the overlap check then sees the other's appointment). */
    void lockMediator(Long mediatorId) {
        if (mediatorId != null) {
            accounts.lock(mediatorId);
        }
    }

    Details details(long appointmentId) {
        return jdbc.sql("""
                SELECT a.id, a.beneficiary_id, b.first_name, b.email, b.phone, b.preferred_channel,
                       %s AS sms_consent, b.status AS beneficiary_status, a.starts_at, a.duration_minutes,
                       a.ics_sequence AS sequence, a.status, s.id AS structure_id, s.name AS structure_name,
                       s.address_line, s.postcode, s.city, s.access_info, s.phone AS structure_phone,
                       m.display_name AS mediator_name
                FROM appointment a
                JOIN beneficiary_v b ON b.id = a.beneficiary_id
                JOIN organisation_v s ON s.id = a.structure_id
                JOIN user_account_v m ON m.id = a.mediator_id
                WHERE a.id = :id""".formatted(SMS_CONSENT))
                .param("id", appointmentId).query(Details.class).single();
    }

    /** What the convocation letter says: the person and their postal address, the place, the mediator. */
    record Letter(long id, long beneficiaryId, String status, String lastName, String firstName, String addressLine,
                  String addressComplement, String personPostcode, String personCity, OffsetDateTime startsAt,
                  int durationMinutes, String structureName, String structureAddressLine, String structurePostcode,
                  String structureCity, String accessInfo, String structurePhone, String mediatorName) {

        boolean hasAddress() {
            return addressLine != null && personPostcode != null && personCity != null;
        }
    }

    /** The letter of an appointment already found in the caller's scope. */
    Letter letter(long appointmentId) {
        return jdbc.sql("""
                SELECT a.id, a.beneficiary_id, a.status, b.last_name, b.first_name, b.address_line,
                       b.address_complement, b.postcode AS person_postcode, b.city AS person_city, a.starts_at,
                       a.duration_minutes, s.name AS structure_name, s.address_line AS structure_address_line,
                       s.postcode AS structure_postcode, s.city AS structure_city, s.access_info,
                       s.phone AS structure_phone, m.display_name AS mediator_name
                FROM appointment a
                JOIN beneficiary_v b ON b.id = a.beneficiary_id
                JOIN organisation_v s ON s.id = a.structure_id
                JOIN user_account_v m ON m.id = a.mediator_id
                WHERE a.id = :id""")
                .param("id", appointmentId).query(Letter.class).single();
    }

    private static final String ITEM = """
            SELECT a.id, a.beneficiary_id, b.last_name, b.first_name, a.starts_at, a.duration_minutes, a.status,
                   s.name AS structure_name, s.address_line, s.postcode, s.city, a.mediator_id,
                   m.display_name AS mediator_name, a.reinvited_from_id,
                   (SELECT t.note FROM appointment_transition t WHERE t.appointment_id = a.id
                    ORDER BY t.occurred_at DESC, t.id DESC LIMIT 1) AS note
            FROM appointment a
            JOIN beneficiary_v b ON b.id = a.beneficiary_id
            JOIN organisation_v s ON s.id = a.structure_id
            JOIN user_account_v m ON m.id = a.mediator_id
            """;

    /** The person's appointments, most recent first, in the caller's scope. */
    List<Item> ofPerson(long beneficiaryId, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        return jdbc.sql(ITEM + " WHERE a.beneficiary_id = :id AND %s ORDER BY a.starts_at DESC, a.id DESC"
                        .formatted(scope.predicate("a")))
                .params(params).query(Item.class).list();
    }

    /** Scheduled appointments from {@code from} on, in the caller's scope; the caller's own first if asked. */
    List<Item> agenda(DataScope scope, OffsetDateTime from, Long onlyMediator, int limit) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("from", from);
        params.put("limit", limit);
        String mine = "";
        if (onlyMediator != null) {
            mine = " AND a.mediator_id = :mediator";
            params.put("mediator", onlyMediator);
        }
        return jdbc.sql(ITEM + " WHERE a.status = 'SCHEDULED' AND a.starts_at >= :from AND %s%s ORDER BY a.starts_at, a.id LIMIT :limit"
                        .formatted(scope.predicate("a"), mine))
                .params(params).query(Item.class).list();
    }

    /** Rows per page of the agenda. */
    static final int AGENDA_PAGE_SIZE = 50;

    /** One page of the agenda and its place among the others. */
    record AgendaPage(List<Item> items, org.parcoursnumerique.shared.Pagination pagination) {
    }

    /**
     * Scheduled appointments from {@code from} on, in the caller's scope (only one mediator's if
     * asked), soonest first, one page at a time with a true total.
     */
    AgendaPage agendaPage(DataScope scope, OffsetDateTime from, Long onlyMediator, String requestedPage, String base) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("from", from);
        String where = "a.status = 'SCHEDULED' AND a.starts_at >= :from AND " + scope.predicate("a");
        if (onlyMediator != null) {
            where += " AND a.mediator_id = :mediator";
            params.put("mediator", onlyMediator);
        }
        params.put("cap", org.parcoursnumerique.shared.Pagination.DEFAULT_COUNT_CAP + 1);
        long counted = jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM appointment a WHERE %s LIMIT :cap) x".formatted(where))
                .params(params).query(Long.class).single();
        var pagination = org.parcoursnumerique.shared.Pagination.of(requestedPage, AGENDA_PAGE_SIZE, counted,
                org.parcoursnumerique.shared.Pagination.DEFAULT_COUNT_CAP, base);
        params.put("limit", pagination.limit());
        params.put("offset", pagination.offset());
        return new AgendaPage(jdbc.sql(ITEM + " WHERE %s ORDER BY a.starts_at, a.id LIMIT :limit OFFSET :offset"
                        .formatted(where))
                .params(params).query(Item.class).list(), pagination);
    }
}
