package org.parcoursnumerique.connection;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

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
 * The daily {@code connection-coverage} job (db-scheduler, one run per day whatever the number of
 * instances). It records {@code CONNECTED_6_MONTHS} for the people whose line's coverage reaches 183
 * days today (or on a day the job did not run), and reminds by their channel the people whose line
 * lapses in the next 7 days, once per lapse. Both are claimed row by row, so a second run does
 * nothing more (ADR 0034).
 */
@Configuration
class ConnectionJob {

    static final String TASK = "connection-coverage";
    private static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(ConnectionJob.class);

    /** The person as a reminder needs them; {@code smsConsent}: their latest SMS_CONTACT answer. */
    record Contact(long lineId, long personId, String firstName, String email, String phone, String preferredChannel,
                   Boolean smsConsent, String offerName, LocalDate lapsesOn) {

        boolean hasEmail() {
            return email != null && !email.isBlank();
        }

        /** As appointment reminders: an explicit SMS consent, else SMS as the preferred channel; a refusal wins. */
        boolean acceptsSms() {
            if (phone == null || phone.isBlank()) {
                return false;
            }
            return smsConsent != null ? smsConsent : "SMS".equals(preferredChannel);
        }
    }

    private final JdbcClient jdbc;
    private final Lines lines;
    private final Outbox outbox;
    private final MessageSource messages;
    private final TransactionTemplate tx;
    private final Clock clock;

    ConnectionJob(JdbcClient jdbc, Lines lines, Outbox outbox, MessageSource messages, TransactionTemplate tx,
                  Clock clock) {
        this.jdbc = jdbc;
        this.lines = lines;
        this.outbox = outbox;
        this.messages = messages;
        this.tx = tx;
        this.clock = clock;
    }

    @Bean
    RecurringTask<Void> connectionCoverageTask(@Value("${parcours.connection.job-time:06:30}") String time) {
        return Tasks.recurring(TASK, Schedules.daily(PageContext.ZONE, LocalTime.parse(time)))
                .execute((instance, context) -> run());
    }

    /** One run: milestones due, then reminders. Returns {milestones matched, reminders sent}. */
    int[] run() {
        int people = reachDue();
        int reminded = remindLapsing();
        log.info("Connection coverage: {} people's milestones matched, {} lines' people reminded", people, reminded);
        return new int[] {people, reminded};
    }

    /** People whose line reached 183 days of coverage since the last match. */
    int reachDue() {
        int total = 0;
        while (true) {
            Integer done = tx.execute(status -> {
                LocalDate today = lines.today();
                List<Long> people = jdbc.sql("""
                        SELECT DISTINCT beneficiary_id FROM connection_line
                        WHERE six_months_on <= :today
                          AND (six_months_recorded_on IS NULL OR six_months_recorded_on <> six_months_on)
                        ORDER BY beneficiary_id LIMIT :batch""")
                        .param("today", today).param("batch", BATCH).query(Long.class).list();
                people.forEach(p -> lines.reconcileMilestones(p, null));
                return people.size();
            });
            int n = done == null ? 0 : done;
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }

    /** Reminds once per lapse the people whose line lapses within the next days. */
    int remindLapsing() {
        int total = 0;
        long after = 0;
        while (true) {
            final long from = after;
            long[] result = tx.execute(status -> {
                LocalDate today = lines.today();
                List<Contact> due = jdbc.sql("""
                        SELECT l.id, l.beneficiary_id, b.first_name, b.email, b.phone, b.preferred_channel,
                               (SELECT c.accepted FROM consent_v c WHERE c.beneficiary_id = b.id AND c.purpose = 'SMS_CONTACT'
                                ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS sms_consent,
                               o.name, l.lapses_on
                        FROM connection_line l JOIN beneficiary_v b ON b.id = l.beneficiary_id
                        JOIN connection_offer o ON o.id = l.offer_id
                        WHERE l.id > :after AND l.lapses_on > :today AND l.lapses_on <= :horizon
                          AND (l.reminded_for IS NULL OR l.reminded_for <> l.lapses_on)
                          AND b.status <> 'DROPPED_OUT'
                        ORDER BY l.id LIMIT :batch""")
                        .param("after", from).param("today", today).param("horizon", today.plusDays(Lines.LAPSING_DAYS))
                        .param("batch", BATCH)
                        .query((rs, n) -> new Contact(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), (Boolean) rs.getObject(7, Boolean.class),
                                rs.getString(8), rs.getObject(9, LocalDate.class)))
                        .list();
                int sent = 0;
                for (Contact c : due) {
                    int claimed = jdbc.sql("""
                            UPDATE connection_line SET reminded_for = lapses_on
                            WHERE id = :id AND lapses_on = :lapses AND (reminded_for IS NULL OR reminded_for <> lapses_on)""")
                            .param("id", c.lineId()).param("lapses", c.lapsesOn()).update();
                    if (claimed == 1 && remind(c) > 0) {
                        sent++;
                    }
                }
                return new long[] {due.size(), sent, due.isEmpty() ? from : due.get(due.size() - 1).lineId()};
            });
            total += (int) result[1];
            if (result[0] < BATCH) {
                return total;
            }
            after = result[2];
        }
    }

    private int remind(Contact c) {
        Outbox.About about = new Outbox.About(c.personId(), Outbox.Kind.REMINDER);
        String day = French.day(c.lapsesOn());
        int queued = 0;
        if (c.hasEmail()) {
            outbox.email(about, c.email(), t("connection.reminder.subject", day),
                    t("connection.reminder.body", c.firstName(), c.offerName(), day), null);
            queued++;
        }
        if (c.acceptsSms()) {
            outbox.sms(about, c.phone(), t("connection.reminder.sms", c.firstName(), day));
            queued++;
        }
        return queued;
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }

    /** Dates in words for messages: "1er décembre 2026". */
    static final class French {
        private static final java.time.format.DateTimeFormatter MONTH_YEAR =
                java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy", PageContext.LOCALE);

        private French() {
        }

        static String day(LocalDate d) {
            return (d.getDayOfMonth() == 1 ? "1er" : String.valueOf(d.getDayOfMonth())) + " " + MONTH_YEAR.format(d);
        }
    }
}
