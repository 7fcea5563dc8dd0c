package org.parcoursnumerique.organisation;

/** Kinds of organisation; decides which roles its users may have and their territory. */
public enum OrganisationKind {
    PLATFORM, DEPARTEMENT, EPT, CONSORTIUM, MEMBER_STRUCTURE, PRESCRIBER;

    public boolean hasTerritory() {
        return this == EPT || this == CONSORTIUM || this == MEMBER_STRUCTURE;
    }
}
