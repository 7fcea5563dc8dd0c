package org.parcoursnumerique.appointment;

import java.util.EnumSet;
import java.util.Set;

import org.parcoursnumerique.shared.Transitions;

/** Status of an appointment, with the transitions the aggregate allows (all but SCHEDULED are final). */
enum AppointmentStatus {
    SCHEDULED, ATTENDED, NO_SHOW, EXCUSED, CANCELLED;

    static final Transitions<AppointmentStatus> TRANSITIONS = Transitions.of(AppointmentStatus.class, "appointment.conflict")
            // Moving a scheduled appointment to another date keeps it scheduled.
            .allow(SCHEDULED, SCHEDULED, ATTENDED, NO_SHOW, EXCUSED, CANCELLED)
            .build();

    /** After these, the person can be invited again (a new appointment linked to this one). */
    private static final Set<AppointmentStatus> REINVITABLE = EnumSet.of(NO_SHOW, EXCUSED, CANCELLED);

    boolean canBecome(AppointmentStatus next) {
        return TRANSITIONS.allows(this, next);
    }

    boolean canBeReinvited() {
        return REINVITABLE.contains(this);
    }
}
