package org.parcoursnumerique.referral;

import java.time.OffsetDateTime;

/**
 * Published when a person is entrusted to a mediator: the referral is accepted with that mediator,
 * or reassigned to another one. Published in the transaction that records it and delivered to
 * listeners (the mediator's e-mail) after commit, through the event publication registry (ADR 0021). {@code assignedBy} may be the mediator
 * themself (a coordinator who keeps the person).
 */
public record MediatorAssigned(long referralId, long beneficiaryId, long mediatorId, long assignedBy,
                               OffsetDateTime assignedAt) {
}
