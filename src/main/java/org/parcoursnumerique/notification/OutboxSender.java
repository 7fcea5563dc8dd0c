package org.parcoursnumerique.notification;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends pending outbox messages in batches. Each message is claimed with a row lock that other
 * instances skip, sent, then marked; a failure schedules a retry with a growing delay. Without an
 * SMTP server configured (demo mode), messages are written to the log instead.
 */
@Component
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    static final int MAX_ATTEMPTS = 10;

    record Pending(long id, String channel, String recipient, String subject, String body, int attempts,
                   String attachmentName, String attachmentType, String attachmentContent, String kind,
                   String linkKind, Long linkRef) {

        Pending withBody(String rendered) {
            return new Pending(id, channel, recipient, subject, rendered, attempts, attachmentName, attachmentType,
                    attachmentContent, kind, linkKind, linkRef);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final SmsSender smsSender;
    private final Clock clock;
    private final String from;
    private final int batchSize;
    private final java.util.List<LinkedMessages> linkedMessages;
    private final org.parcoursnumerique.shared.KeyedHash keyedHash;
    private final Duration bodyRetention;
    private final DemoOutbox demoOutbox;

    OutboxSender(JdbcClient jdbc, TransactionTemplate tx, ObjectProvider<JavaMailSender> mailSender, SmsSender smsSender,
                 Clock clock,
                 @Value("${parcours.mail.from}") String from,
                 @Value("${parcours.outbox.batch-size:50}") int batchSize,
                 java.util.List<LinkedMessages> linkedMessages, org.parcoursnumerique.shared.KeyedHash keyedHash,
                 @Value("${parcours.outbox.sent-body-retention:PT1H}") Duration bodyRetention,
                 DemoOutbox demoOutbox) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.mailSender = mailSender;
        this.smsSender = smsSender;
        this.clock = clock;
        this.from = from;
        this.batchSize = batchSize;
        this.linkedMessages = linkedMessages;
        this.keyedHash = keyedHash;
        this.bodyRetention = bodyRetention;
        this.demoOutbox = demoOutbox;
    }

    @Scheduled(fixedDelayString = "${parcours.outbox.interval:PT5S}", initialDelayString = "${parcours.outbox.initial-delay:PT5S}")
    void sendPending() {
        int sent = 0;
        int failed = 0;
        for (int i = 0; i < batchSize; i++) {
            Boolean result = tx.execute(status -> sendOne());
            if (result == null) {
                break;
            }
            if (result) {
                sent++;
            } else {
                failed++;
            }
        }
        int purged = tx.execute(status -> purgeSentBodies(bodyRetention));
        if (sent + failed + purged > 0) {
            log.info("Outbox: {} sent, {} failed (will retry), {} bodies purged", sent, failed, purged);
        }
    }

    /**
     * Forgets what sent (or given up) messages said, once they are older than {@code retention}:
     * body and attachment are deleted and the recipient replaced by a keyed hash; subject, kind,
     * status and dates stay for the person's page and for support.
     */
    int purgeSentBodies(Duration retention) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime before = now.minus(retention);
        List<Object[]> rows = jdbc.sql("""
                SELECT id, recipient FROM outbox_message
                WHERE purged_at IS NULL AND ((sent_at IS NOT NULL AND sent_at <= :before)
                                          OR (failed_at IS NOT NULL AND failed_at <= :before))
                ORDER BY id LIMIT :limit
                FOR UPDATE SKIP LOCKED""")
                .param("before", before).param("limit", batchSize)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        for (Object[] row : rows) {
            jdbc.sql("""
                    UPDATE outbox_message SET body = NULL, attachment_content = NULL, recipient = :hash,
                           last_error = NULL, purged_at = :now
                    WHERE id = :id""")
                    .param("hash", recipientHash((String) row[1])).param("now", now).param("id", row[0]).update();
        }
        return rows.size();
    }

    String recipientHash(String recipient) {
        return "hmac:" + keyedHash.of("outbox-recipient", recipient.trim().toLowerCase(java.util.Locale.ROOT))
                .substring(0, 32);
    }

    /** Sends the oldest due message; null when none is due, false when sending failed. */
    Boolean sendOne() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Pending> due = jdbc.sql("""
                SELECT id, channel, recipient, subject, body, attempts, attachment_name, attachment_type,
                       attachment_content, kind, link_kind, link_ref FROM outbox_message
                WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= :now
                ORDER BY next_attempt_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED""")
                .param("now", now).query(Pending.class).list();
        if (due.isEmpty()) {
            return null;
        }
        Pending queued = due.get(0);
        Pending p = queued;
        if (queued.linkKind() != null) {
            // The link is issued now, for this sending only, and never written to the outbox.
            var body = linkedMessages.stream().filter(m -> m.handles(queued.linkKind())).findFirst()
                    .flatMap(m -> m.render(queued.linkKind(), queued.linkRef()));
            if (body.isEmpty()) {
                jdbc.sql("UPDATE outbox_message SET failed_at = :now, last_error = 'no longer needed' WHERE id = :id")
                        .param("now", now).param("id", p.id()).update();
                log.info("Outbox: message {} ({}) no longer needed", p.id(), p.linkKind());
                return true;
            }
            p = queued.withBody(body.get());
        }
        try {
            deliver(p);
            jdbc.sql("UPDATE outbox_message SET sent_at = :now, attempts = attempts + 1 WHERE id = :id")
                    .param("now", now).param("id", p.id()).update();
            return true;
        } catch (MailException | SmsSender.SmsNotSent e) {
            int attempts = p.attempts() + 1;
            Duration delay = Duration.ofSeconds((long) Math.min(3600, 10 * Math.pow(2, attempts - 1)));
            jdbc.sql("""
                    UPDATE outbox_message SET attempts = :attempts, next_attempt_at = :next, last_error = :error,
                           failed_at = :failedAt
                    WHERE id = :id""")
                    .param("attempts", attempts).param("next", now.plus(delay))
                    .param("error", truncate(e.getMessage()))
                    .param("failedAt", attempts >= MAX_ATTEMPTS ? now : null)
                    .param("id", p.id()).update();
            log.warn("Outbox: message {} not sent (attempt {}): {}", p.id(), attempts, e.getMessage());
            return false;
        }
    }

    void deliver(Pending p) throws SmsSender.SmsNotSent {
        if ("SMS".equals(p.channel())) {
            smsSender.send(p.recipient(), p.body());
            return;
        }
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            // Never the body in the log: it may carry a single-use link or a person's appointment.
            log.info("Email not sent (no SMTP server configured): message {} ({}) to {}", p.id(),
                    p.linkKind() != null ? p.linkKind() : p.kind() != null ? p.kind() : "notice",
                    recipientHash(p.recipient()));
            demoOutbox.keep(p.id(), p.recipient(), p.subject(), p.body());
            return;
        }
        MimeMessage message = sender.createMimeMessage();
        try {
            boolean multipart = p.attachmentName() != null;
            MimeMessageHelper helper = new MimeMessageHelper(message, multipart, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(p.recipient());
            helper.setSubject(p.subject());
            helper.setText(p.body(), false);
            if (multipart) {
                helper.addAttachment(p.attachmentName(), new ByteArrayDataSource(
                        p.attachmentContent().getBytes(StandardCharsets.UTF_8), p.attachmentType()));
            }
        } catch (MessagingException e) {
            throw new MailPreparationException("message " + p.id() + " could not be prepared", e);
        }
        sender.send(message);
    }

    private static String truncate(String s) {
        if (s == null) {
            return null;
        }
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }
}
