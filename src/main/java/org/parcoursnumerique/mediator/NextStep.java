package org.parcoursnumerique.mediator;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The one thing to do next for a person, for the staff who accompany them: decided from their
 * {@link Situation} in a single place, so that the person's page and "Mes personnes" always agree.
 * {@code post}: the action is a form (starting a diagnostic), not a link.
 */
record NextStep(Kind kind, String url, boolean post, OffsetDateTime at) {

    enum Kind {
        /** The referral waits for the consortium's decision (coordinators act). */
        TRIAGE,
        /** Accepted, never received: give a first appointment. */
        SCHEDULE,
        /** The last appointment was missed, excused or cancelled: propose a new date. */
        RESCHEDULE,
        /** An appointment is planned and has not started. */
        AWAIT_APPOINTMENT,
        /** The appointment has started or is past: record whether the person came. */
        RECORD_ATTENDANCE,
        /** The person came: start their diagnostic. */
        START_DIAGNOSTIC,
        /** A diagnostic is in progress. */
        RESUME_DIAGNOSTIC,
        /** The diagnostic is done: its result and the pathway plan. */
        SEE_DIAGNOSTIC;

        String labelKey() {
            return "nextStep." + name();
        }
    }

    String labelKey() {
        return kind.labelKey();
    }

    /** The next step, or empty when there is none for staff (refused or withdrawn referral). */
    static Optional<NextStep> of(Situation s, OffsetDateTime now, boolean coordinator) {
        String person = "/beneficiaries/" + s.id();
        if (s.draftId() != null) {
            return step(Kind.RESUME_DIAGNOSTIC, "/diagnostics/" + s.draftId(), false, s.draftUpdatedAt());
        }
        if (s.diagnosed()) {
            return s.completedId() == null ? Optional.empty()
                    : step(Kind.SEE_DIAGNOSTIC, "/diagnostics/" + s.completedId(), false, null);
        }
        if (s.scheduledId() != null) {
            return s.scheduledAt().isAfter(now)
                    ? step(Kind.AWAIT_APPOINTMENT, person + "#appointments", false, s.scheduledAt())
                    : step(Kind.RECORD_ATTENDANCE, person + "#appointments", false, s.scheduledAt());
        }
        if (s.attended()) {
            return step(Kind.START_DIAGNOSTIC, person + "/diagnostics", true, null);
        }
        if (s.accepted()) {
            return s.missedLast()
                    ? step(Kind.RESCHEDULE, "/appointments/" + s.lastAppointmentId() + "/reinvite", false, null)
                    : step(Kind.SCHEDULE, person + "/appointments/new", false, null);
        }
        if (s.openReferralId() != null && coordinator) {
            return step(Kind.TRIAGE, "/referrals/" + s.openReferralId(), false, null);
        }
        return Optional.empty();
    }

    private static Optional<NextStep> step(Kind kind, String url, boolean post, OffsetDateTime at) {
        return Optional.of(new NextStep(kind, url, post, at));
    }
}
