package org.parcoursnumerique.diagnostic;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Published when a mediator adjusts one recommendation of a completed diagnostic, in the transaction
 * that records it, and delivered to listeners after commit through the event publication registry
 * (ADR 0021). {@code value} and {@code themes} are what now counts for that kind (the pathway plan in
 * {@link PathwayPlans} says the same); the mediator's reason stays in the diagnostic module, so that
 * no free text about a person is copied into the registry.
 */
public record RecommendationAdjusted(long diagnosticId, long beneficiaryId, RecommendationKind kind, String value,
                                     List<String> themes, OffsetDateTime adjustedAt) {

    public RecommendationAdjusted {
        themes = List.copyOf(themes);
    }
}
