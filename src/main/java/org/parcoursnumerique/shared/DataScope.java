package org.parcoursnumerique.shared;

import java.util.Map;

/**
 * A row filter on tables that carry {@code territory_id} and {@code referring_organisation_id}
 * (the beneficiary and everything hanging on it). Rendered as a SQL predicate with one named
 * parameter, {@code :scopeId}, so that scope is applied by the database in every query.
 */
public record DataScope(Kind kind, Long id) {

    public enum Kind { ALL, TERRITORY, REFERRED_BY, NONE }

    public static DataScope all() {
        return new DataScope(Kind.ALL, null);
    }

    public static DataScope territory(long territoryId) {
        return new DataScope(Kind.TERRITORY, territoryId);
    }

    public static DataScope referredBy(long organisationId) {
        return new DataScope(Kind.REFERRED_BY, organisationId);
    }

    public static DataScope none() {
        return new DataScope(Kind.NONE, null);
    }

    /** SQL predicate for the table aliased {@code alias}. */
    public String predicate(String alias) {
        return switch (kind) {
            case ALL -> "1 = 1";
            case TERRITORY -> alias + ".territory_id = :scopeId";
            case REFERRED_BY -> alias + ".referring_organisation_id = :scopeId";
            case NONE -> "1 = 0";
        };
    }

    /** The parameter the predicate needs (empty when it needs none). */
    public Map<String, Object> parameters() {
        return id == null ? Map.of() : Map.of("scopeId", id);
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }
}
