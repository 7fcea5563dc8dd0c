/**
 * Referrals: a prescriber sends a person to the consortium of their territory (web form, CSV, API),
 * duplicates are detected, the consortium triages (accept and assign, ask for information, refuse
 * with a reason), and the prescriber follows each status change. Public API:
 * {@link org.parcoursnumerique.referral.Referrals}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Referral")
package org.parcoursnumerique.referral;
