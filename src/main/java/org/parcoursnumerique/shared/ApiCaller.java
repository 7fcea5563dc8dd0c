package org.parcoursnumerique.shared;

/**
 * A prescriber organisation's software calling the API with one of its tokens. It acts with the
 * scope of the organisation's prescribers.
 */
public record ApiCaller(long organisationId, long tokenId, String tokenName) {

    public DataScope dataScope() {
        return DataScope.referredBy(organisationId);
    }
}
