package org.parcoursnumerique.mediator;

import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.referral.MediatorAssigned;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells a mediator that a person was entrusted to them. A durable hand-off (ADR 0021): runs after
 * the triage decision is committed, in its own transaction, from the event publication registry, so
 * a failure here never undoes the decision and is retried; the e-mail is queued (outbox) exactly once. The e-mail holds links only,
 * never the person's name: e-mail is not a safe place for personal data, and the page applies the
 * reader's scope. Nobody is told of what they did themselves.
 */
@Component
class AssignmentNotifier {

    private final MyPeopleQueries queries;
    private final Outbox outbox;
    private final MessageSource messages;
    private final String baseUrl;

    AssignmentNotifier(MyPeopleQueries queries, Outbox outbox, MessageSource messages,
                       @Value("${parcours.base-url}") String baseUrl) {
        this.queries = queries;
        this.outbox = outbox;
        this.messages = messages;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @ApplicationModuleListener
    void on(MediatorAssigned event) {
        if (event.mediatorId() == event.assignedBy()) {
            return;
        }
        queries.activeEmail(event.mediatorId()).ifPresent(email -> outbox.email(email,
                text("mail.assigned.subject"),
                text("mail.assigned.body", baseUrl + "/beneficiaries/" + event.beneficiaryId(), baseUrl + "/my-people")));
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
