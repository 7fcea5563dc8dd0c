package org.parcoursnumerique.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports an offers file: parsed and checked record by record ({@link OfferParser}), then each
 * usable record is created, updated (its content changed since the last import) or left as is
 * (same content), and a record of a place already known under another identifier (same name and
 * postcode) is counted as a duplicate and not created. One transaction per file, written in batches;
 * one import at a time (a second one waits, then is refused), so two imports never create one place twice.
 */
@Service
class OfferImports {

    /** One line of the report, in French. */
    record Error(String record, String field, String message) {
    }

    record Report(long importId, String format, int totalRecords, int accepted, int updated, int unchanged,
                  int rejected, int duplicates, List<Error> errors) {
    }

    private record Existing(long id, String hash) {
    }

    static final int BATCH = 500;
    private static final String INSERT = """
            INSERT INTO training_offer (source, source_id, format, name, name_key, siret, address, postcode, insee_code,
                commune, latitude, longitude, territory_id, phone, email, website, hours, summary, free_of_charge, fees,
                on_site, remote, accessible, accessibility_url, specific_support, access_modes, source_updated_on,
                content_hash, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPDATE = """
            UPDATE training_offer SET format = ?, name = ?, name_key = ?, siret = ?, address = ?, postcode = ?,
                insee_code = ?, commune = ?, latitude = ?, longitude = ?, territory_id = ?, phone = ?, email = ?,
                website = ?, hours = ?, summary = ?, free_of_charge = ?, fees = ?, on_site = ?, remote = ?,
                accessible = ?, accessibility_url = ?, specific_support = ?, access_modes = ?, source_updated_on = ?,
                content_hash = ?, updated_at = ?
            WHERE id = ?""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final CommuneCentres centres;
    private final MessageSource messages;
    private final Clock clock;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    OfferImports(JdbcClient jdbc, JdbcTemplate template, CommuneCentres centres, MessageSource messages, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.centres = centres;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * Imports {@code content}; {@code requested} empty to detect the format.
     *
     * @throws OfferParser.FileProblem the file cannot be read at all (nothing written)
     */
    @Transactional
    public Report run(Optional<OfferFormat> requested, String fileName, byte[] content, Long byUserId, String byToken) {
        String text = OfferParser.decode(content);
        if (text.isBlank()) {
            throw new OfferParser.FileProblem("training.import.file.empty");
        }
        OfferFormat format = requested.orElseGet(() -> OfferParser.detect(text));
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        List<OfferParser.Parsed> parsed = new OfferParser(today, centres).parse(format, text);
        try {
            if (!oneAtATime.tryLock(30, TimeUnit.SECONDS)) {
                throw new ConflictException("training.import.busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("training.import.busy");
        }
        try {
            return write(format, fileName, parsed, byUserId, byToken);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("training.import.busy");
        } finally {
            oneAtATime.unlock();
        }
    }

    private Report write(OfferFormat format, String fileName, List<OfferParser.Parsed> parsed, Long byUserId,
                         String byToken) {
        Map<String, Existing> byKey = new HashMap<>();
        Map<String, Long> byPlace = new HashMap<>();
        jdbc.sql("SELECT id, source, source_id, name_key, postcode, content_hash FROM training_offer WHERE format <> 'dedicated'")
                .query(rs -> {
                    long id = rs.getLong(1);
                    byKey.put(key(rs.getString(2), rs.getString(3)), new Existing(id, rs.getString(6)));
                    byPlace.put(place(rs.getString(4), rs.getString(5)), id);
                });
        List<Error> errors = new ArrayList<>();
        List<OfferParser.ImportedOffer> created = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Long> updatedIds = new ArrayList<>();
        List<OfferParser.ImportedOffer> updatedOffers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int rejected = 0;
        int duplicates = 0;
        int unchanged = 0;
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (OfferParser.Parsed p : parsed) {
            for (OfferParser.Problem problem : p.problems()) {
                errors.add(new Error(problem.record(), problem.field(), text(problem.key(), problem.args())));
            }
            var o = p.offer();
            if (o == null) {
                rejected++;
                continue;
            }
            String key = key(o.source(), o.sourceId());
            if (!seen.add(key)) {
                duplicates++;
                errors.add(new Error(p.record(), "id", text("training.import.record.repeated", o.sourceId())));
                continue;
            }
            String hash = o.hash();
            Existing existing = byKey.get(key);
            if (existing != null) {
                if (existing.hash().equals(hash)) {
                    unchanged++;
                } else {
                    updates.add(updateArgs(o, hash, now, existing.id()));
                    updatedIds.add(existing.id());
                    updatedOffers.add(o);
                }
                continue;
            }
            String place = place(o.nameKey(), o.postcode());
            if (o.postcode() != null && byPlace.containsKey(place)) {
                duplicates++;
                errors.add(new Error(p.record(), "nom", text("training.import.record.samePlace", o.name(),
                        o.postcode())));
                continue;
            }
            byPlace.put(place, -1L);
            created.add(o);
        }
        for (int i = 0; i < created.size(); i += BATCH) {
            List<OfferParser.ImportedOffer> chunk = created.subList(i, Math.min(created.size(), i + BATCH));
            template.batchUpdate(INSERT, chunk.stream().map(o -> insertArgs(o, now)).toList());
            Map<String, Long> ids = new HashMap<>();
            jdbc.sql("SELECT id, source, source_id FROM training_offer WHERE source_id IN (:ids)")
                    .param("ids", chunk.stream().map(OfferParser.ImportedOffer::sourceId).distinct().toList())
                    .query(rs -> {
                        ids.put(key(rs.getString(2), rs.getString(3)), rs.getLong(1));
                    });
            List<Object[]> services = new ArrayList<>();
            for (var o : chunk) {
                long id = ids.get(key(o.source(), o.sourceId()));
                o.services().forEach(s -> services.add(new Object[] {id, o.vocabulary(), s}));
            }
            template.batchUpdate("INSERT INTO training_offer_service (offer_id, vocabulary, term) VALUES (?, ?, ?)",
                    services);
        }
        for (int i = 0; i < updates.size(); i += BATCH) {
            int end = Math.min(updates.size(), i + BATCH);
            template.batchUpdate(UPDATE, updates.subList(i, end));
            jdbc.sql("DELETE FROM training_offer_service WHERE offer_id IN (:ids)")
                    .param("ids", updatedIds.subList(i, end)).update();
            List<Object[]> services = new ArrayList<>();
            for (int j = i; j < end; j++) {
                long id = updatedIds.get(j);
                var o = updatedOffers.get(j);
                o.services().forEach(s -> services.add(new Object[] {id, o.vocabulary(), s}));
            }
            template.batchUpdate("INSERT INTO training_offer_service (offer_id, vocabulary, term) VALUES (?, ?, ?)",
                    services);
        }
        String name = fileName == null ? null : fileName.length() > 255 ? fileName.substring(0, 255) : fileName;
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO training_offer_import (format, file_name, accepted, updated, unchanged, rejected, duplicates,
                    by_user_id, by_token, created_at)
                VALUES (:format, :file, :accepted, :updated, :unchanged, :rejected, :duplicates, :by, :token, :now)""")
                .param("format", format.code).param("file", name).param("accepted", created.size())
                .param("updated", updates.size()).param("unchanged", unchanged).param("rejected", rejected)
                .param("duplicates", duplicates).param("by", byUserId).param("token", byToken).param("now", now));
        return new Report(id, format.code, parsed.size(), created.size(), updates.size(), unchanged, rejected,
                duplicates, errors);
    }

    private Object[] insertArgs(OfferParser.ImportedOffer o, OffsetDateTime now) {
        Timestamp at = Timestamp.from(now.toInstant());
        return new Object[] {o.source(), o.sourceId(), o.format().code, o.name(), o.nameKey(), o.siret(), o.address(),
                o.postcode(), o.inseeCode(), o.commune(), o.latitude(), o.longitude(), territory(o), o.phone(),
                o.email(), o.website(), o.hours(), o.summary(), o.freeOfCharge(), o.fees(), o.onSite(), o.remote(),
                o.accessible(), o.accessibilityUrl(), o.specificSupport(), o.accessModes(),
                o.updatedOn() == null ? null : java.sql.Date.valueOf(o.updatedOn()), o.hash(), at, at};
    }

    private Object[] updateArgs(OfferParser.ImportedOffer o, String hash, OffsetDateTime now, long id) {
        return new Object[] {o.format().code, o.name(), o.nameKey(), o.siret(), o.address(), o.postcode(),
                o.inseeCode(), o.commune(), o.latitude(), o.longitude(), territory(o), o.phone(), o.email(),
                o.website(), o.hours(), o.summary(), o.freeOfCharge(), o.fees(), o.onSite(), o.remote(),
                o.accessible(), o.accessibilityUrl(), o.specificSupport(), o.accessModes(),
                o.updatedOn() == null ? null : java.sql.Date.valueOf(o.updatedOn()), hash,
                Timestamp.from(now.toInstant()), id};
    }

    private Long territory(OfferParser.ImportedOffer o) {
        return centres.of(o.inseeCode()).map(CommuneCentres.Centre::territoryId).orElse(null);
    }

    private static String key(String source, String sourceId) {
        return source + "\u0000" + sourceId;
    }

    private static String place(String nameKey, String postcode) {
        return nameKey + "\u0000" + postcode;
    }

    String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }

    record ImportRow(long id, String format, String fileName, int accepted, int updated, int unchanged, int rejected,
                     int duplicates, OffsetDateTime createdAt) {
    }

    /** The latest imports, newest first. */
    List<ImportRow> latest(int limit) {
        return jdbc.sql("""
                SELECT id, format, file_name, accepted, updated, unchanged, rejected, duplicates, created_at
                FROM training_offer_import ORDER BY id DESC LIMIT :limit""").param("limit", limit)
                .query(ImportRow.class).list();
    }
}
