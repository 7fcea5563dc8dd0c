package org.parcoursnumerique.training;

import static org.parcoursnumerique.shared.PersonDataPart.row;

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
 * The training module's part of the person's data: each orientation (offer, place, status, dates,
 * reason of a drop-out) and its steps with their notes; the erasure removes the notes, the only
 * free texts (ADR 0019, 0020). Offers are public facts and stay.
 */
@Component
class TrainingData implements PersonDataContributor {

    record Item(long id, String offer, String place, String status, LocalDate expectedStart, LocalDate startedOn,
                LocalDate completedOn, LocalDate endedOn, String reason) {
    }

    record Step(long orientationId, OffsetDateTime occurredAt, String toStatus, LocalDate onDate, String byUser,
                String note) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;

    TrainingData(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "training";
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<Item> items = jdbc.sql("""
                SELECT o.id, f.name AS offer,
                       CONCAT(COALESCE(f.address, ''), ' ', COALESCE(f.postcode, ''), ' ', COALESCE(f.commune, '')) AS place,
                       o.status, o.expected_start, o.started_on, o.completed_on, o.ended_on, r.label AS reason
                FROM training_orientation o JOIN training_offer f ON f.id = o.offer_id
                LEFT JOIN training_dropout_reason r ON r.code = o.dropout_reason
                WHERE o.beneficiary_id = :id ORDER BY o.id""").param("id", beneficiaryId).query(Item.class).list();
        List<Step> steps = jdbc.sql("""
                SELECT t.orientation_id, t.occurred_at, t.to_status, t.on_date, u.display_name AS by_user, t.note
                FROM training_transition t JOIN training_orientation o ON o.id = t.orientation_id
                LEFT JOIN user_account_v u ON u.id = t.by_user_id
                WHERE o.beneficiary_id = :id ORDER BY t.occurred_at, t.id""").param("id", beneficiaryId)
                .query(Step.class).list();
        return new PersonDataPart(t("personData.training.title"), t("personData.training.intro"), List.of(
                PersonDataPart.table(t("personData.training.orientations"), List.of(t("personData.training.number"),
                        t("personData.training.offer"), t("personData.training.place"), t("personData.training.status"),
                        t("personData.training.expected"), t("personData.training.started"),
                        t("personData.training.completed"), t("personData.training.ended"),
                        t("personData.training.reason")),
                        items.stream().map(i -> row(i.id(), i.offer(), i.place().strip(),
                                t("orientationStatus." + i.status()), i.expectedStart(), i.startedOn(), i.completedOn(),
                                i.endedOn(), i.reason())).toList(), t("personData.none")),
                PersonDataPart.table(t("personData.training.steps"), List.of(t("personData.training.number"),
                        t("personData.training.date"), t("personData.training.status"), t("personData.training.day"),
                        t("personData.training.by"), t("personData.training.note")),
                        steps.stream().map(s -> row(s.orientationId(), s.occurredAt(),
                                t("orientationStatus." + s.toStatus()), s.onDate(), s.byUser(), s.note())).toList(),
                        t("personData.none"))));
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(o.updated_at) FROM training_orientation o WHERE o.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        jdbc.sql("""
                UPDATE training_transition SET note = NULL
                WHERE note IS NOT NULL AND orientation_id IN (
                    SELECT o.id FROM training_orientation o WHERE o.beneficiary_id IN (:ids))""")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
