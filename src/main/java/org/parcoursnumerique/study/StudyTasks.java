package org.parcoursnumerique.study;

import org.parcoursnumerique.shared.PageContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/**
 * The persistent jobs of the study dataset: one production per request (it survives a restart and
 * runs on one instance), and the monthly request, by default on the 1st at 04:00 Paris time
 * ({@code parcours.study.schedule}, a cron expression with seconds; {@code -} turns it off).
 * The tasks reach the service lazily: it schedules through the scheduler that runs them.
 */
@Configuration
class StudyTasks {

    @Bean
    OneTimeTask<Void> studyExportTask(ObjectProvider<StudyExports> exports) {
        return Tasks.oneTime(StudyExports.TASK)
                .execute((instance, context) -> exports.getObject().produce(Long.parseLong(instance.getId())));
    }

    @Bean
    RecurringTask<Void> studyExportMonthlyTask(ObjectProvider<StudyExports> exports,
                                               @Value("${parcours.study.schedule:0 0 4 1 * *}") String cron) {
        return Tasks.recurring("study-export-monthly", Schedules.cron(cron, PageContext.ZONE))
                .execute((instance, context) -> exports.getObject().request(StudyExports.Via.SCHEDULE, null));
    }
}
