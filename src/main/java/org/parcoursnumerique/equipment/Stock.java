package org.parcoursnumerique.equipment;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.StageTransition;
import org.parcoursnumerique.shared.TerritoryScope;
import org.parcoursnumerique.shared.TransitionLog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stock of devices: storage places, grades, devices and their moves. Every read and write takes
 * the caller's {@link TerritoryScope}; no row here is about a person (reservations and handovers,
 * which are, live in their own tables). Each change of status is checked by
 * {@link DeviceStatus#TRANSITIONS} and appended to {@code equipment_transition}.
 */
@Service
class Stock {

    record Transition(DeviceStatus from, DeviceStatus to, OffsetDateTime at, Long by, String note)
            implements StageTransition<DeviceStatus> {
    }

    record Place(long id, long territoryId, long structureId, String name, String address) {
    }

    record Grade(String code, String label, String description, int position, boolean active) {
    }

    record Device(long id, long territoryId, long storagePlaceId, String placeName, String deviceType, String brand,
                  String model, Integer ramGb, Integer storageGb, java.math.BigDecimal screenInches, String osName,
                  String osVersion, String serialNumber, String imei, String source, String supplier,
                  String orderReference, Long refurbisherId, String refurbisherSiret, String grade,
                  String wipeCertificate, int warrantyMonths, String donor, LocalDate acquiredOn, long costCents,
                  String status, int version, Long deliveryId) {

        DeviceStatus statusValue() {
            return DeviceStatus.valueOf(status);
        }
    }

    record Settings(long contributionCapCents, int refurbishedWarrantyMonths) {
    }

    record Filter(DeviceStatus status, DeviceType type, Long placeId) {
    }

    static final String DEVICE_SELECT = """
            SELECT d.id, d.territory_id, d.storage_place_id, p.name AS place_name, d.device_type, d.brand, d.model,
                   d.ram_gb, d.storage_gb, d.screen_inches, d.os_name, d.os_version, d.serial_number, d.imei, d.source,
                   d.supplier, d.order_reference, d.refurbisher_id, d.refurbisher_siret, d.grade, d.wipe_certificate,
                   d.warranty_months, d.donor, d.acquired_on, d.cost_cents, d.status, d.version, d.delivery_id
            FROM device d JOIN storage_place p ON p.id = d.storage_place_id
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransitionLog log;

    Stock(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.log = new TransitionLog(jdbc, "equipment_transition", "device_id");
    }

    // ---- storage places ------------------------------------------------------------------------

    List<Place> places(TerritoryScope scope) {
        return jdbc.sql("SELECT id, territory_id, structure_id, name, address FROM storage_place p WHERE "
                        + scope.predicate("p.territory_id") + " ORDER BY p.territory_id, p.name")
                .params(scope.parameters()).query(Place.class).list();
    }

    Place place(TerritoryScope scope, long id) {
        return jdbc.sql("SELECT id, territory_id, structure_id, name, address FROM storage_place p WHERE p.id = :id AND "
                        + scope.predicate("p.territory_id"))
                .params(scope.parameters()).param("id", id).query(Place.class).optional()
                .orElseThrow(NotFoundException::new);
    }

    @Transactional
    long createPlace(long territoryId, long structureId, String name, String address) {
        try {
            return Keys.insert(jdbc.sql("""
                    INSERT INTO storage_place (territory_id, structure_id, name, address, created_at)
                    VALUES (:territory, :structure, :name, :address, :now)""")
                    .param("territory", territoryId).param("structure", structureId).param("name", name)
                    .param("address", address).param("now", OffsetDateTime.now(clock)));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("equipment.place.duplicate");
        }
    }

    // ---- grades and settings -------------------------------------------------------------------

    List<Grade> grades() {
        return jdbc.sql("SELECT code, label, description, position, active FROM equipment_grade ORDER BY position, code")
                .query(Grade.class).list();
    }

    Set<String> activeGradeCodes() {
        return new LinkedHashSet<>(jdbc.sql("SELECT code FROM equipment_grade WHERE active ORDER BY position, code")
                .query(String.class).list());
    }

    @Transactional
    void saveGrade(String code, String label, String description, boolean active) {
        int updated = jdbc.sql("UPDATE equipment_grade SET label = :label, description = :description, active = :active "
                        + "WHERE code = :code")
                .param("code", code).param("label", label).param("description", description).param("active", active)
                .update();
        if (updated == 0) {
            int position = jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM equipment_grade").query(Integer.class).single();
            jdbc.sql("INSERT INTO equipment_grade (code, label, description, position, active) "
                            + "VALUES (:code, :label, :description, :position, :active)")
                    .param("code", code).param("label", label).param("description", description)
                    .param("position", position).param("active", active).update();
        }
    }

    Settings settings(long programmeId) {
        return jdbc.sql("SELECT contribution_cap_cents, refurbished_warranty_months FROM equipment_programme_setting "
                        + "WHERE programme_id = :p")
                .param("p", programmeId).query(Settings.class).optional().orElse(new Settings(5000, 24));
    }

    @Transactional
    void saveSettings(long programmeId, Settings s) {
        int updated = jdbc.sql("UPDATE equipment_programme_setting SET contribution_cap_cents = :cap, "
                        + "refurbished_warranty_months = :months WHERE programme_id = :p")
                .param("cap", s.contributionCapCents()).param("months", s.refurbishedWarrantyMonths())
                .param("p", programmeId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO equipment_programme_setting (programme_id, contribution_cap_cents, "
                            + "refurbished_warranty_months) VALUES (:p, :cap, :months)")
                    .param("cap", s.contributionCapCents()).param("months", s.refurbishedWarrantyMonths())
                    .param("p", programmeId).update();
        }
    }

    // ---- devices -------------------------------------------------------------------------------

    /**
     * Adds a checked device to the place's stock ({@code RECEIVED}). A serial number already in stock
     * is refused by the unique constraint, whatever the timing: {@link DuplicateKeyException}.
     */
    long create(NewDevice d, long territoryId, Long byUserId, int defaultRefurbishedWarranty) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Integer warranty = d.warrantyMonths() != null ? d.warrantyMonths()
                : d.source() == NewDevice.Source.REFURBISHED ? defaultRefurbishedWarranty
                : d.source() == NewDevice.Source.PURCHASE ? 24 : 0;
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO device (territory_id, storage_place_id, delivery_id, device_type, brand, model, ram_gb,
                    storage_gb, screen_inches, os_name, os_version, serial_number, imei, source, supplier, order_reference,
                    refurbisher_id, refurbisher_siret, grade, wipe_certificate, warranty_months, donor, acquired_on,
                    cost_cents, status, created_at, updated_at)
                VALUES (:territory, :place, :delivery, :type, :brand, :model, :ram, :storage, :screen, :os, :osVersion,
                    :serial, :imei, :source, :supplier, :orderRef, :refurbisher, :siret, :grade, :wipe, :warranty, :donor,
                    :acquired, :cost, 'RECEIVED', :now, :now)""")
                .param("territory", territoryId).param("place", d.storagePlaceId()).param("delivery", d.deliveryId())
                .param("type", d.type().name()).param("brand", d.brand().strip()).param("model", d.model().strip())
                .param("ram", d.ramGb()).param("storage", d.storageGb())
                .param("screen", d.screenInches() == null ? null : java.math.BigDecimal.valueOf(d.screenInches()))
                .param("os", blank(d.osName())).param("osVersion", blank(d.osVersion()))
                .param("serial", normalSerial(d.serialNumber())).param("imei", blank(d.imei()))
                .param("source", d.source().name()).param("supplier", blank(d.supplier()))
                .param("orderRef", blank(d.orderReference())).param("refurbisher", d.refurbisherId())
                .param("siret", blank(d.refurbisherSiret())).param("grade", blank(d.grade()))
                .param("wipe", blank(d.wipeCertificate())).param("warranty", warranty).param("donor", blank(d.donor()))
                .param("acquired", d.acquiredOn()).param("cost", d.costCents() == null ? 0L : d.costCents())
                .param("now", now));
        log.append(id, new Transition(null, DeviceStatus.RECEIVED, now, byUserId, null));
        return id;
    }

    static String normalSerial(String serial) {
        return serial == null ? null : serial.strip().toUpperCase(java.util.Locale.ROOT);
    }

    boolean serialExists(String serial) {
        return jdbc.sql("SELECT COUNT(*) FROM device WHERE serial_number = :s").param("s", normalSerial(serial))
                .query(Long.class).single() > 0;
    }

    Optional<Device> find(TerritoryScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql(DEVICE_SELECT + "WHERE d.id = :id AND " + scope.predicate("d.territory_id"))
                .params(params).query(Device.class).optional();
    }

    Device get(TerritoryScope scope, long id) {
        return find(scope, id).orElseThrow(NotFoundException::new);
    }

    /** The device's row locked until the end of the transaction (in scope, else not found). */
    Device lock(TerritoryScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        Long found = jdbc.sql("SELECT d.id FROM device d WHERE d.id = :id AND " + scope.predicate("d.territory_id")
                        + " FOR UPDATE")
                .params(params).query(Long.class).optional().orElseThrow(NotFoundException::new);
        return get(TerritoryScope.all(), found);
    }

    /** One page of the stock, newest first, with at most {@code limit} rows. */
    List<Device> list(TerritoryScope scope, Filter f, int limit, long offset) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        String where = where(scope, f, params);
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.sql(DEVICE_SELECT + "WHERE " + where + " ORDER BY d.id DESC LIMIT :limit OFFSET :offset")
                .params(params).query(Device.class).list();
    }

    /** How many rows the filter finds, counting at most {@code cap}. */
    long count(TerritoryScope scope, Filter f, long cap) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        String where = where(scope, f, params);
        params.put("cap", cap);
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM device d WHERE " + where + " LIMIT :cap) x")
                .params(params).query(Long.class).single();
    }

    private static String where(TerritoryScope scope, Filter f, Map<String, Object> params) {
        StringBuilder w = new StringBuilder(scope.predicate("d.territory_id"));
        if (f.status() != null) {
            w.append(" AND d.status = :status");
            params.put("status", f.status().name());
        }
        if (f.type() != null) {
            w.append(" AND d.device_type = :type");
            params.put("type", f.type().name());
        }
        if (f.placeId() != null) {
            w.append(" AND d.storage_place_id = :place");
            params.put("place", f.placeId());
        }
        return w.toString();
    }

    /** Stock per place and type (ready devices), for the waiting queue and the overview. */
    record Available(long placeId, String placeName, String deviceType, long ready) {
    }

    List<Available> available(TerritoryScope scope) {
        return jdbc.sql("""
                SELECT p.id AS place_id, p.name AS place_name, d.device_type, COUNT(*) AS ready
                FROM device d JOIN storage_place p ON p.id = d.storage_place_id
                WHERE d.status = 'READY' AND %s
                GROUP BY p.id, p.name, d.device_type ORDER BY p.name, d.device_type""".formatted(scope.predicate("d.territory_id")))
                .params(scope.parameters()).query(Available.class).list();
    }

    /** Moves a locked device to {@code to}, checked by the table; the row must still be at {@code version}. */
    void move(Device d, DeviceStatus to, Long byUserId, String note) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        DeviceStatus.TRANSITIONS.check(d.statusValue(), to);
        int updated = jdbc.sql("UPDATE device SET status = :to, version = version + 1, updated_at = :now "
                        + "WHERE id = :id AND version = :version AND status = :from")
                .param("to", to.name()).param("now", now).param("id", d.id()).param("version", d.version())
                .param("from", d.status()).update();
        if (updated == 0) {
            throw new ConflictException("equipment.conflict.stale");
        }
        log.append(d.id(), new Transition(d.statusValue(), to, now, byUserId, note));
    }

    @Transactional
    void changeStatus(TerritoryScope write, long id, DeviceStatus to, Long byUserId, String note) {
        Device d = lock(write, id);
        if (!DeviceStatus.MANUAL.contains(to) || d.statusValue() == DeviceStatus.HANDED_OVER
                || d.statusValue() == DeviceStatus.RESERVED || d.statusValue() == DeviceStatus.LENT) {
            // A reserved, handed over or lent device changes through its reservation, handover or repair.
            throw new ConflictException("equipment.conflict.manual");
        }
        move(d, to, byUserId, note);
    }

    @Transactional
    void transfer(TerritoryScope write, long id, long toPlaceId, Long byUserId) {
        Device d = lock(write, id);
        Place to = place(write, toPlaceId);
        if (to.territoryId() != d.territoryId()) {
            throw new NotFoundException();
        }
        if (!d.statusValue().inStock()) {
            throw new ConflictException("equipment.conflict.transfer");
        }
        if (to.id() == d.storagePlaceId()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("UPDATE device SET storage_place_id = :to, version = version + 1, updated_at = :now WHERE id = :id")
                .param("to", to.id()).param("now", now).param("id", id).update();
        jdbc.sql("INSERT INTO device_transfer (device_id, from_place_id, to_place_id, occurred_at, by_user_id) "
                        + "VALUES (:id, :from, :to, :now, :by)")
                .param("id", id).param("from", d.storagePlaceId()).param("to", to.id()).param("now", now)
                .param("by", byUserId).update();
    }

    /** Marks every device of a delivery still RECEIVED as READY; returns how many. */
    @Transactional
    int readyDelivery(TerritoryScope write, long deliveryId, Long byUserId) {
        Map<String, Object> params = new HashMap<>(write.parameters());
        params.put("delivery", deliveryId);
        List<Long> ids = jdbc.sql("SELECT d.id FROM device d WHERE d.delivery_id = :delivery AND d.status = 'RECEIVED' AND "
                        + write.predicate("d.territory_id") + " ORDER BY d.id FOR UPDATE")
                .params(params).query(Long.class).list();
        for (long id : ids) {
            move(get(TerritoryScope.all(), id), DeviceStatus.READY, byUserId, null);
        }
        return ids.size();
    }

    record HistoryRow(OffsetDateTime at, String fromStatus, String toStatus, Long byUserId, String note) {
    }

    List<HistoryRow> history(long deviceId) {
        return jdbc.sql("""
                SELECT occurred_at AS at, from_status, to_status, by_user_id, note FROM equipment_transition
                WHERE device_id = :id ORDER BY occurred_at DESC, id DESC""")
                .param("id", deviceId).query(HistoryRow.class).list();
    }

    record TransferRow(OffsetDateTime at, String fromName, String toName) {
    }

    List<TransferRow> transfers(long deviceId) {
        return jdbc.sql("""
                SELECT t.occurred_at AS at, f.name AS from_name, p.name AS to_name FROM device_transfer t
                JOIN storage_place f ON f.id = t.from_place_id JOIN storage_place p ON p.id = t.to_place_id
                WHERE t.device_id = :id ORDER BY t.occurred_at DESC, t.id DESC""")
                .param("id", deviceId).query(TransferRow.class).list();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
