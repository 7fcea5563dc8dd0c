package org.parcoursnumerique.referral;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.PageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminds coordinators of referrals that wait longer than the configured number of working days,
 * once per referral, with an email that holds only a count and a link. A persistent daily job
 * (db-scheduler): it survives restarts and runs once when several instances share the database.
 */
@Configuration
class ReferralReminders {

    private static final Logger log = LoggerFactory.getLogger(ReferralReminders.class);
    static final int BATCH_SIZE = 500;

    record Waiting(long id, long territoryId, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final Clock clock;
    private final int workingDays;
    private final String baseUrl;

    ReferralReminders(JdbcClient jdbc, Outbox outbox, TransactionTemplate tx, MessageSource messages, Clock clock,
                      @Value("${parcours.referral.reminder-working-days:5}") int workingDays,
                      @Value("${parcours.base-url}") String baseUrl) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.tx = tx;
        this.messages = messages;
        this.clock = clock;
        this.workingDays = workingDays;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Bean
    RecurringTask<Void> referralRemindersTask(@Value("${parcours.referral.reminder-time:08:00}") String time) {
        return Tasks.recurring("referral-reminders", Schedules.daily(LocalTime.parse(time)))
                .execute((instance, context) -> remindOverdue());
    }

    /** Sends the reminders due now; returns how many referrals were overdue. */
    int remindOverdue() {
        Integer overdue = tx.execute(status -> {
            LocalDate today = LocalDate.now(clock);
            // Working days are counted in Java; the SQL only narrows by calendar days.
            OffsetDateTime before = OffsetDateTime.now(clock).minusDays(workingDays);
            List<Waiting> candidates = jdbc.sql("""
                    SELECT id, territory_id, updated_at AS created_at FROM referral
                    WHERE status = 'SUBMITTED' AND reminder_sent_at IS NULL AND updated_at < :before
                    ORDER BY updated_at LIMIT :batch
                    FOR UPDATE SKIP LOCKED""")
                    .param("before", before).param("batch", BATCH_SIZE).query(Waiting.class).list();
            Map<Long, List<Long>> byTerritory = new LinkedHashMap<>();
            for (Waiting w : candidates) {
                if (ReferralQueries.workingDaysBetween(w.createdAt().toLocalDate(), today) > workingDays) {
                    byTerritory.computeIfAbsent(w.territoryId(), k -> new ArrayList<>()).add(w.id());
                }
            }
            int emails = 0;
            OffsetDateTime now = OffsetDateTime.now(clock);
            for (var entry : byTerritory.entrySet()) {
                List<String> coordinators = jdbc.sql("""
                        SELECT u.email FROM user_account_v u JOIN organisation_v o ON o.id = u.organisation_id
                        WHERE u.role = 'COORDINATOR' AND u.active AND o.territory_id = :territory""")
                        .param("territory", entry.getKey()).query(String.class).list();
                for (String email : coordinators) {
                    outbox.email(email, text("mail.referral.reminder.subject"), text("mail.referral.reminder.body",
                            entry.getValue().size(), workingDays, baseUrl + "/triage"));
                    emails++;
                }
                jdbc.sql("UPDATE referral SET reminder_sent_at = :now WHERE id IN (:ids)")
                        .param("now", now).param("ids", entry.getValue()).update();
            }
            int count = byTerritory.values().stream().mapToInt(List::size).sum();
            log.info("Referral reminders: {} referrals waiting more than {} working days, {} emails to coordinators",
                    count, workingDays, emails);
            return count;
        });
        return overdue == null ? 0 : overdue;
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
