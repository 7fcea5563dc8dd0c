package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.diagnostic.DiagnosticCompleted;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.test.context.TestPropertySource;

/**
 * Hand-offs between modules survive a failing listener (ADR 0021): the mediator's work is committed
 * whatever a listener does after it, the failed delivery stays in the registry, the hand-offs job
 * delivers it again, and the other listeners of the same event are not run twice.
 */
@IntegrationTest
@Import(HandOffsIntegrationTests.FailingOnce.class)
@TestPropertySource(properties = {"parcours.handoffs.resubmit-after=PT0S", "parcours.handoffs.interval=PT1H"})
class HandOffsIntegrationTests {

    @Autowired Pathways pathways;
    @Autowired JdbcClient jdbc;
    @Autowired HandOffs handOffs;
    @Autowired FailingOnce failing;

    /** A listener of another module, say a stage to come, that fails the first time it is called. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FailingOnce {
        // Read through methods: the bean is a proxy (the listener is asynchronous), fields are not shared.
        private final AtomicInteger failuresLeft = new AtomicInteger();
        private final List<Long> delivered = new CopyOnWriteArrayList<>();
        private final AtomicInteger calls = new AtomicInteger();

        public void failNext(int times) {
            failuresLeft.set(times);
        }

        public int calls() {
            return calls.get();
        }

        public List<Long> delivered() {
            return delivered;
        }

        @ApplicationModuleListener
        void on(DiagnosticCompleted event) {
            calls.incrementAndGet();
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("test listener fails once");
            }
            delivered.add(event.diagnosticId());
        }
    }

    @Test
    void aListenerThatFailsIsDeliveredAgainWithoutUndoingTheDiagnosticNorMailingThePrescriberTwice() throws Exception {
        failing.failNext(1);
        int callsBefore = failing.calls();

        var p = pathways.person().sharingWithPrescriber().diagnosedFarFromDigital();

        // The mediator's completion is committed, whatever the listener did after.
        assertThat(jdbc.sql("SELECT status FROM diagnostic WHERE id = :id").param("id", p.diagnosticId())
                .query(String.class).single()).isEqualTo("COMPLETED");
        await(() -> failing.calls() > callsBefore, "the failing listener is called after commit");
        await(() -> prescriberMails(p.prescriber().email()) == 1, "the prescriber's email is queued");
        assertThat(failing.delivered()).doesNotContain(p.diagnosticId());
        await(() -> incomplete("FailingOnce") == 1, "the failed delivery stays incomplete in the registry");
        assertThat(incomplete("DiagnosticReadyNotifier")).isZero();

        handOffs.run();

        await(() -> failing.delivered().contains(p.diagnosticId()), "the resubmission delivers the event");
        await(() -> incomplete("FailingOnce") == 0, "the publication is completed");
        // Only the failed listener ran again: the prescriber was told once.
        assertThat(prescriberMails(p.prescriber().email())).isEqualTo(1);
        handOffs.run();
        Thread.sleep(300);
        assertThat(failing.delivered().stream().filter(id -> id == p.diagnosticId())).hasSize(1);
        assertThat(prescriberMails(p.prescriber().email())).isEqualTo(1);
    }

    @Test
    void completedPublicationsAreDeletedOnceOlderThanKept() throws Exception {
        var p = pathways.person().diagnosedFarFromDigital();
        await(() -> incomplete("DiagnosticReadyNotifier") == 0 && completed(p.diagnosticId()) > 0,
                "the notifier's publication is completed");
        jdbc.sql("UPDATE event_publication SET completion_date = completion_date - INTERVAL '30' DAY, "
                        + "publication_date = publication_date - INTERVAL '30' DAY "
                        + "WHERE completion_date IS NOT NULL AND serialized_event LIKE :event")
                .param("event", "%\"diagnosticId\":" + p.diagnosticId() + ",%").update();

        handOffs.run();

        assertThat(completed(p.diagnosticId())).isZero();
    }

    private long prescriberMails(String email) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM outbox_message WHERE recipient = :to
                  AND subject = 'Le diagnostic d’une personne orientée est prêt'""")
                .param("to", email).query(Long.class).single();
    }

    private long incomplete(String listener) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL AND listener_id LIKE :listener""")
                .param("listener", "%" + listener + "%").query(Long.class).single();
    }

    private long completed(long diagnosticId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM event_publication WHERE completion_date IS NOT NULL AND serialized_event LIKE :event""")
                .param("event", "%\"diagnosticId\":" + diagnosticId + ",%").query(Long.class).single();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
