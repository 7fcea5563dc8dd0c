package org.parcoursnumerique.training;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PdfDocuments;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The orientation slip: what the person needs to go to the training (place, address, hours or
 * session dates, who to contact, what to bring), as an accessible PDF the mediator prints or hands
 * over, and as a message by the person's channel (e-mail, SMS with their agreement), queued in the
 * caller's transaction. Plain French, short sentences.
 */
@Component
class OrientationSlip {

    /** Everything the slip says. */
    record Content(String personName, String offerName, String address, String hours, String contactPhone,
                   String contactEmail, String website, LocalDate expectedStart, LocalDate sessionEnd,
                   String sessionSchedule, String sessionPlace, boolean free, String fees, String accessModes) {
    }

    private final Outbox outbox;
    private final MessageSource messages;
    private final Fragments fragments;
    private final PdfDocuments pdf;

    OrientationSlip(Outbox outbox, MessageSource messages, Fragments fragments, PdfDocuments pdf) {
        this.outbox = outbox;
        this.messages = messages;
        this.fragments = fragments;
        this.pdf = pdf;
    }

    static Content content(String personName, Orientation o, OfferQueries.Offer offer, OfferQueries.Session session) {
        return new Content(personName, offer.name(), session != null ? session.place() : offer.fullAddress(),
                offer.hours(), offer.phone(), offer.email(), offer.website(), o.expectedStart,
                session == null ? null : session.endsOn(), session == null ? null : session.schedule(),
                session == null ? null : session.place(), Boolean.TRUE.equals(offer.freeOfCharge()), offer.fees(),
                offer.accessModes());
    }

    /** Queues the messages; how many (0: the person can be reached neither by e-mail nor by SMS). */
    int send(Orientations.Person p, Orientation o, OfferQueries.Offer offer, OfferQueries.Session session) {
        Content c = content(p.firstName() + " " + p.lastName(), o, offer, session);
        Outbox.About about = new Outbox.About(p.id(), Outbox.Kind.ORIENTATION);
        String when = c.expectedStart() == null ? "" : French.day(c.expectedStart());
        String contact = c.contactPhone() != null ? t("training.slip.message.call", Contacts.formatPhone(c.contactPhone()))
                : c.contactEmail() != null ? t("training.slip.message.write", c.contactEmail()) : "";
        int queued = 0;
        if (p.hasEmail()) {
            String hours = c.sessionSchedule() != null ? c.sessionSchedule() : c.hours() == null ? t("training.slip.hoursUnknown") : c.hours();
            outbox.email(about, p.email(), t("training.slip.message.subject", c.offerName()),
                    t("training.slip.message.body", p.firstName(), c.offerName(), c.address(), when, hours, contact),
                    null);
            queued++;
        }
        if (p.acceptsSms()) {
            String call = c.contactPhone() == null ? "" : " " + t("training.slip.sms.call", Contacts.formatPhone(c.contactPhone()));
            outbox.sms(about, p.phone(), t("training.slip.sms", p.firstName(), c.offerName(), c.address(), when, call));
            queued++;
        }
        return queued;
    }

    byte[] pdf(PageContext ctx, Content c, LocalDate today) {
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("slip", c);
        params.put("start", c.expectedStart() == null ? null : French.day(c.expectedStart()));
        params.put("end", c.sessionEnd() == null ? null : French.day(c.sessionEnd()));
        params.put("today", French.day(today));
        return pdf.render(fragments.render("training/slip", params));
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }

    /** Days in words with the year: "mardi 1er décembre 2026". */
    static final class French {
        private static final java.time.format.DateTimeFormatter WEEKDAY =
                java.time.format.DateTimeFormatter.ofPattern("EEEE", PageContext.LOCALE);
        private static final java.time.format.DateTimeFormatter MONTH =
                java.time.format.DateTimeFormatter.ofPattern("MMMM", PageContext.LOCALE);

        static String day(LocalDate d) {
            String number = d.getDayOfMonth() == 1 ? "1er" : String.valueOf(d.getDayOfMonth());
            return WEEKDAY.format(d) + " " + number + " " + MONTH.format(d) + " " + d.getYear();
        }
    }
}
