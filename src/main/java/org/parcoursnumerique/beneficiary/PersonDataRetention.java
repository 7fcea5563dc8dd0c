package org.parcoursnumerique.beneficiary;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.AgeBand;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Anonymises the people whose last contact is older than the retention period (24 months by
 * default, {@code parcours.retention.months}), as the information notice promises (ADR 0020). A
 * persistent daily job (db-scheduler); batches of {@value #BATCH_SIZE} people, each in its own
 * transaction, locked with {@code FOR UPDATE SKIP LOCKED} so that two instances never anonymise the
 * same person twice and a person being changed right now is left for the next run. Every module
 * erases its own rows ({@link PersonDataContributor#erase}); the person's row keeps the commune,
 * the category, the territory, the status and an age band, so that the indicators do not change.
 * One log line and one audit row per run, which say how many, never who.
 */
@Configuration
class PersonDataRetention {

    private static final Logger log = LoggerFactory.getLogger(PersonDataRetention.class);
    static final int BATCH_SIZE = 500;

    /** What a run did. */
    record Run(int anonymised, int batches, LocalDate contactBefore) {
    }

    record Person(long id, LocalDate birthDate, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PersonDataExport export;
    private final AuditLog audit;
    private final MessageSource messages;
    private final Clock clock;
    private final int months;

    PersonDataRetention(JdbcClient jdbc, TransactionTemplate tx, PersonDataExport export, AuditLog audit,
                        MessageSource messages, Clock clock, @Value("${parcours.retention.months:24}") int months) {
        if (months < 1) {
            throw new IllegalArgumentException("parcours.retention.months must be at least 1");
        }
        this.jdbc = jdbc;
        this.tx = tx;
        this.export = export;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
        this.months = months;
    }

    @Bean
    RecurringTask<Void> personDataRetentionTask(@Value("${parcours.retention.time:03:30}") String time) {
        return Tasks.recurring("person-data-retention", Schedules.daily(LocalTime.parse(time)))
                .execute((instance, context) -> anonymiseExpired());
    }

    /** Anonymises everyone whose last contact is before the retention period; one log line, one audit row. */
    Run anonymiseExpired() {
        LocalDate cutoff = LocalDate.now(clock.withZone(PageContext.ZONE)).minusMonths(months);
        int total = 0;
        int batches = 0;
        while (true) {
            Integer done = tx.execute(status -> batch(cutoff));
            int n = done == null ? 0 : done;
            if (n == 0) {
                break;
            }
            total += n;
            batches++;
            if (n < BATCH_SIZE) {
                break;
            }
        }
        log.info("Person data retention: {} people anonymised in {} batches (last contact before {}, {} months)",
                total, batches, cutoff, months);
        String details = "people=" + total + " batches=" + batches + " lastContactBefore=" + cutoff;
        tx.executeWithoutResult(status -> audit.record(null, null, AuditAction.ANONYMISATION, details));
        return new Run(total, batches, cutoff);
    }

    /** One batch in the caller's transaction: the people locked, each module's erasure, the people's rows. */
    private int batch(LocalDate cutoff) {
        List<PersonDataContributor> contributors = export.contributors();
        StringBuilder where = new StringBuilder("NOT b.anonymised AND b.created_at < :cutoff");
        for (PersonDataContributor c : contributors) {
            c.lastContactSql().ifPresent(sql -> where.append(" AND NOT COALESCE((").append(sql).append(") >= :cutoff, FALSE)"));
        }
        List<Long> ids = jdbc.sql("SELECT b.id FROM beneficiary b WHERE " + where
                        + " ORDER BY b.id LIMIT :batch FOR UPDATE SKIP LOCKED")
                .param("cutoff", cutoff).param("batch", BATCH_SIZE).query(Long.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        Map<Long, LocalDate> lastContacts = export.lastContacts(ids);
        for (PersonDataContributor c : contributors) {
            c.erase(ids);
        }
        String anonymous = PersonDataPart.text(messages, "beneficiary.anonymised");
        List<Person> people = jdbc.sql("SELECT id, birth_date, created_at FROM beneficiary WHERE id IN (:ids)")
                .param("ids", ids).query(Person.class).list();
        List<Long> done = new ArrayList<>();
        for (Person p : people) {
            LocalDate entered = p.createdAt().atZoneSameInstant(PageContext.ZONE).toLocalDate();
            AgeBand band = AgeBand.of(Period.between(p.birthDate(), entered).getYears());
            // The 1st of January of the year that gives the band's representative age on entry: lists,
            // filters and any age computed from the entry date stay in the band, the exact date is gone.
            LocalDate representative = LocalDate.of(entered.getYear() - band.representative(), 1, 1);
            LocalDate last = lastContacts.get(p.id());
            // updated_at: the month of the last contact, never the time of this run, which would tell
            // which rows were anonymised together.
            OffsetDateTime month = (last == null ? entered : last).withDayOfMonth(1).atStartOfDay(PageContext.ZONE)
                    .toOffsetDateTime();
            jdbc.sql("""
                    UPDATE beneficiary SET last_name = :name, first_name = '', full_name_norm = '', reverse_name_norm = '',
                           name_key = '', name_key_reverse = '', name_key_cut = 0, birth_date = :birth, age_band = :band,
                           phone = NULL, email = NULL, address_line = NULL, address_complement = NULL, postcode = NULL,
                           city = NULL, anonymised = TRUE, updated_at = :month, version = version + 1
                    WHERE id = :id AND NOT anonymised""")
                    .param("name", anonymous).param("birth", representative).param("band", band.code())
                    .param("month", month).param("id", p.id()).update();
            done.add(p.id());
        }
        return done.size();
    }
}
