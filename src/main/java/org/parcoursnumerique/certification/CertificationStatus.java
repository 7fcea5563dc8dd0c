package org.parcoursnumerique.certification;

import org.parcoursnumerique.shared.Transitions;

/**
 * A registration's status. A result may be corrected (passed ↔ failed, or the same status with
 * another score or date); a cancelled registration is final.
 */
enum CertificationStatus {
    REGISTERED, PASSED, FAILED, CANCELLED;

    static final Transitions<CertificationStatus> TABLE = Transitions.of(CertificationStatus.class,
                    "certification.conflict")
            .allow(REGISTERED, PASSED, FAILED, CANCELLED)
            .allow(PASSED, PASSED, FAILED)
            .allow(FAILED, FAILED, PASSED)
            .build();

    record Transition(CertificationStatus from, CertificationStatus to, java.time.OffsetDateTime at, Long by,
                      String note) implements org.parcoursnumerique.shared.StageTransition<CertificationStatus> {
    }
}
