package org.parcoursnumerique.equipment;

import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.TerritoryScope;

/**
 * Who acts on the equipment: a signed-in user (their scopes, person reads through
 * {@code PersonInScope}) or an organisation's software with an API token (its territory only,
 * audited as {@code api:<token name>}).
 */
record Caller(CurrentUser user, ApiCaller api) {

    static Caller of(CurrentUser user) {
        return new Caller(user, null);
    }

    static Caller of(ApiCaller api) {
        return new Caller(null, api);
    }

    Long userId() {
        return user == null ? null : user.id();
    }

    long organisationId() {
        return user != null ? user.organisationId() : api.organisationId();
    }

    String auditName() {
        return user != null ? user.email() : "api:" + api.tokenName();
    }

    TerritoryScope readScope() {
        return user != null ? TerritoryScope.toRead(user) : api.stockScope();
    }

    TerritoryScope writeScope() {
        return user != null ? TerritoryScope.toWrite(user) : api.stockScope();
    }

    /** The scope of actions on a person's equipment: staff of the territory (and the API token's territory). */
    TerritoryScope personScope() {
        if (user != null) {
            return user.role().isConsortiumStaff() ? TerritoryScope.toRead(user) : TerritoryScope.none();
        }
        return api.stockScope();
    }
}
