package org.parcoursnumerique.support;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Waits for the hand-offs between modules to be delivered: listeners run after commit, on another
 * thread (ADR 0021), so a test that checks what a listener did (an e-mail queued) waits until no
 * publication is still in flight. Failed ones do not count: they wait for resubmission.
 */
public final class HandOffsDelivered {

    private HandOffsDelivered() {
    }

    public static void await(JdbcClient jdbc) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (inFlight(jdbc) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(inFlight(jdbc) + " event publication(s) still in flight");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static long inFlight(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM event_publication
                WHERE completion_date IS NULL AND (status IS NULL OR status <> 'FAILED')""")
                .query(Long.class).single();
    }
}
