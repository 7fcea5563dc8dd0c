package org.parcoursnumerique.diagnostic;

import java.time.OffsetDateTime;

/**
 * Published when a completed diagnostic is corrected (its answers changed, its profile and
 * recommendations recomputed), in the transaction that records the correction, and delivered to
 * listeners after commit through the event publication registry (ADR 0021). Listeners read the new
 * plan from {@link PathwayPlans}; earlier adjustments no longer count.
 */
public record DiagnosticCorrected(long diagnosticId, long beneficiaryId, long correctionId, OffsetDateTime correctedAt) {
}
