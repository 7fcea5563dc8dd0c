package org.parcoursnumerique.equipment;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's equipment in their data export (reservations, devices handed over with their
 * contribution, warranty and signature, repairs) and its erasure by the retention job: the
 * signature image, the paper scan, the receipt number, the accessories and the repairs' fault
 * descriptions go; devices, dates, amounts and outcomes stay (the indicators and the budget count them).
 */
@Component
class EquipmentData implements PersonDataContributor {

    record Handed(long id, String deviceType, String brand, String model, String serialNumber, LocalDate handedOverOn,
                  long contributionCents, String paymentMode, String receiptNumber, String accessories,
                  LocalDate warrantyEndsOn, String signatureKind, OffsetDateTime signedAt, LocalDate endedOn) {
    }

    record Reserved(OffsetDateTime reservedAt, String deviceType, String brand, String model, String status) {
    }

    record Repaired(LocalDate requestedOn, String deviceType, String serialNumber, String fault, String outcome,
                    LocalDate closedOn, long costCents) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;

    EquipmentData(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "equipment";
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        var handed = jdbc.sql("""
                SELECT h.id, d.device_type, d.brand, d.model, d.serial_number, h.handed_over_on, h.contribution_cents,
                       h.payment_mode, h.receipt_number, h.accessories, h.warranty_ends_on, h.signature_kind, h.signed_at,
                       h.ended_on
                FROM equipment_handover h JOIN device d ON d.id = h.device_id WHERE h.beneficiary_id = :id
                ORDER BY h.handed_over_on, h.id""").param("id", beneficiaryId).query(Handed.class).list();
        var reserved = jdbc.sql("""
                SELECT r.reserved_at, d.device_type, d.brand, d.model, r.status
                FROM equipment_reservation r JOIN device d ON d.id = r.device_id WHERE r.beneficiary_id = :id
                ORDER BY r.reserved_at, r.id""").param("id", beneficiaryId).query(Reserved.class).list();
        var repaired = jdbc.sql("""
                SELECT r.requested_on, d.device_type, d.serial_number, r.fault, r.outcome, r.closed_on, r.cost_cents
                FROM equipment_repair r JOIN device d ON d.id = r.device_id WHERE r.beneficiary_id = :id
                ORDER BY r.requested_on, r.id""").param("id", beneficiaryId).query(Repaired.class).list();
        return new PersonDataPart(t("personData.equipment.title"), t("personData.equipment.intro"), List.of(
                PersonDataPart.table(t("personData.equipment.handovers"), List.of(t("personData.equipment.device"),
                        t("personData.equipment.serial"), t("personData.equipment.on"), t("personData.equipment.contribution"),
                        t("personData.equipment.receipt"), t("personData.equipment.accessories"),
                        t("personData.equipment.warranty"), t("personData.equipment.signature"),
                        t("personData.equipment.ended")),
                        handed.stream().map(h -> PersonDataPart.row(t("equipment.type." + h.deviceType()) + " " + h.brand()
                                        + " " + h.model(), h.serialNumber(), h.handedOverOn(),
                                java.math.BigDecimal.valueOf(h.contributionCents(), 2), h.receiptNumber(), h.accessories(),
                                h.warrantyEndsOn(), t("equipment.signature." + h.signatureKind()), h.endedOn())).toList(),
                        t("personData.equipment.noHandover")),
                PersonDataPart.table(t("personData.equipment.reservations"), List.of(t("personData.equipment.when"),
                        t("personData.equipment.device"), t("personData.equipment.status")),
                        reserved.stream().map(r -> PersonDataPart.row(r.reservedAt(), t("equipment.type." + r.deviceType())
                                + " " + r.brand() + " " + r.model(), t("equipment.reservation." + r.status()))).toList(),
                        t("personData.equipment.noReservation")),
                PersonDataPart.table(t("personData.equipment.repairs"), List.of(t("personData.equipment.on"),
                        t("personData.equipment.device"), t("personData.equipment.fault"), t("personData.equipment.outcome"),
                        t("personData.equipment.closed")),
                        repaired.stream().map(r -> PersonDataPart.row(r.requestedOn(), t("equipment.type." + r.deviceType())
                                + " " + r.serialNumber(), r.fault(), r.outcome() == null ? t("equipment.outcome.open")
                                : t("equipment.outcome." + r.outcome()), r.closedOn())).toList(),
                        t("personData.equipment.noRepair"))));
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(h.handed_over_on) FROM equipment_handover h WHERE h.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        if (beneficiaryIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE equipment_handover SET signature_png = NULL, paper_scan = NULL, receipt_number = NULL,
                       accessories = NULL
                WHERE beneficiary_id IN (:ids) AND (signature_png IS NOT NULL OR paper_scan IS NOT NULL
                      OR receipt_number IS NOT NULL OR accessories IS NOT NULL)""")
                .param("ids", beneficiaryIds).update();
        jdbc.sql("UPDATE equipment_repair SET fault = NULL WHERE beneficiary_id IN (:ids) AND fault IS NOT NULL")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
