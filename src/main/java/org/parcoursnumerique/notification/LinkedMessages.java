package org.parcoursnumerique.notification;

import java.util.Optional;

/**
 * Renders, at send time, the body of an email that carries a single-use link, so that the link is
 * never stored in the outbox (ADR 0007). Implemented by the module that owns the link (accounts:
 * invitations and password resets) and queued with {@link Outbox#linkEmail}.
 */
public interface LinkedMessages {

    /** Whether this renderer knows this kind of link. */
    boolean handles(String linkKind);

    /**
     * Issues the link now and returns the body; empty when the message no longer needs to be sent
     * (the account was activated or deactivated meanwhile).
     */
    Optional<String> render(String linkKind, long reference);
}
