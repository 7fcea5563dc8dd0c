package org.parcoursnumerique.connection;

/**
 * The mediator's answer about a lapsed line. {@code OWN_MEANS} ("connecté par ses propres moyens")
 * counts as connected from the lapse to the day of the answer (ADR 0034).
 */
enum CheckOutcome {
    OWN_MEANS, NOT_CONNECTED
}
