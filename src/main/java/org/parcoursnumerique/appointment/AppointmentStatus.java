package org.parcoursnumerique.appointment;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Status of an appointment, with the transitions the aggregate allows. */
enum AppointmentStatus {
    SCHEDULED, ATTENDED, NO_SHOW, EXCUSED, CANCELLED;

    private static final Map<AppointmentStatus, Set<AppointmentStatus>> ALLOWED = Map.of(
            // Moving a scheduled appointment to another date keeps it scheduled.
            SCHEDULED, EnumSet.of(SCHEDULED, ATTENDED, NO_SHOW, EXCUSED, CANCELLED),
            ATTENDED, EnumSet.noneOf(AppointmentStatus.class),
            NO_SHOW, EnumSet.noneOf(AppointmentStatus.class),
            EXCUSED, EnumSet.noneOf(AppointmentStatus.class),
            CANCELLED, EnumSet.noneOf(AppointmentStatus.class));

    /** After these, the person can be invited again (a new appointment linked to this one). */
    private static final Set<AppointmentStatus> REINVITABLE = EnumSet.of(NO_SHOW, EXCUSED, CANCELLED);

    boolean canBecome(AppointmentStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    boolean canBeReinvited() {
        return REINVITABLE.contains(this);
    }
}
