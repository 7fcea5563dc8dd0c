package org.parcoursnumerique.organisation;

/** Kinds of organisation; decides which roles its users may have and their territory. */
public enum OrganisationKind {
    PLATFORM, DEPARTEMENT, EPT, CONSORTIUM, MEMBER_STRUCTURE, PRESCRIBER,
    /** Partners of the programme (not members of a consortium): they have no users and never see people. */
    REFURBISHER, REPAIR_CAFE, TRAINING_BODY, CERTIFICATION_CENTRE;

    public boolean hasTerritory() {
        return this == EPT || this == CONSORTIUM || this == MEMBER_STRUCTURE;
    }

    /** A partner (refurbisher, repair café, training body, certification centre): no users, an optional territory. */
    public boolean isPartner() {
        return this == REFURBISHER || this == REPAIR_CAFE || this == TRAINING_BODY || this == CERTIFICATION_CENTRE;
    }
}
