package org.parcoursnumerique.appointment;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The messages sent to the person about their appointment, in plain French (short sentences, the
 * date in words, the address, who to call, what to bring): by email with a calendar event when
 * they have an address, by SMS when they have a phone and agreed to SMS. Queued in the caller's
 * transaction through the outbox.
 */
@Component
class AppointmentNotices {

    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEEE", PageContext.LOCALE);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM", PageContext.LOCALE);

    private final Outbox outbox;
    private final MessageSource messages;
    private final Clock clock;
    private final String uidDomain;
    private final String from;

    AppointmentNotices(Outbox outbox, MessageSource messages, Clock clock,
                       @Value("${parcours.base-url}") String baseUrl, @Value("${parcours.mail.from}") String from) {
        this.outbox = outbox;
        this.messages = messages;
        this.clock = clock;
        String host = URI.create(baseUrl).getHost();
        this.uidDomain = host == null ? "parcours-numerique" : host;
        this.from = from;
    }

    /** How many messages were queued (0 when the person can be reached neither by email nor by SMS). */
    int send(AppointmentQueries.Details d, Outbox.Kind kind) {
        AppointmentQueries.Person person = d.person();
        AppointmentQueries.Place place = d.place();
        String when = when(d.startsAt().toInstant());
        String key = "appointment.notice." + kind.name().toLowerCase();
        int queued = 0;
        Outbox.About about = new Outbox.About(d.beneficiaryId(), kind);
        if (person.hasEmail()) {
            String call = place.phone() == null ? t("appointment.notice.callMediator", d.mediatorName(), place.name())
                    : t("appointment.notice.call", Contacts.formatPhone(place.phone()), place.name());
            String access = place.accessInfo() == null ? "" : t("appointment.notice.access", place.accessInfo());
            String body = t(key + ".body", d.firstName(), when, place.name(), place.address(), access,
                    d.mediatorName(), d.durationMinutes(), call);
            boolean cancelled = kind == Outbox.Kind.CANCELLATION;
            String ics = Ics.of(event(d, place, cancelled));
            outbox.email(about, d.email(), t(key + ".subject", when), body, new Outbox.Attachment(
                    cancelled ? "annulation-rendez-vous.ics" : "rendez-vous.ics",
                    cancelled ? Ics.CONTENT_TYPE_CANCEL : Ics.CONTENT_TYPE_REQUEST, ics));
            queued++;
        }
        if (person.acceptsSms()) {
            // A properties value loses its leading space, so the separator is added here.
            String call = place.phone() == null ? "" : " " + t("appointment.notice.sms.call", Contacts.formatPhone(place.phone()));
            outbox.sms(about, d.phone(), t(key + ".sms", d.firstName(), when, place.name(), place.address(), call));
            queued++;
        }
        return queued;
    }

    private Ics.Event event(AppointmentQueries.Details d, AppointmentQueries.Place place, boolean cancelled) {
        Instant start = d.startsAt().toInstant();
        String location = place.name() + ", " + place.address()
                + (place.accessInfo() == null ? "" : " (" + place.accessInfo() + ")");
        return new Ics.Event("appointment-" + d.id() + "@" + uidDomain, d.sequence(), clock.instant(), start,
                start.plusSeconds(60L * d.durationMinutes()), t("appointment.ics.summary"), location,
                t("appointment.ics.description", d.mediatorName()), place.name(), from, d.email(), cancelled);
    }

    /** The date and time in words, in Paris time: mardi 8 décembre à 14 h 30 (à 14 h on the hour). */
    static String when(Instant instant) {
        return when(instant, false);
    }

    /**
     * The date and time in words, in Paris time, with the year for a letter that may be read weeks
     * later: mardi 1er décembre 2026 à 14 h 30.
     */
    static String when(Instant instant, boolean withYear) {
        ZonedDateTime at = instant.atZone(PageContext.ZONE);
        String time = at.getMinute() == 0 ? at.getHour() + " h" : at.getHour() + " h " + String.format("%02d", at.getMinute());
        return day(at, withYear) + " à " + time;
    }

    /** The day in words: "mardi 1er décembre" (French writes the first of the month as an ordinal). */
    static String day(ZonedDateTime at, boolean withYear) {
        String number = at.getDayOfMonth() == 1 ? "1er" : String.valueOf(at.getDayOfMonth());
        return WEEKDAY.format(at) + " " + number + " " + MONTH.format(at) + (withYear ? " " + at.getYear() : "");
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
