package org.parcoursnumerique.equipment;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Repairs of a device, given or in stock: the fault, the repairer (a partner organisation: repair
 * café, refurbisher), a device lent meanwhile, the cost and the outcome — repaired (back to its
 * owner or to the stock), replaced by another device (the person's handover moves to it; both
 * devices keep their history) or not repairable (recycled; the person waits for another device).
 */
@Service
class Repairs {

    enum Outcome { REPAIRED, REPLACED, NOT_REPAIRABLE }

    record Repair(long id, long deviceId, long territoryId, Long personId, String fault, LocalDate requestedOn,
                  long repairerId, Long loanDeviceId, long costCents, String outcome, Long replacementDeviceId,
                  LocalDate closedOn, Long createdBy) {

        boolean open() {
            return outcome == null;
        }
    }

    static final String SELECT = """
            SELECT r.id, r.device_id, r.territory_id, r.beneficiary_id AS person_id, r.fault, r.requested_on,
                   r.repairer_id, r.loan_device_id, r.cost_cents, r.outcome, r.replacement_device_id, r.closed_on,
                   r.created_by
            FROM equipment_repair r
            """;

    private final JdbcClient jdbc;
    private final Stock stock;
    private final Handovers handovers;
    private final Matching matching;
    private final Organisations organisations;
    private final Clock clock;

    Repairs(JdbcClient jdbc, Stock stock, Handovers handovers, Matching matching, Organisations organisations,
            Clock clock) {
        this.jdbc = jdbc;
        this.stock = stock;
        this.handovers = handovers;
        this.matching = matching;
        this.organisations = organisations;
        this.clock = clock;
    }

    /** The partner organisations that may repair (repair cafés, refurbishers), of any territory. */
    List<Organisations.Organisation> repairers() {
        var cafes = organisations.search(new Organisations.Filter(null,
                org.parcoursnumerique.organisation.OrganisationKind.REPAIR_CAFE, null, 1)).rows();
        var refurbishers = organisations.search(new Organisations.Filter(null,
                org.parcoursnumerique.organisation.OrganisationKind.REFURBISHER, null, 1)).rows();
        var all = new java.util.ArrayList<>(cafes);
        all.addAll(refurbishers);
        return all;
    }

    @Transactional
    long open(Caller caller, long deviceId, String fault, long repairerId, Long loanDeviceId, LocalDate requestedOn) {
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        LocalDate on = requestedOn == null ? today : requestedOn;
        if (on.isAfter(today) || on.isBefore(today.minusYears(2))) {
            throw new ConflictException("equipment.repair.date");
        }
        if (fault == null || fault.isBlank() || fault.length() > 1000) {
            throw new ConflictException("equipment.repair.fault.invalid");
        }
        var repairer = organisations.find(repairerId).filter(o -> o.active() && (o.kind()
                == org.parcoursnumerique.organisation.OrganisationKind.REPAIR_CAFE || o.kind()
                == org.parcoursnumerique.organisation.OrganisationKind.REFURBISHER));
        if (repairer.isEmpty()) {
            throw new ConflictException("equipment.repair.repairer.invalid");
        }
        TerritoryScope scope = caller.personScope();
        Stock.Device device = stock.lock(TerritoryScope.all(), deviceId);
        if (!scope.includes(device.territoryId())) {
            throw new NotFoundException();
        }
        Long personId = null;
        Long referrer = null;
        if (device.statusValue() == DeviceStatus.HANDED_OVER) {
            var h = handovers.activeOfDevice(deviceId).orElseThrow(() -> new ConflictException("equipment.repair.state"));
            Matching.Person person = matching.lockPerson(caller, h.personId());
            personId = person.id();
            referrer = person.referringOrganisationId();
        } else if (!device.statusValue().inStock() || device.statusValue() == DeviceStatus.RESERVED) {
            throw new ConflictException("equipment.repair.state");
        }
        if (loanDeviceId != null) {
            if (personId == null || loanDeviceId == deviceId) {
                throw new ConflictException("equipment.repair.loan.invalid");
            }
            Stock.Device loan = stock.lock(TerritoryScope.all(), loanDeviceId);
            if (loan.territoryId() != device.territoryId()) {
                throw new NotFoundException();
            }
            if (loan.statusValue() != DeviceStatus.READY) {
                throw new ConflictException("equipment.repair.loan.invalid");
            }
            stock.move(loan, DeviceStatus.LENT, caller.userId(), null);
        }
        stock.move(device, DeviceStatus.IN_REPAIR, caller.userId(), null);
        long id;
        try {
            id = Keys.insert(jdbc.sql("""
                    INSERT INTO equipment_repair (device_id, territory_id, beneficiary_id, referring_organisation_id, fault,
                        requested_on, repairer_id, loan_device_id, cost_cents, created_by, created_at, active_device_id)
                    VALUES (:device, :territory, :person, :referrer, :fault, :on, :repairer, :loan, 0, :by, :now, :device)""")
                    .param("device", deviceId).param("territory", device.territoryId()).param("person", personId)
                    .param("referrer", referrer).param("fault", fault.strip()).param("on", on)
                    .param("repairer", repairerId).param("loan", loanDeviceId).param("by", caller.userId())
                    .param("now", OffsetDateTime.now(clock)));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("equipment.repair.state");
        }
        if (personId != null) {
            matching.record(caller, personId, AuditAction.CHANGE, "repair " + id + " of device " + deviceId);
        }
        return id;
    }

    @Transactional
    void close(Caller caller, long repairId, Outcome outcome, long costCents, Long replacementDeviceId, LocalDate closedOn) {
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        LocalDate on = closedOn == null ? today : closedOn;
        Repair r = get(caller.personScope(), repairId);
        if (!r.open()) {
            throw new ConflictException("equipment.repair.closed");
        }
        if (on.isAfter(today) || on.isBefore(r.requestedOn())) {
            throw new ConflictException("equipment.repair.date");
        }
        if (costCents < 0 || costCents > 1_000_000) {
            throw new ConflictException("equipment.repair.cost.invalid");
        }
        Matching.Person person = r.personId() == null ? null : matching.lockPerson(caller, r.personId());
        Stock.Device device = stock.lock(TerritoryScope.all(), r.deviceId());
        var handover = handovers.activeOfDevice(r.deviceId());
        switch (outcome) {
            case REPAIRED -> stock.move(device, handover.isPresent() ? DeviceStatus.HANDED_OVER : DeviceStatus.READY,
                    caller.userId(), null);
            case NOT_REPAIRABLE -> {
                stock.move(device, DeviceStatus.RECYCLED, caller.userId(), null);
                handover.ifPresent(h -> {
                    handovers.end(h.id(), on, "NOT_REPAIRABLE");
                    matching.setNeedState(h.personId(), "WAITING");
                });
            }
            case REPLACED -> {
                if (person == null || handover.isEmpty() || replacementDeviceId == null) {
                    throw new ConflictException("equipment.repair.replacement.invalid");
                }
                Stock.Device replacement = stock.lock(TerritoryScope.all(), replacementDeviceId);
                if (replacement.territoryId() != device.territoryId()) {
                    throw new NotFoundException();
                }
                if (replacement.statusValue() != DeviceStatus.READY) {
                    throw new ConflictException("equipment.repair.replacement.invalid");
                }
                stock.move(device, DeviceStatus.RECYCLED, caller.userId(), null);
                handovers.end(handover.get().id(), on, "REPLACED");
                int warranty = replacement.warrantyMonths() > 0 ? replacement.warrantyMonths()
                        : stock.settings(person.programmeId()).refurbishedWarrantyMonths();
                long structure = stock.place(TerritoryScope.all(), replacement.storagePlaceId()).structureId();
                handovers.insert(person, replacement.id(), structure, on, OffsetDateTime.now(clock), caller, 0, null, null,
                        handover.get().accessories(), warranty, Handovers.Signature.pending());
                stock.move(replacement, DeviceStatus.HANDED_OVER, caller.userId(), null);
            }
        }
        if (r.loanDeviceId() != null) {
            stock.move(stock.lock(TerritoryScope.all(), r.loanDeviceId()), DeviceStatus.READY, caller.userId(), null);
        }
        jdbc.sql("""
                UPDATE equipment_repair SET outcome = :outcome, cost_cents = :cost, replacement_device_id = :replacement,
                       closed_on = :on, active_device_id = NULL WHERE id = :id""")
                .param("outcome", outcome.name()).param("cost", costCents)
                .param("replacement", outcome == Outcome.REPLACED ? replacementDeviceId : null).param("on", on)
                .param("id", repairId).update();
        if (person != null) {
            matching.record(caller, person.id(), AuditAction.CHANGE, "repair " + repairId + " closed: " + outcome);
        }
    }

    Repair get(TerritoryScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql(SELECT + "WHERE r.id = :id AND " + scope.predicate("r.territory_id")).params(params)
                .query(Repair.class).optional().orElseThrow(NotFoundException::new);
    }

    List<Repair> ofDevice(long deviceId) {
        return jdbc.sql(SELECT + "WHERE r.device_id = :d OR r.loan_device_id = :d OR r.replacement_device_id = :d "
                        + "ORDER BY r.requested_on DESC, r.id DESC")
                .param("d", deviceId).query(Repair.class).list();
    }

    List<Repair> ofPerson(long personId) {
        return jdbc.sql(SELECT + "WHERE r.beneficiary_id = :p ORDER BY r.requested_on DESC, r.id DESC")
                .param("p", personId).query(Repair.class).list();
    }

    List<Repair> open(TerritoryScope scope, int limit) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("limit", limit);
        return jdbc.sql(SELECT + "WHERE r.outcome IS NULL AND " + scope.predicate("r.territory_id")
                        + " ORDER BY r.requested_on, r.id LIMIT :limit")
                .params(params).query(Repair.class).list();
    }
}
