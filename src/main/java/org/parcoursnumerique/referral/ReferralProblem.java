package org.parcoursnumerique.referral;

/**
 * One reason a referral is refused: the field it is about and the key of its French explanation
 * in messages.properties, with the arguments of that text.
 */
public record ReferralProblem(String field, String messageKey, Object... args) {
}
