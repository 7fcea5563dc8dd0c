package org.parcoursnumerique.shared;

/** Implemented by the security principal so that any module can get the {@link CurrentUser}. */
public interface AuthenticatedPrincipal {

    CurrentUser currentUser();
}
