package org.parcoursnumerique.mediator;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Where one person stands, as the next step needs it: their status, their scheduled appointment,
 * the last appointment, their diagnostics and an open referral. Read by {@link MyPeopleQueries}.
 */
record Situation(long id, String lastName, String firstName, String status, String communeName,
                 Long scheduledId, OffsetDateTime scheduledAt, Long scheduledMediatorId, String scheduledMediatorName,
                 Long lastAppointmentId, String lastAppointmentStatus, boolean attended, Long draftId,
                 OffsetDateTime draftUpdatedAt, Long completedId, Long openReferralId, Long assignedMediatorId,
                 OffsetDateTime assignedAt) {

    private static final List<String> DIAGNOSED = List.of("DIAGNOSED", "IN_PATHWAY", "COMPLETED");

    boolean diagnosed() {
        return DIAGNOSED.contains(status) || completedId != null && draftId == null;
    }

    boolean accepted() {
        return "ACCEPTED".equals(status) || DIAGNOSED.contains(status);
    }

    /** The last appointment ended without the person (no-show, excused, cancelled): a new date is due. */
    boolean missedLast() {
        return lastAppointmentStatus != null && List.of("NO_SHOW", "EXCUSED", "CANCELLED").contains(lastAppointmentStatus);
    }
}
