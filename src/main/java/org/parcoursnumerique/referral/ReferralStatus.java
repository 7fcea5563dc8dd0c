package org.parcoursnumerique.referral;

import org.parcoursnumerique.shared.Transitions;

/** Status of a referral, with the transitions the aggregate allows (REFUSED and WITHDRAWN are final). */
public enum ReferralStatus {
    SUBMITTED, INFO_REQUESTED, ACCEPTED, REFUSED, WITHDRAWN;

    static final Transitions<ReferralStatus> TRANSITIONS = Transitions.of(ReferralStatus.class, "referral.conflict")
            .allow(SUBMITTED, INFO_REQUESTED, ACCEPTED, REFUSED, WITHDRAWN)
            .allow(INFO_REQUESTED, SUBMITTED, ACCEPTED, REFUSED, WITHDRAWN)
            // Reassignment keeps an accepted referral accepted.
            .allow(ACCEPTED, ACCEPTED)
            .build();

    public boolean canBecome(ReferralStatus next) {
        return TRANSITIONS.allows(this, next);
    }

    public boolean isOpen() {
        return this == SUBMITTED || this == INFO_REQUESTED;
    }
}
