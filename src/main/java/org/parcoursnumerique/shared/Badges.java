package org.parcoursnumerique.shared;

import java.util.Map;

/**
 * The tone of a status badge by what the status means to the person reading the page: done
 * (success), waiting on someone (warning), failed or refused (danger), under way (info), closed
 * (neutral). The badge always shows the status in words as well; the colour only adds to it.
 */
public final class Badges {

    public enum Tone { SUCCESS, WARNING, DANGER, INFO, NEUTRAL }

    private static final Map<String, Tone> TONES = Map.ofEntries(
            // the person's stage
            Map.entry("status.REFERRED", Tone.WARNING),
            Map.entry("status.ACCEPTED", Tone.INFO),
            Map.entry("status.DIAGNOSED", Tone.SUCCESS),
            Map.entry("status.IN_PATHWAY", Tone.INFO),
            Map.entry("status.COMPLETED", Tone.SUCCESS),
            Map.entry("status.DROPPED_OUT", Tone.NEUTRAL),
            Map.entry("status.REFUSED", Tone.DANGER),
            Map.entry("status.WITHDRAWN", Tone.NEUTRAL),
            // referrals
            Map.entry("referralStatus.SUBMITTED", Tone.WARNING),
            Map.entry("referralStatus.INFO_REQUESTED", Tone.WARNING),
            Map.entry("referralStatus.ACCEPTED", Tone.SUCCESS),
            Map.entry("referralStatus.REFUSED", Tone.DANGER),
            Map.entry("referralStatus.WITHDRAWN", Tone.NEUTRAL),
            // appointments
            Map.entry("appointmentStatus.SCHEDULED", Tone.INFO),
            Map.entry("appointmentStatus.ATTENDED", Tone.SUCCESS),
            Map.entry("appointmentStatus.NO_SHOW", Tone.DANGER),
            Map.entry("appointmentStatus.EXCUSED", Tone.WARNING),
            Map.entry("appointmentStatus.CANCELLED", Tone.NEUTRAL),
            // diagnostics and referentials
            Map.entry("diagnosticStatus.DRAFT", Tone.WARNING),
            Map.entry("diagnosticStatus.COMPLETED", Tone.SUCCESS),
            Map.entry("referentialStatus.DRAFT", Tone.WARNING),
            Map.entry("referentialStatus.PUBLISHED", Tone.SUCCESS),
            Map.entry("referentialStatus.RETIRED", Tone.NEUTRAL),
            // equipment (devices)
            Map.entry("equipment.status.RECEIVED", Tone.WARNING),
            Map.entry("equipment.status.READY", Tone.SUCCESS),
            Map.entry("equipment.status.RESERVED", Tone.INFO),
            Map.entry("equipment.status.HANDED_OVER", Tone.SUCCESS),
            Map.entry("equipment.status.LENT", Tone.INFO),
            Map.entry("equipment.status.IN_REPAIR", Tone.WARNING),
            Map.entry("equipment.status.RETURNED", Tone.NEUTRAL),
            Map.entry("equipment.status.RECYCLED", Tone.NEUTRAL),
            Map.entry("equipment.status.LOST", Tone.DANGER),
            Map.entry("equipment.status.STOLEN", Tone.DANGER),
            // accounts
            Map.entry("users.active", Tone.SUCCESS),
            Map.entry("users.invited", Tone.INFO),
            Map.entry("users.inactive", Tone.NEUTRAL));

    private Badges() {
    }

    /** The tone of the status whose label is the message {@code key}; neutral for a status not listed. */
    public static Tone tone(String key) {
        return TONES.getOrDefault(key, Tone.NEUTRAL);
    }

    /** Whether a tone was chosen for this status (else it shows as neutral). */
    public static boolean placed(String key) {
        return TONES.containsKey(key);
    }

    /** The CSS classes of the badge of {@code key}: {@code badge badge-success}… */
    public static String css(String key) {
        return "badge badge-" + tone(key).name().toLowerCase(java.util.Locale.ROOT);
    }
}
