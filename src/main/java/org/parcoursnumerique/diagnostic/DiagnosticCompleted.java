package org.parcoursnumerique.diagnostic;

import java.time.OffsetDateTime;

/**
 * Published when a mediator completes a person's diagnostic, in the transaction that records it:
 * the pathway plan can be read from {@link PathwayPlans} from then on.
 */
public record DiagnosticCompleted(long diagnosticId, long beneficiaryId, OffsetDateTime completedAt) {
}
