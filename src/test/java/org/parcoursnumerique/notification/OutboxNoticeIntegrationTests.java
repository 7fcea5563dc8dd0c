package org.parcoursnumerique.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** A "go and look" notice is queued once while it waits: twenty referrals make one email to each coordinator. */
@IntegrationTest
class OutboxNoticeIntegrationTests {

    @Autowired Outbox outbox;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    long rows(String to) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE recipient = :to").param("to", to)
                .query(Long.class).single();
    }

    @Test
    void aNoticeStillWaitingIsNotQueuedAgainButOneAlreadySentIs() {
        String to = "notice-" + System.nanoTime() + "@test.parcours.example";
        tx.executeWithoutResult(s -> {
            outbox.notice(to, "Nouvelle orientation à traiter", "Voir /triage");
            outbox.notice(to, "Nouvelle orientation à traiter", "Voir /triage");
            outbox.notice(to, "Un autre avis", "Voir ailleurs");
        });
        assertThat(rows(to)).isEqualTo(2);
        jdbc.sql("UPDATE outbox_message SET sent_at = :now WHERE recipient = :to AND sent_at IS NULL")
                .param("now", OffsetDateTime.now()).param("to", to).update();
        tx.executeWithoutResult(s -> outbox.notice(to, "Nouvelle orientation à traiter", "Voir /triage"));
        assertThat(rows(to)).isEqualTo(3);
    }
}
