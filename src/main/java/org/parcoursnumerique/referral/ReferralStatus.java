package org.parcoursnumerique.referral;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Status of a referral, with the transitions the aggregate allows. */
public enum ReferralStatus {
    SUBMITTED, INFO_REQUESTED, ACCEPTED, REFUSED, WITHDRAWN;

    private static final Map<ReferralStatus, Set<ReferralStatus>> ALLOWED = Map.of(
            SUBMITTED, EnumSet.of(INFO_REQUESTED, ACCEPTED, REFUSED, WITHDRAWN),
            INFO_REQUESTED, EnumSet.of(SUBMITTED, ACCEPTED, REFUSED, WITHDRAWN),
            // Reassignment keeps an accepted referral accepted.
            ACCEPTED, EnumSet.of(ACCEPTED),
            REFUSED, EnumSet.noneOf(ReferralStatus.class),
            WITHDRAWN, EnumSet.noneOf(ReferralStatus.class));

    public boolean canBecome(ReferralStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean isOpen() {
        return this == SUBMITTED || this == INFO_REQUESTED;
    }
}
