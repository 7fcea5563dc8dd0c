package org.parcoursnumerique.equipment;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.programme.Programmes;
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
 * The handover of a device as a gift: the person becomes its owner, with a contribution of 0 € or
 * up to the programme's cap, a signature (drawn on the tablet and kept as a PNG, or on paper with
 * its scan; an API handover may be signed afterwards), the warranty of the device's source from the
 * handover date, and the {@code EQUIPPED} milestone, all in one transaction.
 */
@Service
class Handovers {

    enum PaymentMode { CASH, CHEQUE, CARD, TRANSFER }

    enum SignatureKind { DRAWN, PAPER, PENDING }

    /** A signature given with the handover (or afterwards): the drawn PNG, or the paper scan and its type. */
    record Signature(SignatureKind kind, byte[] content, String contentType) {

        static Signature pending() {
            return new Signature(SignatureKind.PENDING, null, null);
        }
    }

    record HandoverRequest(long personId, long deviceId, LocalDate on, long contributionCents, PaymentMode paymentMode,
                           String receiptNumber, String accessories, Signature signature) {
    }

    record Handover(long id, long deviceId, long personId, long territoryId, long structureId, LocalDate handedOverOn,
                    OffsetDateTime recordedAt, Long byUserId, long contributionCents, String paymentMode,
                    String receiptNumber, String accessories, int warrantyMonths, LocalDate warrantyEndsOn,
                    String signatureKind, OffsetDateTime signedAt, String paperScanType, LocalDate endedOn,
                    String endedReason) {

        boolean active() {
            return endedOn == null;
        }
    }

    static final String SELECT = """
            SELECT h.id, h.device_id, h.beneficiary_id AS person_id, h.territory_id, h.structure_id, h.handed_over_on,
                   h.recorded_at, h.by_user_id, h.contribution_cents, h.payment_mode, h.receipt_number, h.accessories,
                   h.warranty_months, h.warranty_ends_on, h.signature_kind, h.signed_at, h.paper_scan_type, h.ended_on,
                   h.ended_reason
            FROM equipment_handover h
            """;

    static final int MAX_SIGNATURE_BYTES = 300 * 1024;
    static final int MAX_SCAN_BYTES = 5 * 1024 * 1024;

    private final JdbcClient jdbc;
    private final Matching matching;
    private final Stock stock;
    private final Milestones milestones;
    private final Programmes programmes;
    private final Clock clock;

    Handovers(JdbcClient jdbc, Matching matching, Stock stock, Milestones milestones, Programmes programmes, Clock clock) {
        this.jdbc = jdbc;
        this.matching = matching;
        this.stock = stock;
        this.milestones = milestones;
        this.programmes = programmes;
        this.clock = clock;
    }

    @Transactional
    long handOver(Caller caller, HandoverRequest r) {
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        LocalDate on = r.on() == null ? today : r.on();
        if (on.isAfter(today) || on.isBefore(today.minusYears(1))) {
            throw new ConflictException("equipment.handover.date.invalid");
        }
        Matching.Person person = matching.lockPerson(caller, r.personId());
        Stock.Device device = stock.lock(TerritoryScope.all(), r.deviceId());
        if (device.territoryId() != person.territoryId() || !caller.personScope().includes(device.territoryId())) {
            throw new NotFoundException();
        }
        var reservation = matching.activeReservation(person.id());
        if (reservation.isPresent() && reservation.get().deviceId() != device.id()) {
            throw new ConflictException("equipment.handover.otherReserved");
        }
        if (reservation.isEmpty() && device.statusValue() != DeviceStatus.READY) {
            throw new ConflictException("equipment.reserve.taken");
        }
        if (reservation.isEmpty() && matching.need(person.id()).filter(n -> "EQUIPPED".equals(n.state())).isPresent()
                && activeOf(person.id()).isPresent()) {
            throw new ConflictException("equipment.reserve.equipped");
        }
        Stock.Settings settings = stock.settings(person.programmeId());
        checkContribution(r, settings);
        checkSignature(r.signature());
        int warranty = device.warrantyMonths() > 0 ? device.warrantyMonths()
                : "REFURBISHED".equals(device.source()) ? settings.refurbishedWarrantyMonths() : 0;
        long structureId = stock.place(TerritoryScope.all(), device.storagePlaceId()).structureId();
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id;
        try {
            id = insert(person, device.id(), structureId, on, now, caller, r.contributionCents(),
                    r.contributionCents() > 0 ? r.paymentMode() : null,
                    r.contributionCents() > 0 ? r.receiptNumber().strip() : null, blank(r.accessories()), warranty,
                    r.signature());
        } catch (DuplicateKeyException e) {
            throw new ConflictException("equipment.reserve.taken");
        }
        stock.move(device, DeviceStatus.HANDED_OVER, caller.userId(), null);
        reservation.ifPresent(res -> jdbc.sql("""
                UPDATE equipment_reservation SET status = 'HANDED_OVER', active_device_id = NULL, active_person_id = NULL
                WHERE id = :id""").param("id", res.id()).update());
        if (matching.need(person.id()).isEmpty()) {
            matching.upsertNeed(person.id(), person.territoryId(), person.referringOrganisationId(),
                    org.parcoursnumerique.diagnostic.EquipmentType.valueOf(device.deviceType()), now);
        }
        matching.setNeedState(person.id(), "EQUIPPED");
        milestones.reach(person.id(), Milestone.EQUIPPED, on, caller.userId(), "handover:" + id);
        matching.record(caller, person.id(), AuditAction.CHANGE, "device " + device.id() + " handed over (handover " + id + ")");
        return id;
    }

    long insert(Matching.Person person, long deviceId, long structureId, LocalDate on, OffsetDateTime now, Caller caller,
                long contribution, PaymentMode mode, String receipt, String accessories, int warranty, Signature s) {
        boolean paper = s.kind() == SignatureKind.PAPER;
        return Keys.insert(jdbc.sql("""
                INSERT INTO equipment_handover (device_id, beneficiary_id, territory_id, referring_organisation_id,
                    structure_id, handed_over_on, recorded_at, by_user_id, by_organisation_id, contribution_cents,
                    payment_mode, receipt_number, accessories, warranty_months, warranty_ends_on, signature_kind,
                    signature_png, signed_at, paper_scan, paper_scan_type, active_device_id)
                VALUES (:device, :person, :territory, :referrer, :structure, :on, :now, :by, :org, :contribution, :mode,
                    :receipt, :accessories, :warranty, :ends, :kind, :png, :signedAt, :scan, :scanType, :device)""")
                .param("device", deviceId).param("person", person.id()).param("territory", person.territoryId())
                .param("referrer", person.referringOrganisationId()).param("structure", structureId).param("on", on)
                .param("now", now).param("by", caller == null ? null : caller.userId())
                .param("org", caller == null ? null : caller.organisationId()).param("contribution", contribution)
                .param("mode", mode == null ? null : mode.name()).param("receipt", receipt)
                .param("accessories", accessories).param("warranty", warranty).param("ends", on.plusMonths(warranty))
                .param("kind", s.kind().name()).param("png", s.kind() == SignatureKind.DRAWN ? s.content() : null)
                .param("signedAt", s.kind() == SignatureKind.PENDING ? null : now)
                .param("scan", paper ? s.content() : null).param("scanType", paper ? s.contentType() : null));
    }

    private static void checkContribution(HandoverRequest r, Stock.Settings settings) {
        if (r.contributionCents() < 0 || r.contributionCents() > settings.contributionCapCents()) {
            throw new ConflictException("equipment.handover.contribution.invalid");
        }
        if (r.contributionCents() > 0 && (r.paymentMode() == null || r.receiptNumber() == null
                || r.receiptNumber().isBlank() || r.receiptNumber().length() > 40)) {
            throw new ConflictException("equipment.handover.payment");
        }
    }

    static void checkSignature(Signature s) {
        if (s == null) {
            throw new ConflictException("equipment.handover.signature");
        }
        switch (s.kind()) {
            case DRAWN -> {
                if (s.content() == null || s.content().length < 100 || s.content().length > MAX_SIGNATURE_BYTES
                        || !isPng(s.content())) {
                    throw new ConflictException("equipment.handover.signature");
                }
            }
            case PAPER -> {
                if (s.content() != null && (s.content().length > MAX_SCAN_BYTES || scanType(s.content()) == null)) {
                    throw new ConflictException("equipment.handover.scan");
                }
            }
            case PENDING -> {
            }
        }
    }

    static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    /** The type of a scan from its first bytes: PDF, PNG or JPEG; null for anything else. */
    static String scanType(byte[] b) {
        if (b == null || b.length < 8) {
            return null;
        }
        if (b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F') {
            return "application/pdf";
        }
        if (isPng(b)) {
            return "image/png";
        }
        if ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return "image/jpeg";
        }
        return null;
    }

    /** Signs a handover recorded without its signature (through the API), once. */
    @Transactional
    void sign(Caller caller, long handoverId, Signature s) {
        Handover h = get(caller.personScope(), handoverId);
        matching.lockPerson(caller, h.personId());
        if (s.kind() == SignatureKind.PENDING) {
            throw new ConflictException("equipment.handover.signature");
        }
        checkSignature(s);
        boolean paper = s.kind() == SignatureKind.PAPER;
        int updated = jdbc.sql("""
                UPDATE equipment_handover SET signature_kind = :kind, signature_png = :png, paper_scan = :scan,
                       paper_scan_type = :scanType, signed_at = :now
                WHERE id = :id AND (signature_kind = 'PENDING' OR (signature_kind = 'PAPER' AND paper_scan IS NULL))""")
                .param("kind", s.kind().name()).param("png", paper ? null : s.content())
                .param("scan", paper ? s.content() : null).param("scanType", paper ? s.contentType() : null)
                .param("now", OffsetDateTime.now(clock)).param("id", handoverId).update();
        if (updated == 0) {
            throw new ConflictException("equipment.handover.alreadySigned");
        }
        matching.record(caller, h.personId(), AuditAction.CHANGE, "handover " + handoverId + " signed");
    }

    /**
     * The person gives the device back (no longer needs it, moves away, prefers another): the
     * ownership ends on that day and the device is RETURNED to stock, to be checked and wiped before
     * it is READY again. The {@code EQUIPPED} milestone stays: the person was equipped, and the call
     * counts people equipped, not devices kept. A device in repair comes back through its repair.
     */
    @Transactional
    void giveBack(Caller caller, long handoverId, LocalDate on, String note) {
        Handover h = get(caller.personScope(), handoverId);
        matching.lockPerson(caller, h.personId());
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        if (on == null || on.isAfter(today) || on.isBefore(h.handedOverOn())) {
            throw new ConflictException("equipment.handover.return.date");
        }
        Stock.Device device = stock.lock(TerritoryScope.all(), h.deviceId());
        Handover current = get(caller.personScope(), handoverId);
        if (!current.active()) {
            throw new ConflictException("equipment.handover.return.ended");
        }
        if (device.statusValue() != DeviceStatus.HANDED_OVER) {
            throw new ConflictException("equipment.handover.return.inRepair");
        }
        stock.move(device, DeviceStatus.RETURNED, caller.userId(), blank(note));
        end(handoverId, on, "RETURNED");
        matching.record(caller, h.personId(), AuditAction.CHANGE, "handover " + handoverId + " device given back");
    }

    Optional<Handover> find(TerritoryScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql(SELECT + "WHERE h.id = :id AND " + scope.predicate("h.territory_id")).params(params)
                .query(Handover.class).optional();
    }

    Handover get(TerritoryScope scope, long id) {
        return find(scope, id).orElseThrow(NotFoundException::new);
    }

    Optional<Handover> activeOf(long personId) {
        return jdbc.sql(SELECT + "WHERE h.beneficiary_id = :p AND h.ended_on IS NULL ORDER BY h.id DESC")
                .param("p", personId).query(Handover.class).list().stream().findFirst();
    }

    Optional<Handover> activeOfDevice(long deviceId) {
        return jdbc.sql(SELECT + "WHERE h.active_device_id = :d").param("d", deviceId).query(Handover.class).optional();
    }

    List<Handover> ofPerson(long personId) {
        return jdbc.sql(SELECT + "WHERE h.beneficiary_id = :p ORDER BY h.handed_over_on DESC, h.id DESC")
                .param("p", personId).query(Handover.class).list();
    }

    List<Handover> ofDevice(long deviceId) {
        return jdbc.sql(SELECT + "WHERE h.device_id = :d ORDER BY h.handed_over_on DESC, h.id DESC")
                .param("d", deviceId).query(Handover.class).list();
    }

    byte[] signaturePng(long id) {
        return jdbc.sql("SELECT signature_png FROM equipment_handover WHERE id = :id").param("id", id)
                .query(byte[].class).optional().orElse(null);
    }

    byte[] paperScan(long id) {
        return jdbc.sql("SELECT paper_scan FROM equipment_handover WHERE id = :id").param("id", id)
                .query(byte[].class).optional().orElse(null);
    }

    /** Ends the person's ownership of the device (replaced, not repairable, returned). */
    void end(long handoverId, LocalDate on, String reason) {
        jdbc.sql("UPDATE equipment_handover SET ended_on = :on, ended_reason = :reason, active_device_id = NULL "
                        + "WHERE id = :id AND ended_on IS NULL")
                .param("on", on).param("reason", reason).param("id", handoverId).update();
    }

    /** Warranties of active handovers ending between today and {@code days} days from now. */
    record WarrantyAlert(long handoverId, long personId, String lastName, String firstName, long deviceId,
                         String deviceType, String brand, String model, String serialNumber, LocalDate warrantyEndsOn) {
    }

    List<WarrantyAlert> warrantiesEnding(org.parcoursnumerique.shared.DataScope scope, int days, int limit) {
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("from", today);
        params.put("to", today.plusDays(days));
        params.put("limit", limit);
        return jdbc.sql("""
                SELECT h.id AS handover_id, b.id AS person_id, b.last_name, b.first_name, d.id AS device_id,
                       d.device_type, d.brand, d.model, d.serial_number, h.warranty_ends_on
                FROM equipment_handover h JOIN beneficiary_v b ON b.id = h.beneficiary_id JOIN device d ON d.id = h.device_id
                WHERE h.ended_on IS NULL AND h.warranty_ends_on BETWEEN :from AND :to AND %s
                ORDER BY h.warranty_ends_on, h.id LIMIT :limit""".formatted(scope.predicate("h")))
                .params(params).query(WarrantyAlert.class).list();
    }

    Programmes programmes() {
        return programmes;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
