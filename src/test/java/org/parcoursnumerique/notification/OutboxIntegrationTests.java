package org.parcoursnumerique.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/** An SMTP outage loses nothing, and nothing is sent twice once the server is back. */
@IntegrationTest
class OutboxIntegrationTests {

    @Autowired Outbox outbox;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired JavaMailSenderImpl mailSender;

    private final int realPort = TestMail.port();

    @AfterEach
    void restoreSmtp() {
        mailSender.setPort(realPort);
    }

    @Test
    void keepsAndRetriesAMessageWhileTheSmtpServerIsDownThenSendsItOnce() throws Exception {
        String to = "outbox-" + System.nanoTime() + "@test.parcours.example";
        mailSender.setPort(1); // nothing listens there: the SMTP server is "down"
        tx.executeWithoutResult(s -> outbox.email(to, "Objet", "Corps du message"));

        waitFor(() -> jdbc.sql("SELECT attempts FROM outbox_message WHERE recipient = :to").param("to", to)
                .query(Integer.class).single() >= 1);
        assertThat(jdbc.sql("SELECT sent_at IS NULL AND last_error IS NOT NULL AND failed_at IS NULL FROM outbox_message WHERE recipient = :to")
                .param("to", to).query(Boolean.class).single()).isTrue();

        mailSender.setPort(realPort);
        // Do not wait for the back-off in the test: make the retry due now.
        jdbc.sql("UPDATE outbox_message SET next_attempt_at = CURRENT_TIMESTAMP WHERE recipient = :to")
                .param("to", to).update();
        waitFor(() -> jdbc.sql("SELECT sent_at IS NOT NULL FROM outbox_message WHERE recipient = :to").param("to", to)
                .query(Boolean.class).single());
        Thread.sleep(800); // a few more sender rounds
        long received = Arrays.stream(TestMail.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(to);
            } catch (Exception e) {
                return false;
            }
        }).count();
        assertThat(received).isEqualTo(1);
    }

    @Test
    void textMessagesGoThroughTheSmsSender() throws Exception {
        String phone = "06 39 98 " + String.format("%02d %02d", System.nanoTime() % 100, (System.nanoTime() / 100) % 100);
        tx.executeWithoutResult(s -> outbox.sms(phone, "Bonjour, votre rendez-vous est lundi."));
        String international = Outbox.international(phone);
        waitFor(() -> jdbc.sql("SELECT sent_at IS NOT NULL FROM outbox_message WHERE recipient = :to AND channel = 'SMS'")
                .param("to", international).query(Boolean.class).single());
    }

    @Test
    void aMessageQueuedInARolledBackTransactionIsNeverSent() throws Exception {
        String to = "rollback-" + System.nanoTime() + "@test.parcours.example";
        tx.executeWithoutResult(s -> {
            outbox.email(to, "Objet", "Corps");
            s.setRollbackOnly();
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE recipient = :to").param("to", to)
                .query(Long.class).single()).isZero();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within 10 s");
    }
}
