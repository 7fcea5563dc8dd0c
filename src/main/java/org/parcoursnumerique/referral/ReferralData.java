package org.parcoursnumerique.referral;

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
 * The referral module's part of the person's data: each referral (who sent it, what the person
 * needs, the decisions and their notes) — and its erasure: the free texts go, the statuses, dates
 * and reasons from the table stay for the indicators (ADR 0019, 0020).
 */
@Component
class ReferralData implements PersonDataContributor {

    record Item(long id, OffsetDateTime createdAt, String referrer, String referrerUser, String source, String status,
                String rsaSituation, String needs, String structure, String mediator, String refusalReason,
                String lastMessage) {
    }

    record Step(long referralId, OffsetDateTime occurredAt, String fromStatus, String toStatus, String byUser,
                String note) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;

    ReferralData(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "referral";
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<Item> items = jdbc.sql("""
                SELECT r.id, r.created_at, o.name AS referrer, u.display_name AS referrer_user, r.source, r.status,
                       r.rsa_situation, r.needs, s.name AS structure, m.display_name AS mediator, r.refusal_reason,
                       r.last_message
                FROM referral r
                JOIN organisation_v o ON o.id = r.referring_organisation_id
                LEFT JOIN user_account_v u ON u.id = r.referrer_user_id
                LEFT JOIN organisation_v s ON s.id = r.assigned_structure_id
                LEFT JOIN user_account_v m ON m.id = r.assigned_mediator_id
                WHERE r.beneficiary_id = :id ORDER BY r.created_at, r.id""")
                .param("id", beneficiaryId).query(Item.class).list();
        List<Step> steps = jdbc.sql("""
                SELECT t.referral_id, t.occurred_at, t.from_status, t.to_status, u.display_name AS by_user, t.note
                FROM referral_transition t JOIN referral r ON r.id = t.referral_id
                LEFT JOIN user_account_v u ON u.id = t.by_user_id
                WHERE r.beneficiary_id = :id ORDER BY t.occurred_at, t.id""")
                .param("id", beneficiaryId).query(Step.class).list();
        return new PersonDataPart(t("personData.referral.title"), t("personData.referral.intro"), List.of(
                PersonDataPart.table(t("personData.referral.referrals"), List.of(
                        t("personData.referral.number"), t("personData.referral.date"), t("personData.referral.referrer"),
                        t("personData.referral.status"), t("personData.referral.rsaSituation"),
                        t("personData.referral.needs"), t("personData.referral.structure"),
                        t("personData.referral.mediator"), t("personData.referral.refusalReason"),
                        t("personData.referral.lastMessage")),
                        items.stream().map(i -> row(i.id(), i.createdAt(),
                                i.referrer() + (i.referrerUser() == null ? "" : " (" + i.referrerUser() + ")"),
                                t("referralStatus." + i.status()),
                                i.rsaSituation() == null ? null : t("rsaSituation." + i.rsaSituation()), i.needs(),
                                i.structure(), i.mediator(),
                                i.refusalReason() == null ? null : t("refusalReason." + i.refusalReason()),
                                i.lastMessage())).toList(),
                        t("personData.none")),
                PersonDataPart.table(t("personData.referral.steps"), List.of(
                        t("personData.referral.number"), t("personData.referral.date"), t("personData.referral.step"),
                        t("personData.referral.by"), t("personData.referral.note")),
                        steps.stream().map(s -> row(s.referralId(), s.occurredAt(), t("referralStatus." + s.toStatus()),
                                s.byUser(), s.note())).toList(),
                        t("personData.none"))));
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(r.updated_at) FROM referral r WHERE r.beneficiary_id = b.id");
    }

    /** The needs written by the prescriber, the messages and the notes of each decision. */
    @Override
    public void erase(List<Long> beneficiaryIds) {
        jdbc.sql("""
                UPDATE referral SET needs = NULL, last_message = NULL
                WHERE beneficiary_id IN (:ids) AND (needs IS NOT NULL OR last_message IS NOT NULL)""")
                .param("ids", beneficiaryIds).update();
        jdbc.sql("""
                UPDATE referral_transition SET note = NULL
                WHERE note IS NOT NULL AND referral_id IN (SELECT r.id FROM referral r WHERE r.beneficiary_id IN (:ids))""")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
