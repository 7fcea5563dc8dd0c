package org.parcoursnumerique.appointment;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The appointment module's part of the demo data (ADR 0024). Demo mode only. */
@Component
public class AppointmentDemoData {

    private final JdbcClient jdbc;

    AppointmentDemoData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appointments of the demo mediator (T6): a few upcoming ones for accepted people, and the
     * diagnostic appointment attended on the day of the diagnosis of a few diagnosed people. No
     * reminder job is planned for them (reminders are planned when a mediator schedules one).
     */
    @Transactional
    public void create(long mediatorId, long structureId, long territory) {
        long[] mediator = {mediatorId, structureId};
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
        java.time.LocalDate today = java.time.LocalDate.now(paris);
        List<long[]> accepted = jdbc.sql("""
                SELECT id, referring_organisation_id FROM beneficiary_v
                WHERE territory_id = :territory AND status = 'ACCEPTED' ORDER BY id LIMIT 6""")
                .param("territory", territory).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        for (int i = 0; i < accepted.size(); i++) {
            var start = today.plusDays(i + 1).atTime(i % 2 == 0 ? java.time.LocalTime.of(10, 0)
                    : java.time.LocalTime.of(14, 30)).atZone(paris).toOffsetDateTime();
            appointment(accepted.get(i), territory, mediator, start, "SCHEDULED");
        }
        record Diagnosed(long id, long referrer, java.time.LocalDate day) {
        }
        List<Diagnosed> diagnosed = jdbc.sql("""
                SELECT id, referring_organisation_id, diagnosed_on FROM beneficiary_v
                WHERE territory_id = :territory AND status = 'DIAGNOSED' AND diagnosed_on < :today
                ORDER BY id LIMIT 6""").param("territory", territory).param("today", today)
                .query((rs, i) -> new Diagnosed(rs.getLong(1), rs.getLong(2), rs.getObject(3, java.time.LocalDate.class)))
                .list();
        for (var d : diagnosed) {
            appointment(new long[] {d.id(), d.referrer()}, territory, mediator,
                    d.day().atTime(10, 0).atZone(paris).toOffsetDateTime(), "ATTENDED");
        }
    }

    private void appointment(long[] person, long territory, long[] mediator, OffsetDateTime start, String status) {
        OffsetDateTime created = start.minusDays(7);
        jdbc.sql("""
                INSERT INTO appointment (beneficiary_id, territory_id, referring_organisation_id, starts_at, structure_id,
                    mediator_id, status, created_by, created_at, updated_at)
                VALUES (:person, :territory, :referrer, :start, :structure, :mediator, :status, :mediator, :created,
                    :created)""")
                .param("person", person[0]).param("territory", territory).param("referrer", person[1])
                .param("start", start).param("structure", mediator[1]).param("mediator", mediator[0])
                .param("status", status).param("created", created).update();
        long id = jdbc.sql("SELECT MAX(id) FROM appointment").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO appointment_transition (appointment_id, from_status, to_status, occurred_at, by_user_id)
                VALUES (:id, NULL, 'SCHEDULED', :at, :by)""")
                .param("id", id).param("at", created).param("by", mediator[0]).update();
        if (!status.equals("SCHEDULED")) {
            jdbc.sql("""
                    INSERT INTO appointment_transition (appointment_id, from_status, to_status, occurred_at, by_user_id)
                    VALUES (:id, 'SCHEDULED', :status, :at, :by)""")
                    .param("id", id).param("status", status).param("at", start.plusHours(1)).param("by", mediator[0])
                    .update();
        }
    }

}
