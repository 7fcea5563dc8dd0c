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
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                INSERT INTO outbox_message (channel, recipient, body, created_at, next_attempt_at)
                VALUES ('SMS', :to, :body, :now, :now)""")
                .param("to", international(phone)).param("body", text).param("now", now).update();
    }

    /** "0612345678" or "+33612345678" → "+33612345678". */
    static String international(String phone) {
        String digits = phone.replaceAll("[\\s.\\-()]", "");
        return digits.startsWith("0") ? "+33" + digits.substring(1) : digits;
    }

    /** Queues an email. Bodies must hold no personal data beyond what the recipient already has. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void email(String to, String subject, String body) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                INSERT INTO outbox_message (channel, recipient, subject, body, created_at, next_attempt_at)
                VALUES ('EMAIL', :to, :subject, :body, :now, :now)""")
                .param("to", to).param("subject", subject).param("body", body).param("now", now)
                .update();
    }
}
