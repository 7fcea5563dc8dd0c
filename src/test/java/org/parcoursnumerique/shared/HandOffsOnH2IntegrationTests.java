package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.diagnostic.DiagnosticCompleted;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publication registry on the embedded default's database (H2 in PostgreSQL mode, schema from
 * {@code h2/V0225}): an event published in a transaction is stored, delivered after commit and
 * completed, and the hand-offs job runs there too.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:handoffs;MODE=PostgreSQL;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "parcours.demo.enabled=false", "parcours.handoffs.keep-completed=PT0S"})
class HandOffsOnH2IntegrationTests {

    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;
    @Autowired HandOffs handOffs;

    @Test
    void anEventIsStoredDeliveredAfterCommitAndPurgedOnH2() throws Exception {
        // Nobody referred this person: the prescriber's notifier runs and has no one to tell.
        tx.executeWithoutResult(s -> events.publishEvent(new DiagnosticCompleted(-1, -1, OffsetDateTime.now())));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE listener_id LIKE '%DiagnosticReadyNotifier%'")
                .query(Long.class).single()).isEqualTo(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL")
                .query(Long.class).single() > 0) {
            assertThat(System.nanoTime()).as("delivered within 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        Thread.sleep(10);

        handOffs.run();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_publication").query(Long.class).single()).isZero();
    }
}
