package org.parcoursnumerique.equipment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.French;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Convocations to a distribution day, through each person's channel: an e-mail when they have an
 * address, an SMS when they agreed to SMS; listed on the person's page by the outbox. A person reached
 * by neither is counted so that the page says to call or write to them (the printable list helps).
 */
@Component
class Convocations {

    record Contact(long id, String firstName, String email, String phone, String preferredChannel, Boolean smsConsent) {

        boolean acceptsSms() {
            return phone != null && !phone.isBlank() && (smsConsent != null ? smsConsent : "SMS".equals(preferredChannel));
        }
    }

    private final PersonInScope personInScope;
    private final Outbox outbox;
    private final Matching matching;
    private final AuditLog audit;
    private final MessageSource messages;
    private final JdbcClient jdbc;

    Convocations(PersonInScope personInScope, Outbox outbox, Matching matching, AuditLog audit, MessageSource messages,
                 JdbcClient jdbc) {
        this.personInScope = personInScope;
        this.outbox = outbox;
        this.matching = matching;
        this.audit = audit;
        this.messages = messages;
        this.jdbc = jdbc;
    }

    /** Sends the convocations not sent yet; returns how many people could be reached by no channel. */
    @Transactional
    int send(CurrentUser user, Matching.Day day, List<Matching.DayPerson> people) {
        int unreachable = 0;
        String when = French.date(day.heldOn()) + " à " + day.startsAt().replace(":", " h ");
        String place = day.placeName() + (day.placeAddress() == null ? "" : ", " + day.placeAddress());
        for (Matching.DayPerson p : people) {
            if (p.convenedAt() != null || !"ACTIVE".equals(p.status())) {
                continue;
            }
            Contact c = personInScope.reach(user, p.personId(), this::contact);
            Outbox.About about = new Outbox.About(c.id(), Outbox.Kind.INVITATION);
            boolean sent = false;
            if (c.email() != null && !c.email().isBlank()) {
                outbox.email(about, c.email(), t("equipment.convocation.subject", when),
                        t("equipment.convocation.body", c.firstName(), when, place), null);
                sent = true;
            }
            if (c.acceptsSms()) {
                outbox.sms(about, c.phone(), t("equipment.convocation.sms", c.firstName(), when, place));
                sent = true;
            }
            if (sent) {
                matching.markConvened(p.reservationId());
                audit.record(user, c.id(), AuditAction.CHANGE, "convened to distribution day " + day.id());
            } else {
                unreachable++;
            }
        }
        return unreachable;
    }

    private Optional<Contact> contact(DataScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT b.id, b.first_name, b.email, b.phone, b.preferred_channel,
                       (SELECT c.accepted FROM consent_v c WHERE c.beneficiary_id = b.id AND c.purpose = 'SMS_CONTACT'
                        ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS sms_consent
                FROM beneficiary_v b WHERE b.id = :id AND %s""".formatted(scope.predicate("b")))
                .params(params).query(Contact.class).optional();
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
