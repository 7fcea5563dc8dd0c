package org.parcoursnumerique.followup;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import org.parcoursnumerique.notification.LinkedMessages;
import org.parcoursnumerique.shared.Hashes;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The person's single-use links to answer a follow-up without an account. A link is issued when the
 * outbox sends the message (never written to the outbox, ADR 0007); only the SHA-256 of its random
 * token is stored, with its expiry. A link opens one follow-up, once, before it expires.
 */
@Component
class FollowUpLinks implements LinkedMessages {

    static final String KIND = "FOLLOW_UP";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 32 random bytes in base64url: 43 characters. Anything else is not a token of ours. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** What a token gives: the follow-up, or why not. */
    enum State { VALID, UNKNOWN, EXPIRED, USED }

    record Resolved(State state, Long linkId, Long followUpId) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final Clock clock;
    private final Duration validity;
    private final String baseUrl;

    FollowUpLinks(JdbcClient jdbc, MessageSource messages, Clock clock,
                  @Value("${parcours.followup.link-validity-days:14}") int validityDays,
                  @Value("${parcours.base-url}") String baseUrl) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.clock = clock;
        this.validity = Duration.ofDays(validityDays);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public boolean handles(String linkKind) {
        return KIND.equals(linkKind);
    }

    /** The message with a fresh link, when the follow-up still waits for its answers. */
    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Optional<String> render(String linkKind, long followUpId) {
        var f = jdbc.sql("SELECT stage_code, status FROM follow_up WHERE id = :id")
                .param("id", followUpId).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
        if (f.isEmpty() || !"PENDING".equals(f.get()[1])) {
            return Optional.empty();
        }
        String link = baseUrl + "/suivi/" + issue(followUpId);
        return Optional.of(messages.getMessage("followUp.message.body", new Object[] {link}, PageContext.LOCALE));
    }

    /** Issues a new link for a follow-up and returns its token (shown once, stored hashed). */
    String issue(long followUpId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                INSERT INTO follow_up_link (follow_up_id, token_hash, created_at, expires_at)
                VALUES (:id, :hash, :now, :expires)""")
                .param("id", followUpId).param("hash", Hashes.sha256(token)).param("now", now)
                .param("expires", now.plus(validity)).update();
        return token;
    }

    /** What a token opens; {@code lock} holds the link's row until the end of the transaction. */
    Resolved resolve(String token, boolean lock) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return new Resolved(State.UNKNOWN, null, null);
        }
        // The link's row alone is locked (a join under FOR UPDATE is not portable to H2).
        var row = jdbc.sql("""
                SELECT l.id, l.follow_up_id, l.expires_at, l.used_at FROM follow_up_link l
                WHERE l.token_hash = :hash""" + (lock ? " FOR UPDATE" : ""))
                .param("hash", Hashes.sha256(token))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class), null})
                .optional();
        if (row.isEmpty()) {
            return new Resolved(State.UNKNOWN, null, null);
        }
        Object[] r = row.get();
        r[4] = jdbc.sql("SELECT status FROM follow_up WHERE id = :id").param("id", r[1]).query(String.class).single();
        if (r[3] != null || !"PENDING".equals(r[4])) {
            return new Resolved(State.USED, (Long) r[0], (Long) r[1]);
        }
        if (!((OffsetDateTime) r[2]).isAfter(OffsetDateTime.now(clock))) {
            return new Resolved(State.EXPIRED, (Long) r[0], (Long) r[1]);
        }
        return new Resolved(State.VALID, (Long) r[0], (Long) r[1]);
    }
}
