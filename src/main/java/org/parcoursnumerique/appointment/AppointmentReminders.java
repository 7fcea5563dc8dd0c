package org.parcoursnumerique.appointment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.PageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminds the person of their appointment a configurable number of days before it, at a fixed
 * time of day (Paris). One persistent db-scheduler job per appointment ({@code appointment-reminder},
 * instance = appointment id), written in the transaction that schedules or moves the appointment:
 * it survives restarts, and runs once even with several instances. When it runs it sends the
 * reminder only if the appointment is still scheduled and was not reminded yet.
 */
@Configuration
class AppointmentReminders {

    static final String TASK = "appointment-reminder";
    private static final Logger log = LoggerFactory.getLogger(AppointmentReminders.class);

    private final JdbcClient jdbc;
    private final AppointmentQueries queries;
    private final AppointmentNotices notices;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int daysBefore;
    private final LocalTime timeOfDay;

    AppointmentReminders(JdbcClient jdbc, AppointmentQueries queries, AppointmentNotices notices,
                         TransactionTemplate tx, Clock clock,
                         @Value("${parcours.appointment.reminder-days-before:2}") int daysBefore,
                         @Value("${parcours.appointment.reminder-time:10:00}") String timeOfDay) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.notices = notices;
        this.tx = tx;
        this.clock = clock;
        this.daysBefore = daysBefore;
        this.timeOfDay = LocalTime.parse(timeOfDay);
    }

    @Bean
    OneTimeTask<Void> appointmentReminderTask() {
        return Tasks.oneTime(TASK).execute((instance, context) -> remind(Long.parseLong(instance.getId())));
    }

    /**
     * When the reminder of an appointment starting at {@code start} is due: {@code daysBefore} days
     * before, at the configured time; empty when that moment has already passed (an appointment
     * given less than that ahead gets no separate reminder: the invitation was just sent).
     */
    Optional<Instant> dueAt(OffsetDateTime start) {
        Instant due = start.atZoneSameInstant(PageContext.ZONE).toLocalDate().minusDays(daysBefore)
                .atTime(timeOfDay).atZone(PageContext.ZONE).toInstant();
        // Never after the appointment itself, even with a reminder time late in the day and 0 days before.
        if (due.isAfter(start.toInstant().minus(Duration.ofHours(1)))) {
            due = start.toInstant().minus(Duration.ofHours(1));
        }
        return due.isAfter(clock.instant()) ? Optional.of(due) : Optional.empty();
    }

    /** Plans, moves or removes the reminder job of an appointment, in the caller's transaction. */
    void plan(SchedulerClient scheduler, long appointmentId, OffsetDateTime start, boolean scheduled) {
        TaskInstanceId id = TaskInstanceId.of(TASK, String.valueOf(appointmentId));
        boolean exists = scheduler.getScheduledExecution(id).isPresent();
        Optional<Instant> due = scheduled ? dueAt(start) : Optional.empty();
        if (due.isEmpty()) {
            if (exists) {
                scheduler.cancel(id);
            }
        } else if (exists) {
            scheduler.reschedule(id, due.get());
        } else {
            scheduler.scheduleIfNotExists(appointmentReminderTask().instance(String.valueOf(appointmentId)), due.get());
        }
    }

    /**
     * Sends the reminder of one appointment if it is still scheduled and not reminded yet. The
     * claim is one UPDATE … WHERE reminder_sent_at IS NULL: run twice, it sends once.
     */
    boolean remind(long appointmentId) {
        Boolean sent = tx.execute(status -> {
            int claimed = jdbc.sql("""
                    UPDATE appointment SET reminder_sent_at = :now
                    WHERE id = :id AND status = 'SCHEDULED' AND reminder_sent_at IS NULL AND starts_at > :now""")
                    .param("now", OffsetDateTime.now(clock)).param("id", appointmentId).update();
            if (claimed == 0) {
                log.info("Appointment reminder: appointment {} not scheduled any more or already reminded, nothing sent",
                        appointmentId);
                return false;
            }
            int messages = notices.send(queries.details(appointmentId), Outbox.Kind.REMINDER);
            log.info("Appointment reminder: appointment {} reminded, {} message(s) queued", appointmentId, messages);
            return true;
        });
        return Boolean.TRUE.equals(sent);
    }
}
