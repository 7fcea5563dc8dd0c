/**
 * The beneficiary's record: identity, contact, commune, eligibility, referring organisation,
 * territory, consent and status; search and list within the caller's scope; the person's page.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Beneficiary")
package org.parcoursnumerique.beneficiary;
