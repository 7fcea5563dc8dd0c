/**
 * Certification: kinds of certification as data (Pix with its score and levels, CléA numérique with
 * its competences, others an administrator adds), a person's registrations with a certification
 * centre, their funding and cost, the result and the certificate, the import of a Pix centre's
 * session results file. A passed result reaches {@code CERTIFIED} through
 * {@link org.parcoursnumerique.pathway.Milestones}. Public API:
 * {@link org.parcoursnumerique.certification.CertificationCosts} (what registrations cost, for the budget).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Certification")
package org.parcoursnumerique.certification;
