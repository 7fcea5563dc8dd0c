package org.parcoursnumerique.referral;

import java.util.List;
import java.util.Locale;

import org.parcoursnumerique.diagnostic.DiagnosticCompleted;
import org.parcoursnumerique.notification.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the referring prescriber that the diagnostic of the person they referred is ready. A durable
 * hand-off (ADR 0021): runs after the diagnostic is committed, in its own transaction, from the event
 * publication registry; if it fails, the mediator's work stays and the publication is retried, and
 * the email is queued (outbox) in the transaction that completes the publication, so it is queued
 * exactly once. The email holds a link only; what the page then shows depends on the person's consent.
 */
@Component
class DiagnosticReadyNotifier {

    private static final Logger log = LoggerFactory.getLogger(DiagnosticReadyNotifier.class);

    record Recipient(long referralId, String email) {
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final MessageSource messages;
    private final String baseUrl;

    DiagnosticReadyNotifier(JdbcClient jdbc, Outbox outbox, MessageSource messages,
                            @Value("${parcours.base-url}") String baseUrl) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.messages = messages;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @ApplicationModuleListener
    void on(DiagnosticCompleted event) {
        // The referrer themself when still active, else the active prescribers of their organisation.
        List<Recipient> recipients = jdbc.sql("""
                SELECT r.id AS referral_id, u.email
                FROM referral r
                JOIN user_account_v u ON u.organisation_id = r.referring_organisation_id
                WHERE r.beneficiary_id = :person AND r.status = 'ACCEPTED' AND u.active AND u.role = 'PRESCRIBER'
                  AND (u.id = r.referrer_user_id
                       OR NOT EXISTS (SELECT 1 FROM user_account_v ru WHERE ru.id = r.referrer_user_id AND ru.active))
                ORDER BY r.id, u.id""")
                .param("person", event.beneficiaryId()).query(Recipient.class).list();
        for (Recipient recipient : recipients) {
            outbox.email(recipient.email(), text("mail.diagnostic.ready.subject"),
                    text("mail.diagnostic.ready.body", baseUrl + "/referrals/" + recipient.referralId() + "/diagnostic"));
        }
        log.debug("Diagnostic {} completed: {} prescriber(s) told", event.diagnosticId(), recipients.size());
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, Locale.FRANCE);
    }
}
