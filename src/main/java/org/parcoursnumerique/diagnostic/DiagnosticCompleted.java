package org.parcoursnumerique.diagnostic;

import java.time.OffsetDateTime;

/**
 * Published when a mediator completes a person's diagnostic, in the transaction that records it, and
 * delivered to listeners after commit through the event publication registry (ADR 0021): the pathway
 * plan can be read from {@link PathwayPlans} from then on.
 */
public record DiagnosticCompleted(long diagnosticId, long beneficiaryId, OffsetDateTime completedAt) {
}
