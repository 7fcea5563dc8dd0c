/**
 * The individual diagnostic: versioned referentials (questionnaires with a common core and
 * recommendation rules, exported and imported as JSON), the step-by-step capture, the profile and
 * recommendations computed by the rules and adjusted by the mediator. Public API:
 * {@link org.parcoursnumerique.diagnostic.PathwayPlans} (the plan later stages read),
 * {@link org.parcoursnumerique.diagnostic.Diagnostics} (the summary of a completed diagnostic) and
 * the event {@link org.parcoursnumerique.diagnostic.DiagnosticCompleted}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Diagnostic")
package org.parcoursnumerique.diagnostic;
