package org.parcoursnumerique.appointment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A calendar event as an iCalendar object (RFC 5545) that mail clients add to the person's agenda:
 * times in UTC (no time zone table to ship), texts escaped, lines ended by CRLF and folded at 75
 * octets without cutting a UTF-8 character. The same UID with a higher SEQUENCE updates the event;
 * METHOD:CANCEL with the same UID removes it.
 */
final class Ics {

    static final String CONTENT_TYPE_REQUEST = "text/calendar; charset=UTF-8; method=REQUEST";
    static final String CONTENT_TYPE_CANCEL = "text/calendar; charset=UTF-8; method=CANCEL";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";

    record Event(String uid, int sequence, Instant stamp, Instant start, Instant end, String summary, String location,
                 String description, String organizerName, String organizerEmail, String attendeeEmail,
                 boolean cancelled) {
    }

    private Ics() {
    }

    static String of(Event e) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//Parcours Numerique//Rendez-vous//FR");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:" + (e.cancelled() ? "CANCEL" : "REQUEST"));
        line(out, "BEGIN:VEVENT");
        line(out, "UID:" + e.uid());
        line(out, "SEQUENCE:" + e.sequence());
        line(out, "DTSTAMP:" + UTC.format(e.stamp()));
        line(out, "DTSTART:" + UTC.format(e.start()));
        line(out, "DTEND:" + UTC.format(e.end()));
        line(out, "SUMMARY:" + text(e.summary()));
        if (e.location() != null) {
            line(out, "LOCATION:" + text(e.location()));
        }
        if (e.description() != null) {
            line(out, "DESCRIPTION:" + text(e.description()));
        }
        if (e.organizerEmail() != null) {
            line(out, "ORGANIZER;CN=" + param(e.organizerName()) + ":mailto:" + e.organizerEmail());
        }
        if (e.attendeeEmail() != null) {
            line(out, "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:" + e.attendeeEmail());
        }
        line(out, "STATUS:" + (e.cancelled() ? "CANCELLED" : "CONFIRMED"));
        line(out, "TRANSP:OPAQUE");
        line(out, "END:VEVENT");
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /** A TEXT value: backslash, semicolon and comma escaped, line breaks as \n (RFC 5545 §3.3.11). */
    static String text(String value) {
        StringBuilder s = new StringBuilder();
        String normalised = value.replace("\r\n", "\n").replace('\r', '\n');
        for (char c : normalised.toCharArray()) {
            switch (c) {
                case '\\' -> s.append("\\\\");
                case ';' -> s.append("\\;");
                case ',' -> s.append("\\,");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c >= 0x20 && c != 0x7F) {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }

    /** A parameter value: quoted, since names may hold commas or colons; quotes cannot be escaped, so dropped. */
    private static String param(String value) {
        return "\"" + (value == null ? "" : value.replace("\"", "").replaceAll("\\p{Cntrl}", "")) + "\"";
    }

    /** Appends a content line folded at 75 octets (continuation lines start with one space), then CRLF. */
    static void line(StringBuilder out, String content) {
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append(CRLF).append(' ');
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append(CRLF);
    }
}
