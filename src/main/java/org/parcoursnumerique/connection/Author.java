package org.parcoursnumerique.connection;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.CurrentUser;

/** Who writes: a signed-in user, or an organisation's software through the API with a token. */
record Author(CurrentUser user, ApiCaller caller) {

    static Author of(CurrentUser user) {
        return new Author(user, null);
    }

    static Author of(ApiCaller caller) {
        return new Author(null, caller);
    }

    Long userId() {
        return user == null ? null : user.id();
    }

    /** The token's organisation (the user's is known from the account). */
    Long apiOrganisationId() {
        return caller == null ? null : caller.organisationId();
    }

    void audit(AuditLog audit, long personId, AuditAction action, String details) {
        if (user != null) {
            audit.record(user, personId, action, details);
        } else {
            audit.recordBy(null, "api:" + caller.tokenName(), caller.organisationId(), personId, action, details);
        }
    }
}
