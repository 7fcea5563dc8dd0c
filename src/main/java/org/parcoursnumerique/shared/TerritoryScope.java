package org.parcoursnumerique.shared;

import java.util.Map;

/**
 * Which territories a user may read or write for rows that are not about a person: stock, offers,
 * budget lines, a structure's slots (the person's own data is filtered by {@link DataScope}). Rendered
 * as a SQL predicate on a {@code territory_id} column with one named parameter,
 * {@code :territoryScopeId}, which does not collide with DataScope's {@code :scopeId} in a query that
 * needs both. Prescribers read none of these rows; the EPT reads its territory, never writes. ADR 0022.
 */
public record TerritoryScope(Kind kind, Long territoryId) {

    public enum Kind { ALL, TERRITORY, NONE }

    /** The territories whose rows {@code user} may read. */
    public static TerritoryScope toRead(CurrentUser user) {
        return switch (user.role()) {
            case PROGRAMME_MANAGER -> all();
            case EPT_VIEWER, COORDINATOR, MEDIATOR, LOGISTICS_MANAGER -> ofTerritory(user.territoryId());
            case PRESCRIBER, ADMINISTRATOR -> none();
        };
    }

    /**
     * The territories whose rows {@code user} may change: the programme team everywhere, the
     * coordination and logistics of a territory there; mediators record what they do for a person
     * (person-scoped rows), EPT viewers only look.
     */
    public static TerritoryScope toWrite(CurrentUser user) {
        return switch (user.role()) {
            case PROGRAMME_MANAGER -> all();
            case COORDINATOR, LOGISTICS_MANAGER -> ofTerritory(user.territoryId());
            case MEDIATOR, EPT_VIEWER, PRESCRIBER, ADMINISTRATOR -> none();
        };
    }

    public static TerritoryScope all() {
        return new TerritoryScope(Kind.ALL, null);
    }

    public static TerritoryScope none() {
        return new TerritoryScope(Kind.NONE, null);
    }

    private static TerritoryScope ofTerritory(Long territoryId) {
        return territoryId == null ? none() : new TerritoryScope(Kind.TERRITORY, territoryId);
    }

    /** SQL predicate on {@code column}, e.g. {@code "s.territory_id"}. */
    public String predicate(String column) {
        return switch (kind) {
            case ALL -> "1 = 1";
            case TERRITORY -> column + " = :territoryScopeId";
            case NONE -> "1 = 0";
        };
    }

    /** The parameter the predicate needs (empty when it needs none). */
    public Map<String, Object> parameters() {
        return territoryId == null ? Map.of() : Map.of("territoryScopeId", territoryId);
    }

    public boolean includes(long territory) {
        return switch (kind) {
            case ALL -> true;
            case TERRITORY -> territoryId == territory;
            case NONE -> false;
        };
    }

    /** Refuses a row of another territory as not found (never 403: it would confirm the row exists). */
    public void check(long territory) {
        if (!includes(territory)) {
            throw new NotFoundException();
        }
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }
}
