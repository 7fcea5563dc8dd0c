package org.parcoursnumerique.appointment;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.TransitionLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Loads and saves the appointment aggregate; transitions are appended, never rewritten. */
@Component
class AppointmentRepository {

    /**
     * What a new appointment is made of, once checked: SCHEDULED for a coming one, ATTENDED for one
     * that already took place (then with the note of its only transition).
     */
    record NewAppointment(long beneficiaryId, long territoryId, long referringOrganisationId, OffsetDateTime startsAt,
                          int durationMinutes, long structureId, long mediatorId, Long reinvitedFromId, long createdBy,
                          AppointmentStatus status, String note) {
    }

    private final JdbcClient jdbc;
    private final TransitionLog transitions;

    AppointmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.transitions = new TransitionLog(jdbc, "appointment_transition", "appointment_id", "starts_at");
    }

    /** The appointment if it is in the caller's scope (it carries territory and referrer like the person). */
    Optional<Appointment> find(long id, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT a.id, a.beneficiary_id, a.territory_id, a.status, a.starts_at, a.duration_minutes,
                       a.structure_id, a.mediator_id, a.ics_sequence, a.reminder_sent_at, a.version
                FROM appointment a WHERE a.id = :id AND %s""".formatted(scope.predicate("a")))
                .params(params)
                .query((rs, n) -> new Appointment(rs.getLong("id"), rs.getLong("beneficiary_id"),
                        rs.getLong("territory_id"), AppointmentStatus.valueOf(rs.getString("status")),
                        rs.getObject("starts_at", OffsetDateTime.class), rs.getInt("duration_minutes"),
                        rs.getLong("structure_id"), rs.getLong("mediator_id"), rs.getInt("ics_sequence"),
                        rs.getObject("reminder_sent_at", OffsetDateTime.class), rs.getInt("version")))
                .optional();
    }

    long insert(NewAppointment a, OffsetDateTime now) {
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO appointment (beneficiary_id, territory_id, referring_organisation_id, purpose, starts_at,
                    duration_minutes, structure_id, mediator_id, status, reinvited_from_id, created_by, created_at,
                    updated_at)
                VALUES (:beneficiary, :territory, :referrer, 'DIAGNOSTIC', :start, :duration, :structure, :mediator,
                    :status, :from, :by, :now, :now)""")
                .param("beneficiary", a.beneficiaryId()).param("territory", a.territoryId())
                .param("referrer", a.referringOrganisationId()).param("start", a.startsAt())
                .param("duration", a.durationMinutes()).param("structure", a.structureId())
                .param("mediator", a.mediatorId()).param("from", a.reinvitedFromId()).param("by", a.createdBy())
                .param("status", a.status().name()).param("now", now));
        appendTransition(id, new Appointment.Transition(null, a.status(), now, a.createdBy(), a.note(), a.startsAt()));
        return id;
    }

    /** Saves the new state if nobody changed the appointment meanwhile, and appends its transitions. */
    void save(Appointment a, OffsetDateTime now) {
        int updated = jdbc.sql("""
                UPDATE appointment SET status = :status, starts_at = :start, duration_minutes = :duration,
                       structure_id = :structure, mediator_id = :mediator, ics_sequence = :sequence,
                       reminder_sent_at = :reminded, updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version""")
                .param("status", a.status.name()).param("start", a.startsAt).param("duration", a.durationMinutes)
                .param("structure", a.structureId).param("mediator", a.mediatorId).param("sequence", a.sequence)
                .param("reminded", a.reminderSentAt).param("now", now).param("id", a.id)
                .param("version", a.version).update();
        if (updated == 0) {
            throw new ConflictException("appointment.conflict.stale");
        }
        for (Appointment.Transition t : a.pendingTransitions()) {
            appendTransition(a.id, t);
        }
    }

    private void appendTransition(long appointmentId, Appointment.Transition t) {
        transitions.append(appointmentId, t);
    }
}
