package org.parcoursnumerique.beneficiary;

/** Where the person is in their pathway. */
public enum BeneficiaryStatus {
    REFERRED, ACCEPTED, DIAGNOSED, IN_PATHWAY, COMPLETED, DROPPED_OUT,
    /** The consortium refused the referral. */
    REFUSED,
    /** The prescriber withdrew the referral. */
    WITHDRAWN
}
