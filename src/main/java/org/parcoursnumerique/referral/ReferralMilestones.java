package org.parcoursnumerique.referral;

import java.util.List;

import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.pathway.ReachedMilestone;
import org.springframework.stereotype.Component;

/**
 * The milestones of a referred person as the people around a referral may see them: their kinds and
 * dates only, never who recorded them nor why. Staff see them always; the referring prescriber once
 * this referral is accepted (the pathway is then the one they asked for), as for the diagnostic
 * ({@link DiagnosticSharing}), whose consent alone decides whether they learn the plan.
 */
@Component
class ReferralMilestones {

    private final Milestones milestones;

    ReferralMilestones(Milestones milestones) {
        this.milestones = milestones;
    }

    /** For a referral already found in the reader's scope; in pathway order. */
    List<ReachedMilestone> forReferral(long beneficiaryId, String referralStatus, boolean prescriberReader) {
        if (prescriberReader && !ReferralStatus.ACCEPTED.name().equals(referralStatus)) {
            return List.of();
        }
        return milestones.of(beneficiaryId);
    }
}
