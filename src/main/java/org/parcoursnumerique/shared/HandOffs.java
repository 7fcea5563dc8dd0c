package org.parcoursnumerique.shared;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Keeps the hand-offs between modules moving (ADR 0021). Events are recorded in Spring Modulith's
 * publication registry and delivered after commit; a listener that fails leaves its publication
 * incomplete. Start-up resubmits those (republish-outstanding-events-on-restart), and this persistent
 * job (db-scheduler: once across instances) resubmits the ones older than {@code resubmit-after}, so a
 * passing failure (SMTP down, a lock) is not left waiting for the next restart, and deletes completed
 * publications older than {@code keep-completed} so that the table stays small.
 */
@Configuration
public class HandOffs {

    private static final Logger log = LoggerFactory.getLogger(HandOffs.class);

    private final IncompleteEventPublications incomplete;
    private final CompletedEventPublications completed;
    private final JdbcClient jdbc;
    private final Duration resubmitAfter;
    private final Duration keepCompleted;

    HandOffs(IncompleteEventPublications incomplete, CompletedEventPublications completed, JdbcClient jdbc,
             @Value("${parcours.handoffs.resubmit-after:PT5M}") Duration resubmitAfter,
             @Value("${parcours.handoffs.keep-completed:P7D}") Duration keepCompleted) {
        this.incomplete = incomplete;
        this.completed = completed;
        this.jdbc = jdbc;
        this.resubmitAfter = resubmitAfter;
        this.keepCompleted = keepCompleted;
    }

    @Bean
    RecurringTask<Void> handOffsTask(@Value("${parcours.handoffs.interval:PT1M}") Duration interval) {
        return Tasks.recurring("hand-offs", Schedules.fixedDelay(interval))
                .execute((instance, context) -> run());
    }

    /** One pass: resubmits the stale incomplete publications, purges the old completed ones. */
    public void run() {
        int waiting = incompleteCount();
        if (waiting > 0) {
            incomplete.resubmitIncompletePublicationsOlderThan(resubmitAfter);
        }
        completed.deletePublicationsOlderThan(keepCompleted);
        if (waiting > 0) {
            log.info("Hand-offs: {} incomplete publication(s) found, those older than {} resubmitted",
                    waiting, resubmitAfter);
        }
    }

    int incompleteCount() {
        return jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL")
                .query(Integer.class).single();
    }
}
