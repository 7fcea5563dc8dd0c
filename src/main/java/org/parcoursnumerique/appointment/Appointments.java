package org.parcoursnumerique.appointment;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.kagkarlsson.scheduler.SchedulerClient;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scheduling diagnostic appointments and recording what happened to them. Mediators and
 * coordinators of the person's territory act; every change is checked by the aggregate, appended
 * to the history, audited, announced to the person through the outbox, and moves the reminder job.
 */
@Service
class Appointments {

    /** Durations offered on the form, in minutes. */
    static final List<Integer> DURATIONS = List.of(30, 45, 60, 90, 120);
    static final int NOTE_MAX = 500;

    /**
     * A date and place asked for on the form (any field may be missing or wrong).
     * {@code overlapConfirmed}: the user ticked the box that accepts another appointment of the same
     * mediator at the same time.
     */
    record Slot(LocalDate date, LocalTime time, Integer durationMinutes, Long structureId, Long mediatorId,
                boolean overlapConfirmed) {
    }

    /**
     * What the slot is for: a coming appointment (in the future, within a year, checked against the
     * mediator's other appointments), or one that already took place and is recorded as attended
     * (a walk-in: now or in the past, within a year, never in the future).
     */
    enum When { COMING, PAST }

    /** What was done: the appointment, its person, and how many messages tell them. */
    record Done(long appointmentId, long beneficiaryId, int messages) {
    }

    enum Outcome { ATTENDED, NO_SHOW, EXCUSED, CANCELLED }

    private final AppointmentRepository repository;
    private final AppointmentQueries queries;
    private final AppointmentNotices notices;
    private final AppointmentReminders reminders;
    private final SchedulerClient scheduler;
    private final AuditLog audit;
    private final Clock clock;

    Appointments(AppointmentRepository repository, AppointmentQueries queries, AppointmentNotices notices,
                 AppointmentReminders reminders, SchedulerClient scheduler, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.queries = queries;
        this.notices = notices;
        this.reminders = reminders;
        this.scheduler = scheduler;
        this.audit = audit;
        this.clock = clock;
    }

    static boolean isStaff(CurrentUser user) {
        return user.has(Role.MEDIATOR, Role.COORDINATOR);
    }

    /** The person, if the caller may give them appointments (staff of their territory); 404 otherwise. */
    AppointmentQueries.Person person(CurrentUser user, long beneficiaryId) {
        if (!isStaff(user)) {
            throw new NotFoundException();
        }
        return queries.person(beneficiaryId, user.dataScope(), false).orElseThrow(NotFoundException::new);
    }

    /**
     * Why the slot cannot be given to this person, by form field (empty when it can). {@code moving}
     * is the appointment being moved (not an overlap with itself), null for a new one.
     */
    Map<String, String> problems(AppointmentQueries.Person person, Slot slot, When when, Long moving) {
        Map<String, String> problems = new LinkedHashMap<>();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (slot.date() == null) {
            problems.put("date", "appointment.date.required");
        }
        if (slot.time() == null) {
            problems.put("time", "appointment.time.required");
        }
        if (slot.date() != null && slot.time() != null
                && PageContext.ZONE.getRules().getValidOffsets(slot.date().atTime(slot.time())).isEmpty()) {
            // The hour skipped when clocks go forward (02:00–03:00 on the last Sunday of March).
            problems.put("time", "appointment.time.skipped");
        } else if (slot.date() != null && slot.time() != null) {
            OffsetDateTime start = start(slot);
            if (when == When.COMING && !start.isAfter(now)) {
                problems.put("date", "appointment.date.past");
            } else if (when == When.COMING && start.isAfter(now.plusYears(1))) {
                problems.put("date", "appointment.date.tooFar");
            } else if (when == When.PAST && start.isAfter(now)) {
                problems.put("date", "appointment.past.future");
            } else if (when == When.PAST && start.isBefore(now.minusYears(1))) {
                problems.put("date", "appointment.past.tooOld");
            }
        }
        if (slot.durationMinutes() == null || !DURATIONS.contains(slot.durationMinutes())) {
            problems.put("durationMinutes", "appointment.duration.invalid");
        }
        if (slot.structureId() == null) {
            problems.put("structureId", "appointment.structure.required");
        } else if (queries.places(person.territoryId()).stream().noneMatch(p -> p.id() == slot.structureId())) {
            problems.put("structureId", "appointment.structure.invalid");
        }
        if (slot.mediatorId() == null) {
            problems.put("mediatorId", "appointment.mediator.required");
        } else if (queries.mediators(person.territoryId()).stream().noneMatch(m -> m.id() == slot.mediatorId())) {
            problems.put("mediatorId", "appointment.mediator.invalid");
        }
        // A coming appointment that overlaps another one of the same mediator is given only once the
        // user confirmed it: two people received together happens, a forgotten appointment too.
        if (when == When.COMING && problems.isEmpty() && !slot.overlapConfirmed()
                && queries.overlaps(slot.mediatorId(), start(slot), slot.durationMinutes(), moving)) {
            problems.put("confirmOverlap", "appointment.overlap");
        }
        return problems;
    }

    /** The person may get a first diagnostic appointment now; ConflictException with the reason if not. */
    void checkSchedulable(AppointmentQueries.Person person) {
        if (!person.accepted()) {
            throw new ConflictException("appointment.conflict.notAccepted");
        }
        if (queries.hasScheduled(person.id())) {
            throw new ConflictException("appointment.conflict.alreadyScheduled");
        }
    }

    @Transactional
    public Done schedule(CurrentUser user, long beneficiaryId, Slot slot) {
        if (!isStaff(user)) {
            throw new NotFoundException();
        }
        var person = queries.person(beneficiaryId, user.dataScope(), true).orElseThrow(NotFoundException::new);
        return create(user, person, slot, null);
    }

    /**
     * A new date: a scheduled appointment is moved (same calendar event, updated); after a no-show,
     * an excuse or a cancellation a new appointment is made, linked to the previous one.
     */
    @Transactional
    public Done reinvite(CurrentUser user, long appointmentId, Slot slot) {
        Appointment a = staffsAppointment(user, appointmentId);
        var person = queries.person(a.beneficiaryId, user.dataScope(), true).orElseThrow(NotFoundException::new);
        if (a.status == AppointmentStatus.SCHEDULED) {
            queries.lockMediator(slot.mediatorId());
            checkSlot(person, slot, When.COMING, a.id);
            OffsetDateTime now = OffsetDateTime.now(clock);
            a.reschedule(start(slot), slot.durationMinutes(), slot.structureId(), slot.mediatorId(), user.id(), now);
            repository.save(a, now);
            reminders.plan(scheduler, a.id, a.startsAt, true);
            int messages = notices.send(queries.details(a.id), Outbox.Kind.RESCHEDULING);
            audit.record(user, a.beneficiaryId, AuditAction.CHANGE, "appointment " + a.id + " moved"
                    + (slot.overlapConfirmed() ? " (overlap confirmed)" : ""));
            return new Done(a.id, a.beneficiaryId, messages);
        }
        a.checkReinvitable();
        return create(user, person, slot, a.id);
    }

    @Transactional
    public Done record(CurrentUser user, long appointmentId, Outcome outcome, String note) {
        Appointment a = staffsAppointment(user, appointmentId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        switch (outcome) {
            case ATTENDED -> a.markAttended(user.id(), now, note);
            case NO_SHOW -> a.markNoShow(user.id(), now, note);
            case EXCUSED -> a.excuse(user.id(), now, note);
            case CANCELLED -> a.cancel(user.id(), now, note);
        }
        repository.save(a, now);
        reminders.plan(scheduler, a.id, a.startsAt, false);
        int messages = 0;
        // The person is told of a cancellation, unless it is past already (then there is nothing to cancel).
        if (outcome == Outcome.CANCELLED && a.startsAt.isAfter(now)) {
            messages = notices.send(queries.details(a.id), Outbox.Kind.CANCELLATION);
        }
        audit.record(user, a.beneficiaryId, AuditAction.CHANGE, "appointment " + a.id + " " + outcome.name().toLowerCase());
        return new Done(a.id, a.beneficiaryId, messages);
    }

    /** The appointment, for a staff member of its territory; 404 otherwise. */
    Appointment staffsAppointment(CurrentUser user, long appointmentId) {
        if (!isStaff(user)) {
            throw new NotFoundException();
        }
        return repository.find(appointmentId, user.dataScope()).orElseThrow(NotFoundException::new);
    }

    /**
     * Records an appointment that already took place as attended: a walk-in, or an appointment
     * agreed by phone and not entered before. No invitation, no reminder.
     */
    @Transactional
    public Done recordPast(CurrentUser user, long beneficiaryId, Slot slot, String note) {
        if (!isStaff(user)) {
            throw new NotFoundException();
        }
        var person = queries.person(beneficiaryId, user.dataScope(), true).orElseThrow(NotFoundException::new);
        checkSchedulable(person);
        checkSlot(person, slot, When.PAST, null);
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id;
        try {
            id = repository.insert(new AppointmentRepository.NewAppointment(person.id(), person.territoryId(),
                    person.referringOrganisationId(), start(slot), slot.durationMinutes(), slot.structureId(),
                    slot.mediatorId(), null, user.id(), AppointmentStatus.ATTENDED, note), now);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("appointment.conflict.alreadyScheduled");
        }
        audit.record(user, person.id(), AuditAction.CHANGE, "appointment " + id + " recorded as attended");
        return new Done(id, person.id(), 0);
    }

    private Done create(CurrentUser user, AppointmentQueries.Person person, Slot slot, Long reinvitedFrom) {
        checkSchedulable(person);
        // Two users booking the same mediator at once: the second waits, then sees the first's appointment.
        queries.lockMediator(slot.mediatorId());
        checkSlot(person, slot, When.COMING, null);
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id;
        try {
            id = repository.insert(new AppointmentRepository.NewAppointment(person.id(), person.territoryId(),
                    person.referringOrganisationId(), start(slot), slot.durationMinutes(), slot.structureId(),
                    slot.mediatorId(), reinvitedFrom, user.id(), AppointmentStatus.SCHEDULED, null), now);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("appointment.conflict.alreadyScheduled");
        }
        reminders.plan(scheduler, id, start(slot), true);
        int messages = notices.send(queries.details(id), Outbox.Kind.INVITATION);
        audit.record(user, person.id(), AuditAction.CHANGE, (reinvitedFrom == null ? "appointment " + id + " scheduled"
                : "appointment " + id + " scheduled again after " + reinvitedFrom)
                + (slot.overlapConfirmed() ? " (overlap confirmed)" : ""));
        return new Done(id, person.id(), messages);
    }

    /** The form was checked before; checked again here, in the transaction, against what changed meanwhile. */
    private void checkSlot(AppointmentQueries.Person person, Slot slot, When when, Long moving) {
        Map<String, String> problems = problems(person, slot, when, moving);
        if (!problems.isEmpty()) {
            throw new ConflictException(problems.values().iterator().next());
        }
    }

    static OffsetDateTime start(Slot slot) {
        return slot.date().atTime(slot.time()).atZone(PageContext.ZONE).toOffsetDateTime();
    }
}
