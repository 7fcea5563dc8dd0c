/**
 * The mediator's work list: the page "Mes personnes" (people entrusted to them, waiting for an
 * appointment, today's and coming appointments, diagnostics to do), the next step shown at the top
 * of a person's page, and the e-mail that tells a mediator a person was entrusted to them
 * (listening to {@code referral.MediatorAssigned}). It reads the referral, appointment and
 * diagnostic tables with SQL, like the home figures, and is used by no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Mediator")
package org.parcoursnumerique.mediator;
