/**
 * Diagnostic appointments: scheduling by mediators, invitations by email (with a calendar event)
 * and SMS through the outbox, reminders as persistent db-scheduler jobs, attendance, re-invitation.
 * Nothing in it is used by other modules; it adds a section to the person's page.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Appointment")
package org.parcoursnumerique.appointment;
