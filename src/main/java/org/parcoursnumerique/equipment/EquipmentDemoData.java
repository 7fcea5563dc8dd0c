package org.parcoursnumerique.equipment;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.diagnostic.PathwayPlans;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.DemoContributor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The equipment's demo data (ADR 0024, order 100): a refurbisher and a repair café; two or three
 * storage places per territory on its member structures; a few hundred devices per territory of every
 * type, grade and source; the people waiting for a device (from their plan); a handover on the day of
 * each {@code EQUIPPED} milestone (a device given, signed on paper, attributed as the milestone's
 * source) with some repairs; a few reservations. Written in pages of {@link #PAGE} people with batched
 * statements, in constant memory at any scale, deterministically from the seed.
 */
@Component
class EquipmentDemoData implements DemoContributor {

    static final int PAGE = 500;
    static final int STOCK_PER_TERRITORY = 300;

    private static final String[][] MODELS = {
            {"LAPTOP", "Lenovo", "ThinkPad T480", "8", "256", "14.0", "Windows", "11"},
            {"LAPTOP", "Dell", "Latitude 5490", "8", "256", "14.0", "Windows", "11"},
            {"LAPTOP", "HP", "EliteBook 840 G5", "16", "512", "14.0", "Ubuntu", "24.04"},
            {"DESKTOP", "Dell", "OptiPlex 7060", "8", "256", "", "Windows", "11"},
            {"DESKTOP", "HP", "ProDesk 600 G4", "8", "500", "", "Ubuntu", "24.04"},
            {"TABLET", "Samsung", "Galaxy Tab A8", "3", "32", "10.5", "Android", "14"},
            {"TABLET", "Apple", "iPad 8e génération", "3", "32", "10.2", "iPadOS", "17"},
            {"SMARTPHONE", "Samsung", "Galaxy A52", "6", "128", "6.5", "Android", "14"},
            {"SMARTPHONE", "Apple", "iPhone 11", "4", "64", "6.1", "iOS", "17"},
            {"SMARTPHONE", "Fairphone", "Fairphone 4", "6", "128", "6.3", "Android", "13"}};
    private static final String[] GRADES = {"A", "B", "C"};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Organisations organisations;
    private final Programmes programmes;
    private final PathwayPlans plans;
    private final Milestones milestones;
    private final Beneficiaries beneficiaries;

    EquipmentDemoData(JdbcTemplate jdbc, TransactionTemplate tx, Organisations organisations, Programmes programmes,
                      PathwayPlans plans, Milestones milestones, Beneficiaries beneficiaries) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.organisations = organisations;
        this.programmes = programmes;
        this.plans = plans;
        this.milestones = milestones;
        this.beneficiaries = beneficiaries;
    }

    @Override
    public int getOrder() {
        return 100;
    }

    private record Place(long id, long territoryId, long structureId) {
    }

    @Override
    public String contribute(Context context) {
        Random random = new Random(context.seed() ^ 0x5EED_E0_1L);
        LocalDate today = context.today();
        OffsetDateTime now = today.atTime(9, 0).atOffset(ZoneOffset.UTC);
        long refurbisher = organisations.create(new Organisations.NewOrganisation(OrganisationKind.REFURBISHER,
                "Atelier du réemploi solidaire", null, null, false, "ESS", "41234567800019", null, null,
                List.of()));
        organisations.create(new Organisations.NewOrganisation(OrganisationKind.REPAIR_CAFE,
                "Repair café de la Plaine", null, null, false, "ASSOCIATION", null, "W931000123", null, List.of()));
        long repairCafe = organisations.findByName("Repair café de la Plaine").orElseThrow().id();

        // Storage places: the first two or three member structures of each territory.
        List<Place> places = new ArrayList<>();
        for (var territory : programmes.territories()) {
            var structures = organisations.search(new Organisations.Filter(null, OrganisationKind.MEMBER_STRUCTURE,
                    territory.id(), 1)).rows();
            int count = Math.min(structures.size(), 2 + (int) (territory.id() % 2));
            for (int i = 0; i < count; i++) {
                var s = structures.get(i);
                String name = (i == 0 ? "Local logistique — " : "Réserve — ") + s.name();
                Long id = tx.execute(st -> {
                    jdbc.update("INSERT INTO storage_place (territory_id, structure_id, name, address, created_at) "
                            + "VALUES (?, ?, ?, ?, ?)", territory.id(), s.id(), name.length() > 120 ? name.substring(0, 120)
                            : name, s.address(), Timestamp.from(now.toInstant()));
                    return jdbc.queryForObject("SELECT MAX(id) FROM storage_place", Long.class);
                });
                places.add(new Place(id, territory.id(), s.id()));
            }
        }
        if (places.isEmpty()) {
            return "no storage place (no member structure)";
        }
        // The stock of each territory: all types, grades and sources.
        long devices = 0;
        long serial = 0;
        for (var territory : programmes.territories()) {
            List<Place> own = places.stream().filter(p -> p.territoryId() == territory.id()).toList();
            if (own.isEmpty()) {
                continue;
            }
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < STOCK_PER_TERRITORY; i++) {
                String status = i % 25 == 0 ? "RECEIVED" : i % 41 == 0 ? "RECYCLED" : i % 97 == 0 ? "LOST" : "READY";
                rows.add(device(random, own.get(i % own.size()), ++serial, territory.code(), status, today, refurbisher, null));
            }
            devices += insertDevices(rows, now);
        }
        // People waiting: their plan recommends a device.
        long needs = 0;
        long after = 0;
        while (true) {
            var page = plans.equipmentRecommended(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<Object[]> rows = new ArrayList<>();
            for (var p : page) {
                rows.add(new Object[] {p.beneficiaryId(), p.territoryId(), p.referringOrganisationId(), p.equipment().name(),
                        Timestamp.from(p.completedAt().toInstant()), Timestamp.from(now.toInstant())});
            }
            tx.executeWithoutResult(st -> jdbc.batchUpdate("""
                    INSERT INTO equipment_need (beneficiary_id, territory_id, referring_organisation_id, recommended_type,
                                                diagnosed_at, state, updated_at) VALUES (?, ?, ?, ?, ?, 'WAITING', ?)""", rows));
            needs += page.size();
            after = page.get(page.size() - 1).beneficiaryId();
        }
        // A handover on the day of each EQUIPPED milestone.
        long handed = 0;
        long repairs = 0;
        after = 0;
        while (true) {
            var page = milestones.reachedBy(Milestone.EQUIPPED, after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            long firstSerial = serial + 1;
            List<Object[]> deviceRows = new ArrayList<>();
            List<long[]> people = new ArrayList<>();
            for (var p : page) {
                List<Place> own = places.stream().filter(pl -> pl.territoryId() == p.territoryId()).toList();
                if (own.isEmpty()) {
                    continue;
                }
                deviceRows.add(device(random, own.get((int) (p.beneficiaryId() % own.size())), ++serial,
                        "P", "HANDED_OVER", p.reachedOn(), refurbisher, p.reachedOn()));
                people.add(new long[] {p.beneficiaryId(), serial, p.reachedOn().toEpochDay()});
            }
            final long first = firstSerial;
            long[] counts = tx.execute(st -> {
                insertDevices(deviceRows, now);
                List<Object[]> handovers = new ArrayList<>();
                List<Object[]> needRows = new ArrayList<>();
                List<Object[]> repairRows = new ArrayList<>();
                for (long[] p : people) {
                    var placement = beneficiaries.lockPlacement(p[0]).orElse(null);
                    if (placement == null) {
                        continue;
                    }
                    LocalDate on = LocalDate.ofEpochDay(p[2]);
                    String serialNumber = serialNumber("P", p[1]);
                    handovers.add(new Object[] {p[0], placement.territoryId(), placement.referringOrganisationId(),
                            Date.valueOf(on), Timestamp.from(on.atTime(10, 0).atOffset(ZoneOffset.UTC).toInstant()),
                            p[1] % 5 == 0 ? 2000 : 0, p[1] % 5 == 0 ? "CASH" : null,
                            p[1] % 5 == 0 ? "R-" + p[1] : null, Date.valueOf(on.plusMonths(24)),
                            Timestamp.from(on.atTime(10, 0).atOffset(ZoneOffset.UTC).toInstant()), serialNumber});
                    needRows.add(new Object[] {p[0], placement.territoryId(), placement.referringOrganisationId(),
                            serialNumber, Timestamp.from(now.toInstant())});
                    if (p[1] % 13 == 0 && on.isBefore(today.minusDays(20))) {
                        boolean closed = p[1] % 2 == 0;
                        repairRows.add(new Object[] {placement.territoryId(), p[0], placement.referringOrganisationId(),
                                p[1] % 3 == 0 ? "L’écran ne s’allume plus." : "La batterie ne tient plus la charge.",
                                Date.valueOf(on.plusDays(10)), repairCafe, closed ? 1500 : 0, closed ? "REPAIRED" : null,
                                closed ? Date.valueOf(on.plusDays(18)) : null,
                                Timestamp.from(on.plusDays(10).atTime(11, 0).atOffset(ZoneOffset.UTC).toInstant()),
                                closed, serialNumber});
                    }
                }
                jdbc.batchUpdate("""
                        INSERT INTO equipment_handover (device_id, beneficiary_id, territory_id, referring_organisation_id,
                            structure_id, handed_over_on, recorded_at, contribution_cents, payment_mode, receipt_number,
                            accessories, warranty_months, warranty_ends_on, signature_kind, signed_at, active_device_id)
                        SELECT d.id, ?, ?, ?, p.structure_id, ?, ?, ?, ?, ?, 'Chargeur', 24, ?, 'PAPER', ?, d.id
                        FROM device d JOIN storage_place p ON p.id = d.storage_place_id WHERE d.serial_number = ?""",
                        handovers);
                jdbc.batchUpdate("""
                        INSERT INTO equipment_need (beneficiary_id, territory_id, referring_organisation_id, recommended_type,
                                                    diagnosed_at, state, updated_at)
                        SELECT ?, ?, ?, d.device_type, d.created_at, 'EQUIPPED', ? FROM device d WHERE d.serial_number = ?
                          AND NOT EXISTS (SELECT 1 FROM equipment_need n WHERE n.beneficiary_id = ?)""",
                        needRows.stream().map(r -> new Object[] {r[0], r[1], r[2], r[4], r[3], r[0]}).toList());
                jdbc.batchUpdate("UPDATE equipment_need SET state = 'EQUIPPED' WHERE beneficiary_id = ?",
                        people.stream().map(p -> new Object[] {p[0]}).toList());
                jdbc.batchUpdate("""
                        INSERT INTO equipment_repair (device_id, territory_id, beneficiary_id, referring_organisation_id,
                            fault, requested_on, repairer_id, cost_cents, outcome, closed_on, created_at, active_device_id)
                        SELECT d.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN NULL ELSE d.id END
                        FROM device d WHERE d.serial_number = ?""", repairRows);
                jdbc.batchUpdate("UPDATE device SET status = 'IN_REPAIR' WHERE serial_number = ? AND status = 'HANDED_OVER'",
                        repairRows.stream().filter(r -> !(Boolean) r[10]).map(r -> new Object[] {r[11]}).toList());
                return new long[] {handovers.size(), repairRows.size()};
            });
            // The milestone's source names the handover (its id is known once written).
            tx.executeWithoutResult(st -> {
                List<Object[]> sources = jdbc.query("""
                        SELECT h.beneficiary_id, h.id FROM equipment_handover h JOIN device d ON d.id = h.device_id
                        WHERE d.serial_number BETWEEN ? AND ?""", (rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2)},
                        serialNumber("P", first), serialNumber("P", first + deviceRows.size()));
                for (Object[] s : sources) {
                    milestones.attributeSource((Long) s[0], Milestone.EQUIPPED, "handover:" + s[1]);
                }
            });
            handed += counts[0];
            repairs += counts[1];
            devices += deviceRows.size();
            after = page.get(page.size() - 1).beneficiaryId();
        }
        // A few reservations in each territory: the oldest waiting people get a ready device of their type.
        long reservations = 0;
        for (var territory : programmes.territories()) {
            List<Object[]> waiting = jdbc.query("""
                    SELECT n.beneficiary_id, n.referring_organisation_id, n.recommended_type FROM equipment_need n
                    WHERE n.territory_id = ? AND n.state = 'WAITING' ORDER BY n.diagnosed_at, n.beneficiary_id LIMIT 3""",
                    (rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3)}, territory.id());
            for (Object[] w : waiting) {
                Boolean done = tx.execute(st -> {
                    List<Long> device = jdbc.queryForList("SELECT id FROM device WHERE territory_id = ? AND status = 'READY' "
                            + "AND device_type = ? ORDER BY id LIMIT 1", Long.class, territory.id(), w[2]);
                    if (device.isEmpty()) {
                        return false;
                    }
                    long d = device.get(0);
                    jdbc.update("UPDATE device SET status = 'RESERVED' WHERE id = ?", d);
                    jdbc.update("""
                            INSERT INTO equipment_transition (device_id, from_status, to_status, occurred_at)
                            VALUES (?, 'READY', 'RESERVED', ?)""", d, Timestamp.from(now.toInstant()));
                    jdbc.update("""
                            INSERT INTO equipment_reservation (device_id, beneficiary_id, territory_id, referring_organisation_id,
                                status, active_device_id, active_person_id, reserved_at)
                            VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, ?)""", d, w[0], territory.id(), w[1], d, w[0],
                            Timestamp.from(now.toInstant()));
                    jdbc.update("UPDATE equipment_need SET state = 'RESERVED' WHERE beneficiary_id = ?", w[0]);
                    return true;
                });
                if (Boolean.TRUE.equals(done)) {
                    reservations++;
                }
            }
        }
        return devices + " devices in " + places.size() + " storage places, " + needs + " people recommended a device, "
                + handed + " handovers, " + repairs + " repairs, " + reservations + " reservations";
    }

    static String serialNumber(String prefix, long n) {
        return String.format("DEMO-%s-%09d", prefix, n);
    }

    /** A device row for {@link #insertDevices}; a device handed over on {@code handedOn} was acquired before. */
    private static Object[] device(Random random, Place place, long n, String prefix, String status, LocalDate today,
                                   long refurbisher, LocalDate handedOn) {
        String[] m = MODELS[random.nextInt(MODELS.length)];
        int source = random.nextInt(10); // 7 refurbished, 2 purchased, 1 donated
        String src = source < 7 ? "REFURBISHED" : source < 9 ? "PURCHASE" : "DONATION";
        String imei = null;
        if (m[0].equals("SMARTPHONE")) {
            String body = String.format("35%012d", (n * 7919L) % 1_000_000_000_000L);
            imei = body + DeviceRules.luhnDigit(body);
        }
        LocalDate base = handedOn != null ? handedOn : today;
        LocalDate acquired = base.minusDays(10 + random.nextInt(200));
        long cost = switch (m[0]) {
            case "LAPTOP" -> 14_900 + random.nextInt(8_000);
            case "DESKTOP" -> 9_900 + random.nextInt(5_000);
            case "TABLET" -> 8_900 + random.nextInt(4_000);
            default -> 7_900 + random.nextInt(6_000);
        };
        if (src.equals("DONATION")) {
            cost = 0;
        }
        return new Object[] {place.territoryId(), place.id(), m[0], m[1], m[2], Integer.valueOf(m[3]), Integer.valueOf(m[4]),
                m[5].isEmpty() ? null : new java.math.BigDecimal(m[5]), m[6], m[7], serialNumber(prefix, n), imei, src,
                src.equals("PURCHASE") ? "Centrale d’achat public" : null,
                src.equals("REFURBISHED") ? refurbisher : null, src.equals("REFURBISHED") ? "41234567800019" : null,
                src.equals("REFURBISHED") ? GRADES[random.nextInt(GRADES.length)] : null,
                src.equals("REFURBISHED") ? "CE-" + n : null, src.equals("DONATION") ? 0 : 24,
                src.equals("DONATION") ? "Entreprise mécène du territoire" : null, Date.valueOf(acquired), cost, status};
    }

    private long insertDevices(List<Object[]> rows, OffsetDateTime now) {
        if (rows.isEmpty()) {
            return 0;
        }
        Timestamp at = Timestamp.from(now.toInstant());
        List<Object[]> withTimes = rows.stream().map(r -> {
            Object[] x = java.util.Arrays.copyOf(r, r.length + 2);
            x[r.length] = at;
            x[r.length + 1] = at;
            return x;
        }).toList();
        tx.executeWithoutResult(st -> {
            jdbc.batchUpdate("""
                    INSERT INTO device (territory_id, storage_place_id, device_type, brand, model, ram_gb, storage_gb,
                        screen_inches, os_name, os_version, serial_number, imei, source, supplier, refurbisher_id,
                        refurbisher_siret, grade, wipe_certificate, warranty_months, donor, acquired_on, cost_cents, status,
                        created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", withTimes);
            jdbc.batchUpdate("""
                    INSERT INTO equipment_transition (device_id, from_status, to_status, occurred_at)
                    SELECT id, NULL, 'RECEIVED', CAST(acquired_on AS TIMESTAMP WITH TIME ZONE) FROM device WHERE serial_number = ?""",
                    rows.stream().map(r -> new Object[] {r[10]}).toList());
            jdbc.batchUpdate("""
                    INSERT INTO equipment_transition (device_id, from_status, to_status, occurred_at)
                    SELECT id, 'RECEIVED', status, ? FROM device WHERE serial_number = ? AND status <> 'RECEIVED'""",
                    rows.stream().map(r -> new Object[] {at, r[10]}).toList());
        });
        return rows.size();
    }
}
