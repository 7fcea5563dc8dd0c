package org.parcoursnumerique.shared;

/**
 * The authenticated user as every module sees them. Resolved from the security context for any
 * controller parameter of this type.
 *
 * @param territoryId the territory of the user's organisation (EPT, consortium, member structure),
 *                    null for the département, the platform and prescribers
 */
public record CurrentUser(long id, String email, String displayName, long organisationId,
                          String organisationName, Role role, Long territoryId) implements java.io.Serializable {

    /** The rows of personal data this user may read, applied in the SQL of every query. */
    public DataScope dataScope() {
        return switch (role) {
            case PROGRAMME_MANAGER -> DataScope.all();
            case COORDINATOR, MEDIATOR, LOGISTICS_MANAGER ->
                    territoryId == null ? DataScope.none() : DataScope.territory(territoryId);
            case PRESCRIBER -> DataScope.referredBy(organisationId);
            case ADMINISTRATOR, EPT_VIEWER -> DataScope.none();
        };
    }

    /** The territories whose aggregated figures this user may see. */
    public DataScope figuresScope() {
        return switch (role) {
            case PROGRAMME_MANAGER, ADMINISTRATOR -> DataScope.all();
            case EPT_VIEWER, COORDINATOR, MEDIATOR, LOGISTICS_MANAGER ->
                    territoryId == null ? DataScope.none() : DataScope.territory(territoryId);
            case PRESCRIBER -> DataScope.referredBy(organisationId);
        };
    }

    public boolean has(Role... roles) {
        for (Role r : roles) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }
}
