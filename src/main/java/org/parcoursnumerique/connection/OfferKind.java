package org.parcoursnumerique.connection;

/** What an offer gives the person. Message keys {@code connection.offerKind.<NAME>}. */
enum OfferKind {
    /** A data SIM plan (for a smartphone, a tablet or a USB key). */
    DATA_SIM,
    /** A 4G box for the home. */
    BOX_4G,
    /** Home internet at an operator's social tariff. */
    SOCIAL_TARIFF,
    /** Help paying a subscription the person already has. */
    EXISTING_SUBSCRIPTION;

    /** A SIM card comes with it (ICCID and phone number asked); otherwise a box or contract reference. */
    boolean hasSim() {
        return this == DATA_SIM;
    }
}
