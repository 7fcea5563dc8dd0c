package org.parcoursnumerique.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Keys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens, shown once, stored as a SHA-256 only. A prescriber organisation's tokens send and
 * follow referrals; tokens of the département, an EPT or a consortium read the indicators only
 * (ADR 0018). They are created and revoked by the holding organisation's own users: prescribers for
 * their organisation, the département's programme managers, an EPT's viewers, a consortium's
 * coordinators (who work in one of its member structures) for the consortium, and a member
 * structure's logistics managers for their structure (the equipment API of its territory).
 */
@Service
public class ApiTokens {

    record Token(long id, String name, OffsetDateTime createdAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt,
                 String createdByName) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fixed tokens of demo mode start with this; they are refused outside demo mode. */
    public static final String DEMO_PREFIX = "demo-";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final org.parcoursnumerique.shared.DemoMode demoMode;
    private final AuditLog audit;

    ApiTokens(JdbcClient jdbc, Clock clock, org.parcoursnumerique.shared.DemoMode demoMode, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.demoMode = demoMode;
    }

    /**
     * Creates a token for the user's organisation and returns its value, which is never shown again;
     * empty when the account or its organisation is no longer active (a session opened before a
     * deactivation must not mint a token that outlives it).
     */
    @Transactional
    public Optional<String> create(CurrentUser by, String name) {
        Optional<Long> holder = holder(by);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "pn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = store(holder.get(), name, token, by.id());
        audit.record(by, null, AuditAction.API_TOKEN_CREATED, "token " + id);
        return Optional.of(token);
    }

    /** Stores a known token value (the fixed tokens of demo mode). */
    @Transactional
    public long store(long organisationId, String name, String token, Long createdBy) {
        return Keys.insert(jdbc.sql("""
                INSERT INTO api_token (organisation_id, name, token_hash, created_by, created_at)
                VALUES (:org, :name, :hash, :by, :now)""")
                .param("org", organisationId).param("name", name).param("hash", Accounts.sha256(token))
                .param("by", createdBy).param("now", OffsetDateTime.now(clock)));
    }

    /**
     * The organisation whose tokens this user manages, if the account and that organisation are
     * active and the role goes with the organisation's kind: a prescriber's own organisation, the
     * département of a programme manager, the EPT of an EPT viewer, the consortium of a coordinator's
     * member structure. Empty for any other role.
     */
    Optional<Long> holder(CurrentUser by) {
        return jdbc.sql("""
                SELECT h.id FROM user_account u
                JOIN organisation_v o ON o.id = u.organisation_id
                JOIN organisation_v h ON h.id = CASE WHEN u.role = 'COORDINATOR' THEN o.consortium_id ELSE o.id END
                WHERE u.id = :id AND u.active AND o.active AND h.active AND u.organisation_id = :org
                  AND ((u.role = 'PRESCRIBER' AND h.kind = 'PRESCRIBER')
                    OR (u.role = 'PROGRAMME_MANAGER' AND h.kind = 'DEPARTEMENT')
                    OR (u.role = 'EPT_VIEWER' AND h.kind = 'EPT')
                    OR (u.role = 'COORDINATOR' AND o.kind = 'MEMBER_STRUCTURE' AND h.kind = 'CONSORTIUM')
                    OR (u.role = 'LOGISTICS_MANAGER' AND h.kind IN ('MEMBER_STRUCTURE', 'CONSORTIUM')))""")
                .param("id", by.id()).param("org", by.organisationId()).query(Long.class).optional();
    }

    List<Token> list(long organisationId) {
        return jdbc.sql("""
                SELECT t.id, t.name, t.created_at, t.last_used_at, t.revoked_at, u.display_name AS created_by_name
                FROM api_token t LEFT JOIN user_account u ON u.id = t.created_by
                WHERE t.organisation_id = :org ORDER BY t.revoked_at NULLS FIRST, t.created_at DESC""")
                .param("org", organisationId).query(Token.class).list();
    }

    @Transactional
    public boolean revoke(CurrentUser by, long tokenId) {
        Optional<Long> holder = holder(by);
        if (holder.isEmpty()) {
            return false;
        }
        boolean revoked = jdbc.sql("""
                UPDATE api_token SET revoked_at = :now
                WHERE id = :id AND organisation_id = :org AND revoked_at IS NULL""")
                .param("now", OffsetDateTime.now(clock)).param("id", tokenId).param("org", holder.get())
                .update() > 0;
        if (revoked) {
            audit.record(by, null, AuditAction.API_TOKEN_REVOKED, "token " + tokenId);
        }
        return revoked;
    }

    /**
     * The caller a token stands for, if it is known, not revoked, and its organisation is active and
     * of a kind that holds tokens. The last use is written at most once a minute per token: a busy
     * integration polling the indicators must not turn every read into a write.
     */
    @Transactional
    public Optional<ApiCaller> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 200
                || (!demoMode.enabled() && token.startsWith(DEMO_PREFIX))) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        var found = jdbc.sql("""
                SELECT t.organisation_id, t.id, t.name, o.kind, o.territory_id, t.last_used_at
                FROM api_token t JOIN organisation_v o ON o.id = t.organisation_id
                WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND o.active
                  AND o.kind IN ('PRESCRIBER', 'DEPARTEMENT', 'EPT', 'CONSORTIUM', 'MEMBER_STRUCTURE')""")
                .param("hash", Accounts.sha256(token))
                .query((rs, n) -> {
                    OffsetDateTime lastUsed = rs.getObject("last_used_at", OffsetDateTime.class);
                    var caller = new ApiCaller(rs.getLong("organisation_id"), rs.getLong("id"), rs.getString("name"),
                            ApiCaller.Kind.valueOf(rs.getString("kind")), (Long) rs.getObject("territory_id", Long.class));
                    return java.util.Map.entry(caller, lastUsed == null || lastUsed.isBefore(now.minusMinutes(1)));
                })
                .optional();
        found.filter(java.util.Map.Entry::getValue).ifPresent(f -> jdbc.sql("""
                        UPDATE api_token SET last_used_at = :now WHERE id = :id""")
                .param("now", now).param("id", f.getKey().tokenId()).update());
        return found.map(java.util.Map.Entry::getKey);
    }
}
