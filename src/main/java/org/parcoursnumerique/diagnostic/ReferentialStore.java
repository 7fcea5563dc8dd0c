package org.parcoursnumerique.diagnostic;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Hashes;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stored referential versions: the platform's and each territory's. Imports land as drafts; a
 * published version never changes again, so its parsed content is cached for good.
 */
@Component
class ReferentialStore {

    /** The size of {@code diagnostic_referential.content}. */
    static final int MAX_CONTENT_CHARS = 1_000_000;

    /** One version as listed. {@code ownerTerritoryId} null: a platform version. */
    record Version(long id, String code, int version, String title, Long ownerTerritoryId, String ownerName,
                   String status, String sha256, OffsetDateTime createdAt, OffsetDateTime publishedAt) {

        boolean published() {
            return !"DRAFT".equals(status);
        }
    }

    /** The outcome of an import: the stored version, or the problems that kept it out. */
    record Imported(Long id, List<ReferentialProblem> problems) {
    }

    private static final String SELECT = """
            SELECT r.id, r.code, r.version, r.title, r.owner_territory_id, t.name AS owner_name, r.status, r.sha256,
                   r.created_at, r.published_at
            FROM diagnostic_referential r LEFT JOIN territory_v t ON t.id = r.owner_territory_id
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<Long, Referential> published = new ConcurrentHashMap<>();
    private volatile Referential commonCore;

    ReferentialStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The shipped default referential: its core questions are the common core of every version. */
    Referential commonCore() {
        Referential core = commonCore;
        if (core == null) {
            core = ReferentialJson.loadDefault();
            commonCore = core;
        }
        return core;
    }

    /** Versions {@code user} may read: all for the département, else the platform's and their own territory's. */
    List<Version> visibleTo(CurrentUser user) {
        Map<String, Object> params = new HashMap<>();
        return jdbc.sql(SELECT + "WHERE " + visibility(user, params) + " ORDER BY r.code, r.version DESC")
                .params(params).query(Version.class).list();
    }

    Version find(long id, CurrentUser user) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        return jdbc.sql(SELECT + "WHERE r.id = :id AND " + visibility(user, params)).params(params)
                .query(Version.class).optional().orElseThrow(NotFoundException::new);
    }

    private static String visibility(CurrentUser user, Map<String, Object> params) {
        if (user.has(Role.PROGRAMME_MANAGER)) {
            // The département receives every consortium's referential.
            return "1 = 1";
        }
        if (user.has(Role.COORDINATOR, Role.MEDIATOR) && user.territoryId() != null) {
            params.put("territory", user.territoryId());
            return "(r.owner_territory_id IS NULL OR r.owner_territory_id = :territory)";
        }
        return "r.owner_territory_id IS NULL";
    }

    /** Whether {@code user} may import into, and publish, versions owned by {@code ownerTerritoryId}. */
    static boolean manages(CurrentUser user, Long ownerTerritoryId) {
        if (ownerTerritoryId == null) {
            return user.has(Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER);
        }
        return user.has(Role.COORDINATOR) && ownerTerritoryId.equals(user.territoryId());
    }

    static boolean mayImport(CurrentUser user) {
        return user.has(Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER)
                || (user.has(Role.COORDINATOR) && user.territoryId() != null);
    }

    String content(long id) {
        return jdbc.sql("SELECT content FROM diagnostic_referential WHERE id = :id").param("id", id)
                .query(String.class).optional().orElseThrow(NotFoundException::new);
    }

    /** The parsed referential of a stored version (drafts included: they were valid when imported). */
    Referential referential(long id) {
        Referential cached = published.get(id);
        if (cached != null) {
            return cached;
        }
        var row = jdbc.sql("SELECT status, content FROM diagnostic_referential WHERE id = :id").param("id", id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional()
                .orElseThrow(NotFoundException::new);
        var read = ReferentialJson.read(row[1]);
        if (read.problem() != null) {
            throw new IllegalStateException("stored referential " + id + " unreadable: " + read.problem());
        }
        if (!"DRAFT".equals(row[0])) {
            published.put(id, read.referential());
        }
        return read.referential();
    }

    /**
     * Reads, checks and stores {@code json} as a draft of {@code ownerTerritoryId} (null: the
     * platform). A draft of the same code and version of the same owner is replaced; a published
     * version or another owner's code is refused. Nothing is stored when anything is wrong.
     */
    @Transactional
    Imported importDraft(String json, Long ownerTerritoryId, long userId) {
        var read = ReferentialJson.read(json);
        if (read.problem() != null) {
            return new Imported(null, List.of(read.problem()));
        }
        Referential r = read.referential();
        List<ReferentialProblem> problems = ReferentialValidator.validate(r, commonCore());
        if (!problems.isEmpty()) {
            return new Imported(null, problems);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("code", r.code());
        boolean otherOwner = jdbc.sql("""
                SELECT COUNT(*) FROM diagnostic_referential
                WHERE code = :code AND %s""".formatted(ownerTerritoryId == null
                        ? "owner_territory_id IS NOT NULL" : "(owner_territory_id IS NULL OR owner_territory_id <> :owner)"))
                .params(params).param("owner", ownerTerritoryId == null ? -1L : ownerTerritoryId)
                .query(Long.class).single() > 0;
        if (otherOwner) {
            return new Imported(null, List.of(ReferentialProblem.of("code", "referential.error.otherOwner", r.code())));
        }
        var existing = jdbc.sql("SELECT id, status FROM diagnostic_referential WHERE code = :code AND version = :version")
                .param("code", r.code()).param("version", r.version())
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
        String canonical = ReferentialJson.write(r);
        if (canonical.length() > MAX_CONTENT_CHARS) {
            // The stored form is indented: a file just under the upload limit can grow past the column.
            return new Imported(null, List.of(ReferentialProblem.of("", "referential.error.tooBig",
                    MAX_CONTENT_CHARS / 1000)));
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (existing.isPresent()) {
            if (!"DRAFT".equals(existing.get()[1])) {
                return new Imported(null, List.of(ReferentialProblem.of("version", "referential.error.exists",
                        r.code(), r.version())));
            }
            long id = (Long) existing.get()[0];
            jdbc.sql("""
                    UPDATE diagnostic_referential SET title = :title, content = :content, sha256 = :sha,
                           created_by = :by, created_at = :now
                    WHERE id = :id AND status = 'DRAFT'""")
                    .param("title", r.title()).param("content", canonical).param("sha", Hashes.sha256(canonical))
                    .param("by", userId).param("now", now).param("id", id).update();
            return new Imported(id, List.of());
        }
        long id = insert(r, canonical, ownerTerritoryId, "DRAFT", userId == 0 ? null : userId, now);
        return new Imported(id, List.of());
    }

    long insert(Referential r, String canonical, Long ownerTerritoryId, String status, Long userId, OffsetDateTime now) {
        return Keys.insert(jdbc.sql("""
                INSERT INTO diagnostic_referential (code, version, title, owner_territory_id, status, content, sha256,
                    created_by, created_at, published_at)
                VALUES (:code, :version, :title, :owner, :status, :content, :sha, :by, :now, :published)""")
                .param("code", r.code()).param("version", r.version()).param("title", r.title())
                .param("owner", ownerTerritoryId).param("status", status).param("content", canonical)
                .param("sha", Hashes.sha256(canonical)).param("by", userId).param("now", now)
                .param("published", "DRAFT".equals(status) ? null : now));
    }

    /** DRAFT → PUBLISHED; from then on the version is immutable. */
    @Transactional
    void publish(long id) {
        int updated = jdbc.sql("""
                UPDATE diagnostic_referential SET status = 'PUBLISHED', published_at = :now
                WHERE id = :id AND status = 'DRAFT'""")
                .param("now", OffsetDateTime.now(clock)).param("id", id).update();
        if (updated == 0) {
            throw new ConflictException("referential.conflict.published");
        }
    }

    /**
     * The version a new diagnostic of the territory uses: the territory's latest published version,
     * else the platform's latest.
     */
    long currentFor(long territoryId) {
        return jdbc.sql("""
                SELECT id FROM diagnostic_referential
                WHERE status = 'PUBLISHED' AND (owner_territory_id = :territory OR owner_territory_id IS NULL)
                ORDER BY CASE WHEN owner_territory_id IS NULL THEN 1 ELSE 0 END, published_at DESC, id DESC
                LIMIT 1""")
                .param("territory", territoryId).query(Long.class).optional()
                .orElseThrow(() -> new ConflictException("diagnostic.conflict.noReferential"));
    }
}
