package org.parcoursnumerique.appointment;

import java.time.OffsetDateTime;
import java.util.List;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.StageTransition;
import org.parcoursnumerique.shared.Transitions;

/**
 * The appointment aggregate. Its status changes only through the methods below, each checked
 * against {@link AppointmentStatus}'s transition table and recorded as a {@link Transition}.
 */
final class Appointment {

    /**
     * One change of status, appended to {@code appointment_transition} when the aggregate is saved,
     * with the start the appointment had then (a move gives the new one).
     */
    record Transition(AppointmentStatus from, AppointmentStatus to, OffsetDateTime at, Long by, String note,
                      OffsetDateTime startsAt) implements StageTransition<AppointmentStatus> {
        Transition(AppointmentStatus from, AppointmentStatus to, OffsetDateTime at, Long by, String note) {
            this(from, to, at, by, note, null);
        }

        @Override
        public java.util.Map<String, Object> extra() {
            var columns = new java.util.HashMap<String, Object>();
            columns.put("starts_at", startsAt);
            return columns;
        }
    }

    final long id;
    final long beneficiaryId;
    final long territoryId;
    final int version;
    AppointmentStatus status;
    OffsetDateTime startsAt;
    int durationMinutes;
    long structureId;
    long mediatorId;
    int sequence;
    OffsetDateTime reminderSentAt;
    private final Transitions.Pending<AppointmentStatus, Transition> pending = AppointmentStatus.TRANSITIONS.pending(Transition::new);

    Appointment(long id, long beneficiaryId, long territoryId, AppointmentStatus status, OffsetDateTime startsAt,
                int durationMinutes, long structureId, long mediatorId, int sequence, OffsetDateTime reminderSentAt,
                int version) {
        this.id = id;
        this.beneficiaryId = beneficiaryId;
        this.territoryId = territoryId;
        this.status = status;
        this.startsAt = startsAt;
        this.durationMinutes = durationMinutes;
        this.structureId = structureId;
        this.mediatorId = mediatorId;
        this.sequence = sequence;
        this.reminderSentAt = reminderSentAt;
        this.version = version;
    }

    /** The person came. Only from the start time on: nobody attends in advance. */
    void markAttended(long by, OffsetDateTime now, String note) {
        notBeforeTheStart(now);
        moveTo(AppointmentStatus.ATTENDED, by, now, note);
    }

    /** The person did not come and did not warn. Only from the start time on: they may still come. */
    void markNoShow(long by, OffsetDateTime now, String note) {
        notBeforeTheStart(now);
        moveTo(AppointmentStatus.NO_SHOW, by, now, note);
    }

    /** The person warned that they cannot come. */
    void excuse(long by, OffsetDateTime now, String note) {
        moveTo(AppointmentStatus.EXCUSED, by, now, note);
    }

    /** The structure calls the appointment off; the person is told and the calendar event removed. */
    void cancel(long by, OffsetDateTime now, String note) {
        moveTo(AppointmentStatus.CANCELLED, by, now, note);
        sequence++;
    }

    /** Moves a scheduled appointment: the calendar event is updated (higher SEQUENCE), reminded anew. */
    void reschedule(OffsetDateTime start, int duration, long structure, long mediator, long by, OffsetDateTime now) {
        if (status != AppointmentStatus.SCHEDULED) {
            throw new ConflictException("appointment.conflict." + status.name());
        }
        startsAt = start;
        durationMinutes = duration;
        structureId = structure;
        mediatorId = mediator;
        moveTo(AppointmentStatus.SCHEDULED, by, now, null);
        sequence++;
        reminderSentAt = null;
    }

    /** A new appointment may follow this one (no-show, excused or cancelled). */
    void checkReinvitable() {
        if (!status.canBeReinvited()) {
            throw new ConflictException("appointment.conflict.notReinvitable");
        }
    }

    /** Whether "came" or "did not come" can be recorded: the appointment has started. */
    boolean started(OffsetDateTime now) {
        return !now.isBefore(startsAt);
    }

    private void notBeforeTheStart(OffsetDateTime now) {
        if (!started(now)) {
            throw new ConflictException("appointment.conflict.tooEarly");
        }
    }

    private void moveTo(AppointmentStatus next, long by, OffsetDateTime at, String note) {
        status = pending.move(new Transition(status, next, at, by, note, startsAt));
    }

    List<Transition> pendingTransitions() {
        return pending.list();
    }
}
