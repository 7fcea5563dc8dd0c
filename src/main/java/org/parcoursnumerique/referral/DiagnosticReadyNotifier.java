package org.parcoursnumerique.referral;

import java.util.List;
import java.util.Locale;

import org.parcoursnumerique.diagnostic.DiagnosticCompleted;
import org.parcoursnumerique.notification.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
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

    private final ReferrerRecipients recipients;
    private final Outbox outbox;
    private final MessageSource messages;
    private final String baseUrl;

    DiagnosticReadyNotifier(ReferrerRecipients recipients, Outbox outbox, MessageSource messages,
                            @Value("${parcours.base-url}") String baseUrl) {
        this.recipients = recipients;
        this.outbox = outbox;
        this.messages = messages;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @ApplicationModuleListener
    void on(DiagnosticCompleted event) {
        List<ReferrerRecipients.Recipient> recipients = this.recipients.of(event.beneficiaryId());
        for (var recipient : recipients) {
            outbox.email(recipient.email(), text("mail.diagnostic.ready.subject"),
                    text("mail.diagnostic.ready.body", baseUrl + "/referrals/" + recipient.referralId() + "/diagnostic"));
        }
        log.debug("Diagnostic {} completed: {} prescriber(s) told", event.diagnosticId(), recipients.size());
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, Locale.FRANCE);
    }
}
