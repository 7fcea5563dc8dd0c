package org.parcoursnumerique.shared;

/** What a user does on the platform; decides pages and data scope. */
public enum Role {
    ADMINISTRATOR,
    PROGRAMME_MANAGER,
    EPT_VIEWER,
    COORDINATOR,
    MEDIATOR,
    LOGISTICS_MANAGER,
    PRESCRIBER;

    public String authority() {
        return "ROLE_" + name();
    }

    /** Staff of a consortium or of one of its member structures: they work on one territory. */
    public boolean isConsortiumStaff() {
        return this == COORDINATOR || this == MEDIATOR || this == LOGISTICS_MANAGER;
    }

    /** Roles that may open a person's record at all (scope still applies). */
    public boolean readsPersonalData() {
        return this == PROGRAMME_MANAGER || isConsortiumStaff() || this == PRESCRIBER;
    }
}
