package org.parcoursnumerique.shared;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One line of a person's timeline, as a contributor gives it: the text is a message key of
 * {@code messages.properties} with its arguments, formatted in French by the collector. Arguments may
 * be strings, numbers, {@link LocalDate}s and {@link OffsetDateTime}s (written as dates), {@link Label}s
 * (another message), lists of these (joined with commas), {@link UserName}s and {@link OrganisationName}s (resolved in one query each for
 * the whole timeline, so contributors never read the account or organisation tables).
 *
 * @param at       when it happened (sorted on it, newest first)
 * @param dayOnly  only the day is known (history recorded before the time was kept): shown as a date
 * @param category the kind of entry, shown as a tag: message key {@code timeline.category.<category>}
 *                 (referral, appointment, diagnostic, consent, message, pathway…)
 * @param textKey  the message key of what happened
 * @param args     the arguments of {@code textKey}
 * @param who      who did it
 * @param link     the page of the record it is about, for this viewer, or null
 */
public record TimelineEntry(OffsetDateTime at, boolean dayOnly, String category, String textKey, List<Object> args,
                            Actor who, String link) {

    public TimelineEntry {
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    public static TimelineEntry of(OffsetDateTime at, String category, String textKey, Actor who, String link,
                                   Object... args) {
        return new TimelineEntry(at, false, category, textKey, java.util.Arrays.asList(args), who, link);
    }

    /** An argument that is itself a message (a status, a reason, a kind). */
    public record Label(String key) {
    }

    /** An argument naming a user account. */
    public record UserName(long id) {
    }

    /** An argument naming an organisation. */
    public record OrganisationName(long id) {
    }

    /**
     * Who did it: a user (shown with their organisation), an organisation without a user (a
     * prescriber's software through the API), the person themselves (a consent they gave, possibly
     * recorded by a user), or the platform (messages, jobs, history carried over).
     */
    public record Actor(Kind kind, Long userId, Long organisationId) {

        public enum Kind { USER, ORGANISATION, PERSON, PLATFORM }

        /** The user when known, else the organisation when known, else the platform. */
        public static Actor of(Long userId, Long organisationId) {
            if (userId != null) {
                return new Actor(Kind.USER, userId, null);
            }
            return organisationId != null ? new Actor(Kind.ORGANISATION, null, organisationId) : platform();
        }

        public static Actor user(Long userId) {
            return of(userId, null);
        }

        /** The person, with the user who recorded their answer (null when unknown). */
        public static Actor person(Long recordedBy) {
            return new Actor(Kind.PERSON, recordedBy, null);
        }

        public static Actor platform() {
            return new Actor(Kind.PLATFORM, null, null);
        }
    }
}
