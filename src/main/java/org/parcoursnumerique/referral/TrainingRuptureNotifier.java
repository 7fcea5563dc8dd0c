package org.parcoursnumerique.referral;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.training.TrainingRuptureDetected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the referring prescriber that the training a person they referred was oriented to has not
 * started or has stopped (no news after the expected start, a drop-out or a no-show), so that they
 * can help the mediator reach the person again. Within the referral's consent: only where the person
 * accepted that their pathway be shared with the referring organisation, and the email says neither
 * who, nor why (a drop-out's reason may be health): a date and a link to the referral's page, which
 * shows the milestones. A durable hand-off (ADR 0021), like {@link DiagnosticReadyNotifier}.
 */
@Component
class TrainingRuptureNotifier {

    private static final Logger log = LoggerFactory.getLogger(TrainingRuptureNotifier.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE);

    private final ReferrerRecipients recipients;
    private final DiagnosticSharing sharing;
    private final Outbox outbox;
    private final MessageSource messages;
    private final String baseUrl;

    TrainingRuptureNotifier(ReferrerRecipients recipients, DiagnosticSharing sharing, Outbox outbox,
                            MessageSource messages, @Value("${parcours.base-url}") String baseUrl) {
        this.recipients = recipients;
        this.sharing = sharing;
        this.outbox = outbox;
        this.messages = messages;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @ApplicationModuleListener
    void on(TrainingRuptureDetected event) {
        int told = 0;
        for (var recipient : recipients.of(event.beneficiaryId())) {
            if (!sharing.sharingAccepted(event.beneficiaryId(), recipient.organisationId())) {
                continue;
            }
            outbox.email(recipient.email(), text("mail.training.rupture.subject"),
                    text("mail.training.rupture.body", DAY.format(event.on()),
                            baseUrl + "/referrals/" + recipient.referralId()));
            told++;
        }
        log.debug("Training rupture of orientation {}: {} prescriber(s) told", event.orientationId(), told);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, Locale.FRANCE);
    }
}
