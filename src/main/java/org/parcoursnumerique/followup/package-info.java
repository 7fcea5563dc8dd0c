/**
 * Follow-ups after the accompaniment: "Clore l'accompagnement" records {@code COMPLETED} and plans
 * the follow-ups of the programme's schedule (data: +3 months, +6 months); each re-asks the common
 * core of the diagnostic ({@link org.parcoursnumerique.diagnostic.CommonCore}) and the person's
 * situation, answered by the mediator on the phone or by the person through a single-use link sent
 * by SMS or e-mail, with a reminder and then a call task; answered, it reaches
 * {@code FOLLOW_UP_3_MONTHS} or {@code FOLLOW_UP_6_MONTHS}. No public API: other modules see it
 * through the milestones, the person's page, timeline and data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Follow-up")
package org.parcoursnumerique.followup;
