package org.parcoursnumerique.study;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;

/**
 * The study campaigns and the productions of the dataset (ADR 0042). A production is asked for on
 * the page, through the API or by the monthly schedule; a second request while one is waiting or
 * running gets that one (a double click produces once). It runs as a persistent job, in one
 * repeatable-read transaction (the passes over the people see the same data), and its files are
 * kept gzip-compressed in the database; the {@value #KEPT} latest stay downloadable.
 */
@Service
class StudyExports {

    private static final Logger log = LoggerFactory.getLogger(StudyExports.class);

    static final TaskDescriptor<Void> TASK = TaskDescriptor.of("study-export");
    static final int KEPT = 3;
    static final List<String> FILES = List.of("people", "events");
    /** A production still running after this long was cut off (a restart): it no longer blocks new ones. */
    static final Duration STALE = Duration.ofHours(6);

    enum Via { WEB, API, SCHEDULE, DEMO }

    record Campaign(long id, long programmeId, String name, OffsetDateTime startedAt, Long continuesId) {
    }

    record Export(long id, long campaignId, String campaignName, String status, String requestedVia,
                  OffsetDateTime requestedAt, OffsetDateTime finishedAt, Long peopleRows, Long eventRows,
                  Long generalisedPeople, Long suppressedPeople, Long peopleBytes, Long eventBytes) {

        boolean ready() {
            return "READY".equals(status);
        }

        boolean waiting() {
            return "PENDING".equals(status) || "RUNNING".equals(status);
        }
    }

    private static final String EXPORT_COLUMNS = """
            e.id, e.campaign_id, c.name AS campaign_name, e.status, e.requested_via, e.requested_at, e.finished_at, e.people_rows,
            e.event_rows, e.generalised_people, e.suppressed_people, e.people_bytes, e.event_bytes""";

    private final JdbcClient jdbc;
    private final Programmes programmes;
    private final StudyDataset dataset;
    private final SchedulerClient scheduler;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    StudyExports(JdbcClient jdbc, Programmes programmes, StudyDataset dataset, SchedulerClient scheduler,
                 PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.programmes = programmes;
        this.dataset = dataset;
        this.scheduler = scheduler;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The campaign whose keys the next production uses: the latest one, the first created when none. */
    @Transactional
    Campaign current() {
        long programme = programmes.defaultProgramme().id();
        return latestCampaign(programme).orElseGet(() -> {
            insertCampaign(programme, "Campagne 1", salt(), null, null);
            return latestCampaign(programme).orElseThrow();
        });
    }

    List<Campaign> campaigns() {
        return jdbc.sql("""
                SELECT id, programme_id, name, started_at, continues_id FROM study_campaign
                WHERE programme_id = :p ORDER BY started_at DESC, id DESC""")
                .param("p", programmes.defaultProgramme().id()).query(Campaign.class).list();
    }

    /**
     * Starts a new campaign: new keys (the next files cannot be linked to the previous ones), or the
     * previous campaign's keys when the département asks for continuity.
     */
    @Transactional
    Campaign startCampaign(Long userId, String name, boolean continuity) {
        Campaign previous = current();
        lockCampaign(previous.id());
        insertCampaign(previous.programmeId(), name, continuity ? saltOf(previous.id()) : salt(),
                continuity ? previous.id() : null, userId);
        return latestCampaign(previous.programmeId()).orElseThrow();
    }

    /** Asks for a production with the current campaign's keys; returns it, or the one already waiting. */
    @Transactional
    Export request(Via via, Long userId) {
        Campaign campaign = current();
        lockCampaign(campaign.id());
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Long> waiting = jdbc.sql("""
                SELECT id FROM study_export WHERE campaign_id = :c
                AND (status = 'PENDING' OR (status = 'RUNNING' AND started_at > :stale)) ORDER BY id DESC LIMIT 1""")
                .param("c", campaign.id()).param("stale", now.minus(STALE)).query(Long.class).optional();
        if (waiting.isPresent()) {
            return find(waiting.get()).orElseThrow();
        }
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO study_export (campaign_id, status, requested_via, requested_at, requested_by)
                VALUES (:c, 'PENDING', :via, :now, :user)""")
                .param("c", campaign.id()).param("via", via.name()).param("now", now).param("user", userId));
        scheduler.scheduleIfNotExists(TASK.instance(String.valueOf(id)).scheduledTo(clock.instant()));
        return find(id).orElseThrow();
    }

    /**
     * Produces a requested export, once: the claim is one UPDATE from PENDING, so the job run twice
     * (or after a direct call) does nothing the second time. Returns whether it produced.
     */
    boolean produce(long exportId) {
        Integer claimed = tx.execute(s -> jdbc.sql("""
                UPDATE study_export SET status = 'RUNNING', started_at = :now WHERE id = :id AND status = 'PENDING'""")
                .param("now", OffsetDateTime.now(clock)).param("id", exportId).update());
        if (claimed == null || claimed == 0) {
            return false;
        }
        long started = System.nanoTime();
        try {
            snapshot.executeWithoutResult(s -> {
                var row = jdbc.sql("""
                        SELECT c.programme_id, c.key_salt FROM study_export e JOIN study_campaign c ON c.id = e.campaign_id
                        WHERE e.id = :id""").param("id", exportId)
                        .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
                var people = new ChunkOutputStream(jdbc, exportId, "people");
                var events = new ChunkOutputStream(jdbc, exportId, "events");
                StudyDataset.Result result;
                try (var peopleZip = new GZIPOutputStream(people, 1 << 16);
                     var eventsZip = new GZIPOutputStream(events, 1 << 16)) {
                    result = dataset.write((Long) row[0], (String) row[1], peopleZip, eventsZip);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                people.close();
                events.close();
                jdbc.sql("""
                        UPDATE study_export SET status = 'READY', finished_at = :now, people_rows = :people,
                               event_rows = :events, generalised_people = :generalised, suppressed_people = :suppressed,
                               people_bytes = :pb, event_bytes = :eb
                        WHERE id = :id""")
                        .param("now", OffsetDateTime.now(clock)).param("people", result.people())
                        .param("events", result.events()).param("generalised", result.generalised())
                        .param("suppressed", result.suppressed()).param("pb", people.bytes()).param("eb", events.bytes())
                        .param("id", exportId).update();
                expireOld();
                log.info("Study export {}: {} people ({} generalised to the territory, {} left out for k >= {}), "
                                + "{} events, {} + {} bytes compressed, in {} ms", exportId, result.people(),
                        result.generalised(), result.suppressed(), StudyDataset.K, result.events(), people.bytes(),
                        events.bytes(), (System.nanoTime() - started) / 1_000_000);
            });
            return true;
        } catch (RuntimeException e) {
            log.error("Study export {} failed", exportId, e);
            tx.executeWithoutResult(s -> jdbc.sql("""
                    UPDATE study_export SET status = 'FAILED', finished_at = :now WHERE id = :id""")
                    .param("now", OffsetDateTime.now(clock)).param("id", exportId).update());
            return false;
        }
    }

    /** Keeps the files of the {@value #KEPT} latest ready exports; the older ones say they expired. */
    private void expireOld() {
        List<Long> old = jdbc.sql("SELECT id FROM study_export WHERE status = 'READY' ORDER BY id DESC")
                .query(Long.class).list().stream().skip(KEPT).toList();
        if (!old.isEmpty()) {
            jdbc.sql("DELETE FROM study_export_chunk WHERE export_id IN (:ids)").param("ids", old).update();
            jdbc.sql("UPDATE study_export SET status = 'EXPIRED' WHERE id IN (:ids)").param("ids", old).update();
        }
    }

    Optional<Export> find(long id) {
        return jdbc.sql("SELECT " + EXPORT_COLUMNS + " FROM study_export e JOIN study_campaign c ON c.id = e.campaign_id "
                + "WHERE e.id = :id").param("id", id).query(Export.class).optional();
    }

    Optional<Export> latestReady() {
        return jdbc.sql("SELECT " + EXPORT_COLUMNS + " FROM study_export e JOIN study_campaign c ON c.id = e.campaign_id "
                + "WHERE e.status = 'READY' ORDER BY e.id DESC LIMIT 1").query(Export.class).optional();
    }

    List<Export> recent(int limit) {
        return jdbc.sql("SELECT " + EXPORT_COLUMNS + " FROM study_export e JOIN study_campaign c ON c.id = e.campaign_id "
                + "ORDER BY e.id DESC LIMIT :limit").param("limit", limit).query(Export.class).list();
    }

    /** Writes one file of a ready export, decompressed, chunk after chunk (constant memory). */
    void copy(long exportId, String file, OutputStream out) throws IOException {
        if (!FILES.contains(file)) {
            throw new IllegalArgumentException(file);
        }
        int chunks = jdbc.sql("SELECT COUNT(*) FROM study_export_chunk WHERE export_id = :e AND file = :f")
                .param("e", exportId).param("f", file).query(Integer.class).single();
        InputStream stored = new java.io.SequenceInputStream(new java.util.Enumeration<InputStream>() {
            private int seq;

            @Override
            public boolean hasMoreElements() {
                return seq < chunks;
            }

            @Override
            public InputStream nextElement() {
                byte[] content = jdbc.sql("SELECT content FROM study_export_chunk WHERE export_id = :e AND file = :f AND seq = :s")
                        .param("e", exportId).param("f", file).param("s", seq++).query(byte[].class).single();
                return new java.io.ByteArrayInputStream(content);
            }
        });
        try (InputStream in = new GZIPInputStream(stored, 1 << 16)) {
            in.transferTo(out);
        }
    }

    private Optional<Campaign> latestCampaign(long programme) {
        return jdbc.sql("""
                SELECT id, programme_id, name, started_at, continues_id FROM study_campaign
                WHERE programme_id = :p ORDER BY started_at DESC, id DESC LIMIT 1""")
                .param("p", programme).query(Campaign.class).optional();
    }

    private void lockCampaign(long id) {
        jdbc.sql("SELECT id FROM study_campaign WHERE id = :id FOR UPDATE").param("id", id).query(Long.class).single();
    }

    private String saltOf(long campaignId) {
        return jdbc.sql("SELECT key_salt FROM study_campaign WHERE id = :id").param("id", campaignId)
                .query(String.class).single();
    }

    private String salt() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void insertCampaign(long programme, String name, String salt, Long continues, Long userId) {
        jdbc.sql("""
                INSERT INTO study_campaign (programme_id, name, key_salt, continues_id, started_at, started_by)
                VALUES (:p, :name, :salt, :continues, :now, :user)""")
                .param("p", programme).param("name", name).param("salt", salt).param("continues", continues)
                .param("now", OffsetDateTime.now(clock)).param("user", userId).update();
    }
}
