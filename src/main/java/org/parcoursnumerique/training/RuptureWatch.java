package org.parcoursnumerique.training;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.parcoursnumerique.shared.PageContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rupture watch: a person registered to a training with no outcome {@code days} days after its
 * expected start is "à relancer" (the list is computed when it is read), and once a day the
 * prescriber is told through {@link TrainingRuptureDetected} (a drop-out or a no-show is told when
 * it is recorded). Each orientation is signalled once.
 */
@Configuration
class RuptureWatch {

    static final int BATCH = 500;

    private final OrientationQueries queries;
    private final OrientationRepository repository;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int days;

    RuptureWatch(OrientationQueries queries, OrientationRepository repository, ApplicationEventPublisher events,
                 TransactionTemplate tx, Clock clock, @Value("${parcours.training.rupture-days:10}") int days) {
        this.queries = queries;
        this.repository = repository;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.days = days;
    }

    @Bean
    RecurringTask<Void> trainingRuptureWatchTask(@Value("${parcours.training.rupture-time:07:30}") String time) {
        return Tasks.recurring("training-rupture-watch", Schedules.daily(LocalTime.parse(time)))
                .execute((instance, context) -> signal());
    }

    /** The day before which an expected start without news makes a rupture. */
    LocalDate cutoff() {
        return LocalDate.now(clock.withZone(PageContext.ZONE)).minusDays(days);
    }

    int days() {
        return days;
    }

    /** Signals the orientations without news; returns how many. */
    int signal() {
        int total = 0;
        while (true) {
            Integer n = tx.execute(status -> {
                var batch = queries.unsignalledNoNews(cutoff(), BATCH);
                OffsetDateTime now = OffsetDateTime.now(clock);
                for (long[] o : batch) {
                    repository.markSignalled(o[0], now);
                    events.publishEvent(new TrainingRuptureDetected(o[0], o[1], "NO_NEWS", now.toLocalDate()));
                }
                return batch.size();
            });
            total += n == null ? 0 : n;
            if (n == null || n < BATCH) {
                return total;
            }
        }
    }
}
