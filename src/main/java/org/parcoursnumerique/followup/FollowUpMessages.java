package org.parcoursnumerique.followup;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

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
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The follow-ups' messages, a persistent daily job (db-scheduler: survives restarts, runs once with
 * several instances): on the due day, the person's link by e-mail and SMS (as they agreed); 7 days
 * later without an answer, a reminder; 7 more days, the follow-up goes on the mediator's list "à
 * appeler" (at once for a person who can be reached neither way). Batches locked with
 * {@code FOR UPDATE SKIP LOCKED}; one summary line in the log.
 */
@Configuration
class FollowUpMessages {

    private static final Logger log = LoggerFactory.getLogger(FollowUpMessages.class);
    static final int BATCH_SIZE = 500;
    private static final String SMS_CONSENT = """
            (SELECT c.accepted FROM consent_v c WHERE c.beneficiary_id = b.id AND c.purpose = 'SMS_CONTACT'
             ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)""";

    record Due(long id, long beneficiaryId, String stageCode) {
    }

    record Contact(String email, String phone, String preferredChannel, Boolean smsConsent) {
        boolean acceptsSms() {
            if (phone == null || phone.isBlank()) {
                return false;
            }
            return smsConsent != null ? smsConsent : "SMS".equals(preferredChannel);
        }
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final Clock clock;
    private final int reminderDays;

    FollowUpMessages(JdbcClient jdbc, Outbox outbox, TransactionTemplate tx, MessageSource messages, Clock clock,
                     @Value("${parcours.followup.reminder-days:7}") int reminderDays) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.tx = tx;
        this.messages = messages;
        this.clock = clock;
        this.reminderDays = reminderDays;
    }

    @Bean
    RecurringTask<Void> followUpMessagesTask(@Value("${parcours.followup.message-time:09:30}") String time) {
        return Tasks.recurring("follow-up-messages", Schedules.daily(LocalTime.parse(time)))
                .execute((instance, context) -> run());
    }

    /** Sends what is due now; returns {invitations, reminders, to call}. */
    int[] run() {
        int[] done = new int[3];
        int n;
        do {
            n = batch("invited_at IS NULL AND due_on <= :today", Outbox.Kind.INVITATION, done);
        } while (n == BATCH_SIZE);
        do {
            n = batch("invited_at <= :before AND reminded_at IS NULL AND to_call_at IS NULL", Outbox.Kind.REMINDER, done);
        } while (n == BATCH_SIZE);
        do {
            n = batch("reminded_at <= :before AND to_call_at IS NULL", null, done);
        } while (n == BATCH_SIZE);
        log.info("Follow-up messages: {} invitations, {} reminders, {} follow-ups to call", done[0], done[1], done[2]);
        return done;
    }

    private int batch(String where, Outbox.Kind kind, int[] done) {
        Integer n = tx.execute(status -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
            List<Due> due = jdbc.sql("""
                    SELECT id, beneficiary_id, stage_code FROM follow_up
                    WHERE status = 'PENDING' AND %s ORDER BY due_on, id LIMIT :batch FOR UPDATE SKIP LOCKED""".formatted(where))
                    .param("today", today).param("before", now.minusDays(reminderDays)).param("batch", BATCH_SIZE)
                    .query(Due.class).list();
            for (Due d : due) {
                if (kind == null) {
                    jdbc.sql("UPDATE follow_up SET to_call_at = :now WHERE id = :id").param("now", now)
                            .param("id", d.id()).update();
                    done[2]++;
                    continue;
                }
                int sent = send(d.id(), d.beneficiaryId(), d.stageCode(), kind);
                String column = kind == Outbox.Kind.INVITATION ? "invited_at" : "reminded_at";
                jdbc.sql("UPDATE follow_up SET %s = :now%s WHERE id = :id".formatted(column,
                                sent == 0 ? ", to_call_at = :now" : ""))
                        .param("now", now).param("id", d.id()).update();
                if (sent == 0) {
                    done[2]++;
                } else {
                    done[kind == Outbox.Kind.INVITATION ? 0 : 1]++;
                }
            }
            return due.size();
        });
        return n == null ? 0 : n;
    }

    /** Queues the person's link by e-mail and by SMS as they can be reached; how many messages. */
    @Transactional(propagation = Propagation.MANDATORY)
    int send(long followUpId, long beneficiaryId, String stageCode, Outbox.Kind kind) {
        Optional<Contact> contact = jdbc.sql("""
                SELECT b.email, b.phone, b.preferred_channel, %s AS sms_consent FROM beneficiary_v b
                WHERE b.id = :id AND NOT b.anonymised""".formatted(SMS_CONSENT))
                .param("id", beneficiaryId).query(Contact.class).optional();
        if (contact.isEmpty()) {
            return 0;
        }
        var about = new Outbox.About(beneficiaryId, kind);
        String subject = messages.getMessage("followUp.message.subject." + stageCode, null,
                messages.getMessage("followUp.message.subject", null, PageContext.LOCALE), PageContext.LOCALE);
        int n = 0;
        if (contact.get().email() != null && !contact.get().email().isBlank()) {
            outbox.linkMessage(about, contact.get().email(), null, subject, FollowUpLinks.KIND, followUpId);
            n++;
        }
        if (contact.get().acceptsSms()) {
            outbox.linkMessage(about, null, contact.get().phone(), subject, FollowUpLinks.KIND, followUpId);
            n++;
        }
        return n;
    }
}
