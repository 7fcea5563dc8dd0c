package org.parcoursnumerique.shared;

/**
 * An organisation's software calling the API with one of its tokens. A prescriber organisation's
 * token acts with the scope of its prescribers (the people it referred) on the referral routes; a
 * token of the département, an EPT or a consortium reads the programme's aggregated indicators only
 * (every territory for the département, its own territory for the others) and never a person.
 * A consortium's token and a member structure's token (created by its logistics manager) also reach
 * the equipment stock of their territory ({@link #stockScope()}, ADR 0030).
 *
 * @param territoryId the territory of an EPT, a consortium or a member structure, null otherwise
 */
public record ApiCaller(long organisationId, long tokenId, String tokenName, Kind kind, Long territoryId) {

    /** The kinds of organisation that may hold a token, as in {@code organisation.kind}. */
    public enum Kind {
        PRESCRIBER, DEPARTEMENT, EPT, CONSORTIUM, MEMBER_STRUCTURE;

        /** A token that reads the indicators rather than referrals. */
        public boolean readsIndicators() {
            return this == DEPARTEMENT || this == EPT || this == CONSORTIUM;
        }

        /** A token that reaches the equipment stock of its territory (a consortium's, a logistics manager's). */
        public boolean reachesStock() {
            return this == CONSORTIUM || this == MEMBER_STRUCTURE;
        }
    }

    /** A prescriber organisation's token (the referral routes). */
    public static ApiCaller prescriber(long organisationId, long tokenId, String tokenName) {
        return new ApiCaller(organisationId, tokenId, tokenName, Kind.PRESCRIBER, null);
    }

    /** The people this token may read: those the prescriber organisation referred; nobody for the others. */
    public DataScope dataScope() {
        return kind == Kind.PRESCRIBER ? DataScope.referredBy(organisationId) : DataScope.none();
    }

    /** The territories whose aggregated indicators this token may read; none for a prescriber. */
    public DataScope figuresScope() {
        return switch (kind) {
            case DEPARTEMENT -> DataScope.all();
            case EPT, CONSORTIUM -> territoryId == null ? DataScope.none() : DataScope.territory(territoryId);
            case PRESCRIBER, MEMBER_STRUCTURE -> DataScope.none();
        };
    }

    /** The territory whose stock (and people waiting for a device) this token reaches; none for the others. */
    public TerritoryScope stockScope() {
        return kind.reachesStock() && territoryId != null
                ? new TerritoryScope(TerritoryScope.Kind.TERRITORY, territoryId) : TerritoryScope.none();
    }
}
