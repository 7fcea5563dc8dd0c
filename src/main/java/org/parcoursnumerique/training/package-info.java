/**
 * Training offers and orientation (issue 10): the offers catalogue imported from the public standards
 * of digital inclusion (schéma des lieux de médiation numérique v1 and v0, data·inclusion services),
 * the mapping of their services to the diagnostic's training themes, the consortium's dedicated
 * trainings and their sessions, the search of offers near the person, the orientation of a person
 * (proposed, registered, started, completed, dropped out, did not show up), the orientation slip and
 * the rupture watch ("à relancer"). Public API: {@link org.parcoursnumerique.training.TrainingRuptureDetected}
 * (event). ADR 0036–0038.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Training")
package org.parcoursnumerique.training;
