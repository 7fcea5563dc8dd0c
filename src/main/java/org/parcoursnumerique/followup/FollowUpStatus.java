package org.parcoursnumerique.followup;

import org.parcoursnumerique.shared.Transitions;

/** A follow-up waits for its answers, is answered (final), or is cancelled when the end is undone. */
enum FollowUpStatus {
    PENDING, ANSWERED, CANCELLED;

    static final Transitions<FollowUpStatus> TABLE = Transitions.of(FollowUpStatus.class, "followUp.conflict")
            .allow(PENDING, ANSWERED, CANCELLED)
            .build();

    record Transition(FollowUpStatus from, FollowUpStatus to, java.time.OffsetDateTime at, Long by, String note)
            implements org.parcoursnumerique.shared.StageTransition<FollowUpStatus> {
    }
}
