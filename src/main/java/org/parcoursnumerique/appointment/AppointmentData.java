package org.parcoursnumerique.appointment;

import static org.parcoursnumerique.shared.PersonDataPart.row;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The appointment module's part of the person's data: each appointment (when, where, with whom,
 * what became of it) and the notes of its changes; the erasure removes the notes (ADR 0019, 0020).
 */
@Component
class AppointmentData implements PersonDataContributor {

    record Item(long id, OffsetDateTime startsAt, int durationMinutes, String structure, String address,
                String mediator, String status) {
    }

    record Step(long appointmentId, OffsetDateTime occurredAt, String toStatus, String byUser, String note) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;

    AppointmentData(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "appointment";
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<Item> items = jdbc.sql("""
                SELECT a.id, a.starts_at, a.duration_minutes, s.name AS structure,
                       CONCAT(COALESCE(s.address_line, ''), ' ', COALESCE(s.postcode, ''), ' ', COALESCE(s.city, '')) AS address,
                       m.display_name AS mediator, a.status
                FROM appointment a
                JOIN organisation_v s ON s.id = a.structure_id
                LEFT JOIN user_account_v m ON m.id = a.mediator_id
                WHERE a.beneficiary_id = :id ORDER BY a.starts_at, a.id""")
                .param("id", beneficiaryId).query(Item.class).list();
        List<Step> steps = jdbc.sql("""
                SELECT t.appointment_id, t.occurred_at, t.to_status, u.display_name AS by_user, t.note
                FROM appointment_transition t JOIN appointment a ON a.id = t.appointment_id
                LEFT JOIN user_account_v u ON u.id = t.by_user_id
                WHERE a.beneficiary_id = :id ORDER BY t.occurred_at, t.id""")
                .param("id", beneficiaryId).query(Step.class).list();
        return new PersonDataPart(t("personData.appointment.title"), t("personData.appointment.intro"), List.of(
                PersonDataPart.table(t("personData.appointment.appointments"), List.of(
                        t("personData.appointment.number"), t("personData.appointment.when"),
                        t("personData.appointment.duration"), t("personData.appointment.where"),
                        t("personData.appointment.mediator"), t("personData.appointment.status")),
                        items.stream().map(i -> row(i.id(), i.startsAt(),
                                t("personData.appointment.minutes", i.durationMinutes()),
                                i.structure() + (i.address().isBlank() ? "" : ", " + i.address().strip()),
                                i.mediator(), t("appointmentStatus." + i.status()))).toList(),
                        t("personData.none")),
                PersonDataPart.table(t("personData.appointment.steps"), List.of(
                        t("personData.appointment.number"), t("personData.appointment.date"),
                        t("personData.appointment.status"), t("personData.appointment.by"),
                        t("personData.appointment.note")),
                        steps.stream().map(s -> row(s.appointmentId(), s.occurredAt(),
                                t("appointmentStatus." + s.toStatus()), s.byUser(), s.note())).toList(),
                        t("personData.none"))));
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(a.starts_at) FROM appointment a WHERE a.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        jdbc.sql("""
                UPDATE appointment_transition SET note = NULL
                WHERE note IS NOT NULL AND appointment_id IN (SELECT a.id FROM appointment a WHERE a.beneficiary_id IN (:ids))""")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
