package org.parcoursnumerique.referral;

import java.time.LocalDate;

/**
 * A referral as sent by a prescriber, from the web form, a CSV row or the API, before validation.
 * Text fields are raw input; {@link ReferralRules} checks and normalises them.
 *
 * @param commune       an INSEE code or a commune name
 * @param aseDistrict   the ASE district code or name (young adults on a contrat jeune majeur only)
 * @param rsaSituation  for RSA recipients: IN_TRAINING, ENTREPRENEURSHIP or EQUIPMENT_FOR_INSERTION
 */
public record NewReferral(String lastName, String firstName, LocalDate birthDate, String commune,
                          String eligibilityCategory, String rsaSituation, String aseDistrict, String phone,
                          String email, String preferredChannel, String needs, Boolean consent,
                          Boolean shareWithPrescriber, Boolean evaluationStudy) {
}
