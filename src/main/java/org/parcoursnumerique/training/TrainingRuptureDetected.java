package org.parcoursnumerique.training;

import java.time.LocalDate;

/**
 * Published when a person's training orientation is at risk of a rupture: no outcome recorded some
 * days after the expected start ({@code NO_NEWS}), a drop-out ({@code DROPPED_OUT}) or a no-show
 * ({@code NO_SHOW}). Ids, a code and a date only: a listener (the referral module, which tells the
 * prescriber within the referral's consent) reads what it may show through its own rules.
 */
public record TrainingRuptureDetected(long orientationId, long beneficiaryId, String reason, LocalDate on) {
}
