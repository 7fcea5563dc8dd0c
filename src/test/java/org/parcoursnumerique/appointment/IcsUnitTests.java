package org.parcoursnumerique.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class IcsUnitTests {

    static Ics.Event event(String location, boolean cancelled) {
        return new Ics.Event("appointment-42@parcours.test", 3, Instant.parse("2026-11-28T09:00:00Z"),
                Instant.parse("2026-12-08T13:30:00Z"), Instant.parse("2026-12-08T14:30:00Z"), "Rendez-vous numérique",
                location, "Avec Mina, médiatrice", "Clic Solidaire", "ne-pas-repondre@parcours.test",
                "personne@exemple.fr", cancelled);
    }

    /** Joins folded lines back (RFC 5545 §3.1). */
    static String unfold(String ics) {
        return ics.replace("\r\n ", "").replace("\r\n\t", "");
    }

    @Test
    void anInvitationIsAVcalendarRequestWithTheEventInUtc() {
        String ics = Ics.of(event("Clic Solidaire, 7 rue des Claviers, 93200 Saint-Denis", false));
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(unfold(ics).split("\r\n")).contains("METHOD:REQUEST", "BEGIN:VEVENT", "UID:appointment-42@parcours.test",
                "SEQUENCE:3", "DTSTAMP:20261128T090000Z", "DTSTART:20261208T133000Z", "DTEND:20261208T143000Z",
                "SUMMARY:Rendez-vous numérique", "STATUS:CONFIRMED", "END:VEVENT",
                "ORGANIZER;CN=\"Clic Solidaire\":mailto:ne-pas-repondre@parcours.test");
        // No bare LF anywhere: every line ends with CRLF.
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void aCancellationKeepsTheUidAndSaysCancel() {
        String ics = unfold(Ics.of(event("Ici", true)));
        assertThat(ics.split("\r\n")).contains("METHOD:CANCEL", "STATUS:CANCELLED", "UID:appointment-42@parcours.test");
    }

    @Test
    void textsEscapeCommasSemicolonsBackslashesAndLineBreaks() {
        assertThat(Ics.text("a,b;c\\d\ne\r\nf")).isEqualTo("a\\,b\\;c\\\\d\\ne\\nf");
        String ics = unfold(Ics.of(event("Salle 2; bâtiment B, 1er étage\nsonnez", false)));
        assertThat(ics).contains("LOCATION:Salle 2\\; bâtiment B\\, 1er étage\\nsonnez\r\n");
    }

    @Test
    void longLinesAreFoldedAt75OctetsWithoutCuttingACharacter() {
        String longPlace = "Association très très longue à l’accent, éèàùçœ ".repeat(6);
        String ics = Ics.of(event(longPlace, false));
        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        assertThat(ics).contains("\r\n ");
        // Unfolding gives back the whole text: folding only inserted CRLF + space between characters.
        assertThat(unfold(ics)).contains("LOCATION:" + Ics.text(longPlace) + "\r\n");
    }
}
