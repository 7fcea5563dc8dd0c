package org.parcoursnumerique.notification;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Queues messages in the caller's transaction; {@link OutboxSender} delivers them. */
@Service
public class Outbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues a text message to a French phone number (0X… or +33…), written in plain French for the
     * person it is sent to.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sms(String phone, String text) {
        insert("SMS", international(phone), null, text, null, null);
    }

    /** "0612345678" or "+33612345678" → "+33612345678". */
    static String international(String phone) {
        String digits = phone.replaceAll("[\\s.\\-()]", "");
        return digits.startsWith("0") ? "+33" + digits.substring(1) : digits;
    }

    /** Queues an email. Bodies must hold no personal data beyond what the recipient already has. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void email(String to, String subject, String body) {
        insert("EMAIL", to, subject, body, null, null);
    }

    /**
     * Queues a notice that only says "go and look" (its body names no record): not queued again while
     * the same notice to the same person is still waiting to be sent. A coordinator told "Nouvelle
     * orientation à traiter" once finds every new referral on the triage page; twenty referrals in an
     * hour make one email, not twenty.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void notice(String to, String subject, String body) {
        boolean waiting = jdbc.sql("""
                SELECT COUNT(*) FROM outbox_message
                WHERE recipient = :to AND subject = :subject AND sent_at IS NULL AND failed_at IS NULL""")
                .param("to", to).param("subject", subject).query(Long.class).single() > 0;
        if (!waiting) {
            email(to, subject, body);
        }
    }

    /**
     * Queues an email carrying a single-use link without storing the link: at send time the
     * {@link LinkedMessages} that handles {@code linkKind} issues it and renders the body.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void linkEmail(String to, String subject, String linkKind, long reference) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                INSERT INTO outbox_message (channel, recipient, subject, body, created_at, next_attempt_at,
                    link_kind, link_ref)
                VALUES ('EMAIL', :to, :subject, NULL, :now, :now, :kind, :ref)""")
                .param("to", to).param("subject", subject).param("now", now)
                .param("kind", linkKind).param("ref", reference).update();
    }

    /**
     * Queues a message to a person carrying a single-use link, by e-mail ({@code phone} null) or SMS
     * ({@code email} null), listed on their page, without storing the link: at send time the
     * {@link LinkedMessages} that handles {@code linkKind} issues it and renders the body (the
     * follow-up questionnaires the person answers from their phone). The subject names the message on
     * the person's page; an SMS does not carry it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void linkMessage(About about, String email, String phone, String subject, String linkKind, long reference) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                INSERT INTO outbox_message (channel, recipient, subject, body, created_at, next_attempt_at,
                    beneficiary_id, kind, link_kind, link_ref)
                VALUES (:channel, :to, :subject, NULL, :now, :now, :beneficiary, :kind, :linkKind, :ref)""")
                .param("channel", email != null ? "EMAIL" : "SMS")
                .param("to", email != null ? email : international(phone))
                .param("subject", subject).param("now", now)
                .param("beneficiary", about.beneficiaryId()).param("kind", about.kind().name())
                .param("linkKind", linkKind).param("ref", reference).update();
    }

    /** Whether a link email of this kind about {@code reference} was queued since {@code since}. */
    public boolean linkEmailQueuedSince(String linkKind, long reference, OffsetDateTime since) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM outbox_message
                WHERE link_kind = :kind AND link_ref = :ref AND created_at > :since""")
                .param("kind", linkKind).param("ref", reference).param("since", since)
                .query(Long.class).single() > 0;
    }

    /** Why a message is sent to a person; shown in the list of messages on the person's page. */
    public enum Kind { INVITATION, RESCHEDULING, REMINDER, CANCELLATION, ORIENTATION }

    /** A small text file sent with an email (a calendar event). */
    public record Attachment(String name, String contentType, String content) {
    }

    /** The person a message is about, and why it is sent: it then appears on their page. */
    public record About(long beneficiaryId, Kind kind) {
    }

    /**
     * Queues an email to a person, listed on their page, with an optional attachment (null for
     * none) sent as a second MIME part.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void email(About about, String to, String subject, String body, Attachment attachment) {
        insert("EMAIL", to, subject, body, about, attachment);
    }

    /** Queues a text message to a person, listed on their page. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sms(About about, String phone, String text) {
        insert("SMS", international(phone), null, text, about, null);
    }

    /**
     * Stops the text messages to a person that are still waiting (the person withdrew their SMS
     * consent: nothing more may reach them by SMS, not even what was queued before). They stay
     * listed on the person's page as not sent.
     *
     * @return how many were stopped
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int cancelPendingSms(long beneficiaryId) {
        return jdbc.sql("""
                UPDATE outbox_message SET failed_at = :now, last_error = 'SMS consent withdrawn'
                WHERE beneficiary_id = :id AND channel = 'SMS' AND sent_at IS NULL AND failed_at IS NULL""")
                .param("now", OffsetDateTime.now(clock)).param("id", beneficiaryId).update();
    }

    private void insert(String channel, String to, String subject, String body, About about, Attachment attachment) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                INSERT INTO outbox_message (channel, recipient, subject, body, created_at, next_attempt_at,
                    beneficiary_id, kind, attachment_name, attachment_type, attachment_content)
                VALUES (:channel, :to, :subject, :body, :now, :now, :beneficiary, :kind, :attachmentName,
                    :attachmentType, :attachmentContent)""")
                .param("channel", channel).param("to", to).param("subject", subject).param("body", body)
                .param("now", now)
                .param("beneficiary", about == null ? null : about.beneficiaryId())
                .param("kind", about == null ? null : about.kind().name())
                .param("attachmentName", attachment == null ? null : attachment.name())
                .param("attachmentType", attachment == null ? null : attachment.contentType())
                .param("attachmentContent", attachment == null ? null : attachment.content())
                .update();
    }
}
