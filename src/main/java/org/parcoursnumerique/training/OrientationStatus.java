package org.parcoursnumerique.training;

import static org.parcoursnumerique.training.OrientationStatus.*;

import org.parcoursnumerique.shared.Transitions;

/**
 * Where a person's orientation to an offer stands: proposed to the person, chosen with them
 * (registered, in a session for a dedicated training), started, then completed, dropped out or did
 * not show up; a proposal not chosen is declined. Corrections move a start or a completion back
 * (completed → started → registered), each recorded in {@code training_transition}.
 */
enum OrientationStatus {
    PROPOSED, REGISTERED, STARTED, COMPLETED, DROPPED_OUT, NO_SHOW, DECLINED;

    static final Transitions<OrientationStatus> TRANSITIONS = Transitions.of(OrientationStatus.class, "training.conflict")
            .allow(PROPOSED, REGISTERED, DECLINED)
            .allow(REGISTERED, STARTED, NO_SHOW, DROPPED_OUT, DECLINED)
            .allow(STARTED, STARTED, COMPLETED, DROPPED_OUT, REGISTERED)
            .allow(COMPLETED, COMPLETED, STARTED)
            .build();

    /** The orientation is the person's current one (chosen and not ended). */
    boolean ongoing() {
        return this == REGISTERED || this == STARTED;
    }

    /** Ended without completion: the person may be oriented again (a reorientation). */
    boolean interrupted() {
        return this == DROPPED_OUT || this == NO_SHOW;
    }
}
