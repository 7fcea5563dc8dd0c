package org.parcoursnumerique.equipment;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.diagnostic.DiagnosticCompleted;
import org.parcoursnumerique.diagnostic.DiagnosticCorrected;
import org.parcoursnumerique.diagnostic.EquipmentType;
import org.parcoursnumerique.diagnostic.PathwayPlans;
import org.parcoursnumerique.diagnostic.RecommendationAdjusted;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who waits for a device and who gets which: the need of each person whose pathway plan recommends a
 * device ({@code equipment_need}, kept from the diagnostic's events), the waiting queue of a territory
 * (oldest diagnostic first), reservations (one device for one person, whatever the timing: the
 * device's row is locked and the reservation's unique columns hold) and distribution days. ADR 0032.
 */
@Service
class Matching {

    /** What the equipment stage knows of a person it acts for. */
    record Person(long id, long programmeId, long territoryId, long referringOrganisationId) {
    }

    record Waiting(long personId, String lastName, String firstName, String recommendedType, OffsetDateTime diagnosedAt) {
    }

    record Reservation(long id, long deviceId, long personId, long territoryId, long referringOrganisationId,
                       String status, Long distributionDayId, OffsetDateTime reservedAt) {
    }

    private final JdbcClient jdbc;
    private final PathwayPlans plans;
    private final Beneficiaries beneficiaries;
    private final PersonInScope personInScope;
    private final AuditLog audit;
    private final Stock stock;
    private final Clock clock;

    Matching(JdbcClient jdbc, PathwayPlans plans, Beneficiaries beneficiaries, PersonInScope personInScope,
             AuditLog audit, Stock stock, Clock clock) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.beneficiaries = beneficiaries;
        this.personInScope = personInScope;
        this.audit = audit;
        this.stock = stock;
        this.clock = clock;
    }

    // ---- the person ----------------------------------------------------------------------------

    /**
     * The person in the caller's scope, their row locked until the end of the transaction; 404 (and
     * the refusal audited) otherwise. Users go through {@link PersonInScope}; a token reaches the
     * people of its territory only.
     */
    Person lockPerson(Caller caller, long personId) {
        if (caller.user() != null) {
            if (caller.personScope().isNone()) {
                throw new NotFoundException();
            }
            var p = personInScope.lock(caller.user(), personId);
            return new Person(p.id(), p.programmeId(), p.territoryId(), p.referringOrganisationId());
        }
        var placement = beneficiaries.lockPlacement(personId)
                .filter(p -> caller.personScope().includes(p.territoryId()));
        if (placement.isEmpty()) {
            audit.recordDeniedApi(caller.api(), "person " + personId);
            throw new NotFoundException();
        }
        return new Person(personId, placement.get().programmeId(), placement.get().territoryId(),
                placement.get().referringOrganisationId());
    }

    void record(Caller caller, long personId, AuditAction action, String details) {
        if (caller.user() != null) {
            audit.record(caller.user(), personId, action, details);
        } else {
            audit.recordBy(null, caller.auditName(), caller.organisationId(), personId, action, details);
        }
    }

    // ---- needs ---------------------------------------------------------------------------------

    @ApplicationModuleListener
    void on(DiagnosticCompleted event) {
        refresh(event.beneficiaryId());
    }

    @ApplicationModuleListener
    void on(RecommendationAdjusted event) {
        refresh(event.beneficiaryId());
    }

    @ApplicationModuleListener
    void on(DiagnosticCorrected event) {
        refresh(event.beneficiaryId());
    }

    /** Brings the person's need in line with their plan (idempotent); a reserved or equipped person keeps their state. */
    @Transactional
    void refresh(long personId) {
        var placement = beneficiaries.lockPlacement(personId);
        if (placement.isEmpty()) {
            return;
        }
        var plan = plans.forBeneficiary(personId);
        if (plan.isEmpty()) {
            return;
        }
        upsertNeed(personId, placement.get().territoryId(), placement.get().referringOrganisationId(),
                plan.get().equipment(), plan.get().completedAt());
    }

    void upsertNeed(long personId, long territoryId, long referrerId, EquipmentType type, OffsetDateTime diagnosedAt) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String recommended = type.name();
        int updated = jdbc.sql("""
                UPDATE equipment_need SET recommended_type = :type, diagnosed_at = :at, territory_id = :territory,
                       referring_organisation_id = :referrer, updated_at = :now,
                       state = CASE WHEN state IN ('RESERVED', 'EQUIPPED') THEN state
                                    WHEN :type = 'NONE' THEN 'NONE' ELSE 'WAITING' END
                WHERE beneficiary_id = :person""")
                .param("type", recommended).param("at", diagnosedAt).param("territory", territoryId)
                .param("referrer", referrerId).param("now", now).param("person", personId).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO equipment_need (beneficiary_id, territory_id, referring_organisation_id, recommended_type,
                                                diagnosed_at, state, updated_at)
                    VALUES (:person, :territory, :referrer, :type, :at, :state, :now)""")
                    .param("person", personId).param("territory", territoryId).param("referrer", referrerId)
                    .param("type", recommended).param("at", diagnosedAt)
                    .param("state", type == EquipmentType.NONE ? "NONE" : "WAITING").param("now", now).update();
        }
    }

    record Need(String recommendedType, OffsetDateTime diagnosedAt, String state) {
    }

    Optional<Need> need(long personId) {
        return jdbc.sql("SELECT recommended_type, diagnosed_at, state FROM equipment_need WHERE beneficiary_id = :p")
                .param("p", personId).query(Need.class).optional();
    }

    void setNeedState(long personId, String state) {
        jdbc.sql("UPDATE equipment_need SET state = :state, updated_at = :now WHERE beneficiary_id = :p")
                .param("state", state).param("now", OffsetDateTime.now(clock)).param("p", personId).update();
    }

    /**
     * One page of the people of the territories in {@code scope} waiting for a device, oldest
     * diagnostic first. The names come from the person's row joined in the same scoped query.
     */
    List<Waiting> waiting(TerritoryScope scope, String type, int limit, long offset) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("limit", limit);
        params.put("offset", offset);
        String typeFilter = "";
        if (type != null) {
            typeFilter = " AND n.recommended_type = :type";
            params.put("type", type);
        }
        return jdbc.sql("""
                SELECT n.beneficiary_id AS person_id, b.last_name, b.first_name, n.recommended_type, n.diagnosed_at
                FROM equipment_need n JOIN beneficiary_v b ON b.id = n.beneficiary_id
                WHERE n.state = 'WAITING' AND %s%s
                ORDER BY n.diagnosed_at, n.beneficiary_id LIMIT :limit OFFSET :offset"""
                        .formatted(scope.predicate("n.territory_id"), typeFilter))
                .params(params).query(Waiting.class).list();
    }

    long countWaiting(TerritoryScope scope, String type, long cap) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("cap", cap);
        String typeFilter = "";
        if (type != null) {
            typeFilter = " AND n.recommended_type = :type";
            params.put("type", type);
        }
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM equipment_need n WHERE n.state = 'WAITING' AND "
                        + scope.predicate("n.territory_id") + typeFilter + " LIMIT :cap) x")
                .params(params).query(Long.class).single();
    }

    // ---- reservations --------------------------------------------------------------------------

    /**
     * Reserves a ready device of the person's territory for them. The device's row is locked, so two
     * reservations of one device are serialised: the second finds it reserved and is refused with
     * {@code equipment.reserve.taken}; the unique columns of the reservation hold in any case.
     */
    @Transactional
    long reserve(Caller caller, long personId, long deviceId) {
        Person person = lockPerson(caller, personId);
        Need need = needOf(person);
        if ("RESERVED".equals(need.state())) {
            throw new ConflictException("equipment.reserve.already");
        }
        if ("EQUIPPED".equals(need.state())) {
            throw new ConflictException("equipment.reserve.equipped");
        }
        Stock.Device device = stock.lock(TerritoryScope.all(), deviceId);
        if (device.territoryId() != person.territoryId() || !caller.personScope().includes(device.territoryId())) {
            throw new NotFoundException();
        }
        if (device.statusValue() != DeviceStatus.READY) {
            throw new ConflictException("equipment.reserve.taken");
        }
        stock.move(device, DeviceStatus.RESERVED, caller.userId(), null);
        long id;
        try {
            id = Keys.insert(jdbc.sql("""
                    INSERT INTO equipment_reservation (device_id, beneficiary_id, territory_id, referring_organisation_id,
                        status, active_device_id, active_person_id, reserved_at, reserved_by, reserved_by_organisation)
                    VALUES (:device, :person, :territory, :referrer, 'ACTIVE', :device, :person, :now, :by, :org)""")
                    .param("device", deviceId).param("person", personId).param("territory", person.territoryId())
                    .param("referrer", person.referringOrganisationId()).param("now", OffsetDateTime.now(clock))
                    .param("by", caller.userId()).param("org", caller.organisationId()));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("equipment.reserve.taken");
        }
        setNeedState(personId, "RESERVED");
        record(caller, personId, AuditAction.CHANGE, "device " + deviceId + " reserved (reservation " + id + ")");
        return id;
    }

    /** The person's need, read from their plan when the diagnostic's event has not been handled yet. */
    private Need needOf(Person person) {
        return need(person.id()).filter(n -> !"NONE".equals(n.state())).or(() -> {
            var plan = plans.forBeneficiary(person.id()).filter(p -> p.needsEquipment());
            plan.ifPresent(p -> upsertNeed(person.id(), person.territoryId(), person.referringOrganisationId(),
                    p.equipment(), p.completedAt()));
            return plan.flatMap(p -> need(person.id()));
        }).orElseThrow(() -> new ConflictException("equipment.reserve.noNeed"));
    }

    Optional<Reservation> activeReservation(long personId) {
        return jdbc.sql("""
                SELECT id, device_id, beneficiary_id AS person_id, territory_id, referring_organisation_id, status,
                       distribution_day_id, reserved_at
                FROM equipment_reservation WHERE active_person_id = :p""")
                .param("p", personId).query(Reservation.class).optional();
    }

    /** A reservation in the caller's scope (for a page), else not found. */
    Reservation reservation(TerritoryScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT r.id, r.device_id, r.beneficiary_id AS person_id, r.territory_id, r.referring_organisation_id,
                       r.status, r.distribution_day_id, r.reserved_at
                FROM equipment_reservation r WHERE r.id = :id AND %s""".formatted(scope.predicate("r.territory_id")))
                .params(params).query(Reservation.class).optional().orElseThrow(NotFoundException::new);
    }

    @Transactional
    void cancel(Caller caller, long reservationId) {
        Reservation r = reservation(caller.personScope(), reservationId);
        lockPerson(caller, r.personId());
        Stock.Device device = stock.lock(TerritoryScope.all(), r.deviceId());
        int updated = jdbc.sql("""
                UPDATE equipment_reservation SET status = 'CANCELLED', active_device_id = NULL, active_person_id = NULL
                WHERE id = :id AND status = 'ACTIVE'""").param("id", reservationId).update();
        if (updated == 0) {
            throw new ConflictException("equipment.reservation.notActive");
        }
        stock.move(device, DeviceStatus.READY, caller.userId(), null);
        setNeedState(r.personId(), "WAITING");
        record(caller, r.personId(), AuditAction.CHANGE, "reservation " + reservationId + " cancelled");
    }

    // ---- distribution days ---------------------------------------------------------------------

    record Day(long id, long territoryId, long storagePlaceId, String placeName, String placeAddress, LocalDate heldOn,
               String startsAt, long people) {
    }

    record DayPerson(long reservationId, long personId, String lastName, String firstName, long deviceId,
                     String deviceType, String brand, String model, String serialNumber, String status,
                     OffsetDateTime convenedAt) {
    }

    @Transactional
    long planDay(Caller caller, long placeId, LocalDate day, String startsAt) {
        Stock.Place place = stock.place(caller.writeScope(), placeId);
        return Keys.insert(jdbc.sql("""
                INSERT INTO distribution_day (territory_id, storage_place_id, held_on, starts_at, created_by, created_at)
                VALUES (:territory, :place, :day, :start, :by, :now)""")
                .param("territory", place.territoryId()).param("place", placeId).param("day", day)
                .param("start", startsAt).param("by", caller.userId()).param("now", OffsetDateTime.now(clock)));
    }

    List<Day> days(TerritoryScope scope, LocalDate from) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("from", from);
        return jdbc.sql("""
                SELECT d.id, d.territory_id, d.storage_place_id, p.name AS place_name, p.address AS place_address, d.held_on,
                       d.starts_at,
                       (SELECT COUNT(*) FROM equipment_reservation r WHERE r.distribution_day_id = d.id
                          AND r.status <> 'CANCELLED') AS people
                FROM distribution_day d JOIN storage_place p ON p.id = d.storage_place_id
                WHERE d.held_on >= :from AND %s ORDER BY d.held_on, d.id LIMIT 50""".formatted(scope.predicate("d.territory_id")))
                .params(params).query(Day.class).list();
    }

    Day day(TerritoryScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT d.id, d.territory_id, d.storage_place_id, p.name AS place_name, p.address AS place_address, d.held_on,
                       d.starts_at,
                       (SELECT COUNT(*) FROM equipment_reservation r WHERE r.distribution_day_id = d.id
                          AND r.status <> 'CANCELLED') AS people
                FROM distribution_day d JOIN storage_place p ON p.id = d.storage_place_id
                WHERE d.id = :id AND %s""".formatted(scope.predicate("d.territory_id")))
                .params(params).query(Day.class).optional().orElseThrow(NotFoundException::new);
    }

    /** The people of a day with their reserved devices (names from the scoped join of the person's row). */
    List<DayPerson> dayPeople(Caller caller, long dayId) {
        Map<String, Object> params = new HashMap<>(caller.user().dataScope().parameters());
        params.put("day", dayId);
        return jdbc.sql("""
                SELECT r.id AS reservation_id, b.id AS person_id, b.last_name, b.first_name, d.id AS device_id,
                       d.device_type, d.brand, d.model, d.serial_number, r.status, r.convened_at
                FROM equipment_reservation r JOIN beneficiary_v b ON b.id = r.beneficiary_id JOIN device d ON d.id = r.device_id
                WHERE r.distribution_day_id = :day AND r.status <> 'CANCELLED' AND %s
                ORDER BY b.last_name, b.first_name, r.id""".formatted(caller.user().dataScope().predicate("b")))
                .params(params).query(DayPerson.class).list();
    }

    /** Reservations of the territory not yet given a day, for the day's page. */
    List<DayPerson> unplanned(Caller caller, long territoryId) {
        Map<String, Object> params = new HashMap<>(caller.user().dataScope().parameters());
        params.put("territory", territoryId);
        return jdbc.sql("""
                SELECT r.id AS reservation_id, b.id AS person_id, b.last_name, b.first_name, d.id AS device_id,
                       d.device_type, d.brand, d.model, d.serial_number, r.status, r.convened_at
                FROM equipment_reservation r JOIN beneficiary_v b ON b.id = r.beneficiary_id JOIN device d ON d.id = r.device_id
                WHERE r.territory_id = :territory AND r.status = 'ACTIVE' AND r.distribution_day_id IS NULL AND %s
                ORDER BY r.reserved_at, r.id LIMIT 200""".formatted(caller.user().dataScope().predicate("b")))
                .params(params).query(DayPerson.class).list();
    }

    @Transactional
    void addToDay(Caller caller, long dayId, long reservationId) {
        Day day = day(caller.writeScope(), dayId);
        Reservation r = reservation(caller.personScope(), reservationId);
        if (r.territoryId() != day.territoryId()) {
            throw new NotFoundException();
        }
        lockPerson(caller, r.personId());
        int updated = jdbc.sql("UPDATE equipment_reservation SET distribution_day_id = :day, convened_at = NULL "
                        + "WHERE id = :id AND status = 'ACTIVE'")
                .param("day", dayId).param("id", reservationId).update();
        if (updated == 0) {
            throw new ConflictException("equipment.reservation.notActive");
        }
        record(caller, r.personId(), AuditAction.CHANGE, "reservation " + reservationId + " on distribution day " + dayId);
    }

    void markConvened(long reservationId) {
        jdbc.sql("UPDATE equipment_reservation SET convened_at = :now WHERE id = :id")
                .param("now", OffsetDateTime.now(clock)).param("id", reservationId).update();
    }
}
