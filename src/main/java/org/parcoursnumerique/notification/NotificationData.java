package org.parcoursnumerique.notification;

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
 * The messages sent to the person (subject, channel, what became of them, dates) for the export;
 * the erasure removes bodies, attachments and recipients (the address or number, or its keyed
 * hash once purged), keeping that a message of some kind was sent on some day (ADR 0019, 0020).
 */
@Component
class NotificationData implements PersonDataContributor {

    record Item(OffsetDateTime createdAt, String channel, String kind, String subject, OffsetDateTime sentAt,
                OffsetDateTime failedAt) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;

    NotificationData(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "notification";
    }

    @Override
    public int order() {
        return 800;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<Item> items = jdbc.sql("""
                SELECT m.created_at, m.channel, m.kind, m.subject, m.sent_at, m.failed_at FROM outbox_message m
                WHERE m.beneficiary_id = :id ORDER BY m.created_at, m.id""")
                .param("id", beneficiaryId).query(Item.class).list();
        return new PersonDataPart(t("personData.notification.title"), t("personData.notification.intro"), List.of(
                PersonDataPart.table(null, List.of(t("personData.notification.date"), t("personData.notification.channel"),
                        t("personData.notification.kind"), t("personData.notification.subject"),
                        t("personData.notification.status")),
                        items.stream().map(m -> row(m.createdAt(), t("channel." + m.channel()),
                                m.kind() == null ? null : t("messageKind." + m.kind()), m.subject(),
                                m.sentAt() != null ? t("personData.notification.sent", org.parcoursnumerique.shared.French.dateTime(m.sentAt()))
                                        : m.failedAt() != null ? t("personData.notification.failed")
                                        : t("personData.notification.pending"))).toList(),
                        t("personData.notification.none"))));
    }

    /** A message sent to the person is a contact from us. */
    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(m.created_at) FROM outbox_message m WHERE m.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        // No purged_at: the rows must not carry the time of the run (ADR 0020). A message still waiting
        // (two years on, it never will be sent) is given up as of its own creation, not now.
        jdbc.sql("""
                UPDATE outbox_message SET recipient = '', body = NULL, attachment_content = NULL, attachment_name = NULL,
                       failed_at = CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN created_at ELSE failed_at END
                WHERE beneficiary_id IN (:ids)
                  AND (recipient <> '' OR body IS NOT NULL OR attachment_content IS NOT NULL OR attachment_name IS NOT NULL)""")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
