package org.parcoursnumerique.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Account life cycle: invitation by a single-use expiring link, activation, password reset by
 * link, deactivation. Only a SHA-256 of each link token is stored.
 */
@Service
public class Accounts {

    public enum TokenPurpose { INVITATION, PASSWORD_RESET }

    /** The account a valid link belongs to. */
    record TokenOwner(long tokenId, long userId, String email, long organisationId) {
    }

    /** A user as others see them in a record's history: their name and their organisation's. */
    public record UserName(long id, String displayName, String organisationName) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final Outbox outbox;
    private final AuditLog audit;
    private final AccountSessions sessions;
    private final MessageSource messages;
    private final Clock clock;
    private final String baseUrl;
    private final Duration invitationValidity;
    private final Duration resetValidity;

    Accounts(JdbcClient jdbc, PasswordEncoder passwordEncoder, Outbox outbox, AuditLog audit, AccountSessions sessions,
             MessageSource messages,
             Clock clock, @Value("${parcours.base-url}") String baseUrl,
             @Value("${parcours.account.invitation-validity-hours:72}") int invitationHours,
             @Value("${parcours.account.password-reset-validity-minutes:60}") int resetMinutes) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.outbox = outbox;
        this.audit = audit;
        this.sessions = sessions;
        this.messages = messages;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.invitationValidity = Duration.ofHours(invitationHours);
        this.resetValidity = Duration.ofMinutes(resetMinutes);
    }

    /** The names of these users and of their organisations, by id, in one query (the timeline names who did what). */
    public java.util.Map<Long, UserName> names(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<Long, UserName> names = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT u.id, u.display_name, o.name FROM user_account u JOIN organisation_v o ON o.id = u.organisation_id
                WHERE u.id IN (:ids)""").param("ids", java.util.List.copyOf(ids))
                .query((rs, n) -> new UserName(rs.getLong(1), rs.getString(2), rs.getString(3))).list()
                .forEach(u -> names.put(u.id(), u));
        return names;
    }

    public static String normaliseEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    public boolean emailTaken(String email) {
        return jdbc.sql("SELECT count(*) FROM user_account WHERE email = :email")
                .param("email", normaliseEmail(email)).query(Long.class).single() > 0;
    }

    /** Creates an account with a known password hash (demo accounts only). */
    @Transactional
    public long createWithPassword(String email, String displayName, long organisationId, Role role, String rawPassword) {
        return Keys.insert(jdbc.sql("""
                INSERT INTO user_account (email, display_name, organisation_id, role, password_hash, active, created_at)
                VALUES (:email, :name, :organisation, :role, :hash, TRUE, :now)""")
                .param("email", normaliseEmail(email)).param("name", displayName).param("organisation", organisationId)
                .param("role", role.name()).param("hash", passwordEncoder.encode(rawPassword))
                .param("now", OffsetDateTime.now(clock)));
    }

    /**
     * Creates an account without password and emails an invitation link. For the first-administrator
     * bootstrap only ({@code by} null) also returns a link, which it prints once; otherwise null.
     */
    @Transactional
    public String invite(CurrentUser by, String email, String displayName, long organisationId, Role role) {
        long userId = Keys.insert(jdbc.sql("""
                INSERT INTO user_account (email, display_name, organisation_id, role, active, created_at)
                VALUES (:email, :name, :organisation, :role, TRUE, :now)""")
                .param("email", normaliseEmail(email)).param("name", displayName.trim())
                .param("organisation", organisationId).param("role", role.name())
                .param("now", OffsetDateTime.now(clock)));
        // The email's link is issued when it is sent (LinkEmails), never stored in the outbox.
        outbox.linkEmail(normaliseEmail(email), text("mail.invitation.subject"), TokenPurpose.INVITATION.name(), userId);
        if (by != null) {
            audit.record(by, null, AuditAction.ACCOUNT_INVITED, normaliseEmail(email));
        } else {
            audit.recordAccountEvent(userId, normaliseEmail(email), organisationId, AuditAction.ACCOUNT_INVITED,
                    "bootstrap");
        }
        // Only the bootstrap of the first administrator shows a link itself (once, on the console).
        return by == null ? invitationLink(userId) : null;
    }

    /** Issues a fresh invitation link for an account not activated yet. */
    String invitationLink(long userId) {
        return baseUrl + "/invitation/" + issueToken(userId, TokenPurpose.INVITATION, invitationValidity);
    }

    /** Issues a fresh password-reset link. */
    String passwordResetLink(long userId) {
        return baseUrl + "/password-reset/" + issueToken(userId, TokenPurpose.PASSWORD_RESET, resetValidity);
    }

    /** The body of an invitation email, with its link (rendered at send time). */
    String invitationBody(String displayName, String link) {
        return text("mail.invitation.body", displayName, link, invitationValidity.toHours());
    }

    /** The body of a password-reset email, with its link (rendered at send time). */
    String passwordResetBody(String link) {
        return text("mail.reset.body", link, resetValidity.toMinutes());
    }

    /** Sends a reset link when an active account has this email; says nothing either way. */
    @Transactional
    public void requestPasswordReset(String email) {
        var user = jdbc.sql("""
                SELECT u.id FROM user_account u JOIN organisation_v o ON o.id = u.organisation_id
                WHERE u.email = :email AND u.active AND o.active""")
                .param("email", normaliseEmail(email)).query(Long.class).optional();
        if (user.isEmpty()) {
            return;
        }
        // One link every two minutes at most, so nobody can flood someone's mailbox.
        if (outbox.linkEmailQueuedSince(TokenPurpose.PASSWORD_RESET.name(), user.get(),
                OffsetDateTime.now(clock).minusMinutes(2))) {
            return;
        }
        // The link is issued when the email is sent (LinkEmails), never stored in the outbox.
        outbox.linkEmail(normaliseEmail(email), text("mail.reset.subject"), TokenPurpose.PASSWORD_RESET.name(),
                user.get());
    }

    /** The owner of a valid (known, unused, unexpired) link. */
    Optional<TokenOwner> validToken(String token, TokenPurpose purpose) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT t.id AS token_id, u.id AS user_id, u.email, u.organisation_id
                FROM account_token t JOIN user_account u ON u.id = t.user_id
                WHERE t.token_hash = :hash AND t.purpose = :purpose AND t.used_at IS NULL
                  AND t.expires_at > :now AND u.active""")
                .param("hash", sha256(token)).param("purpose", purpose.name())
                .param("now", OffsetDateTime.now(clock))
                .query(TokenOwner.class).optional();
    }

    /** Sets the password through a link and burns the link; false when the link is no longer valid. */
    @Transactional
    public boolean setPasswordWithToken(String token, TokenPurpose purpose, String rawPassword) {
        var owner = validToken(token, purpose);
        if (owner.isEmpty()) {
            return false;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        int burnt = jdbc.sql("UPDATE account_token SET used_at = :now WHERE id = :id AND used_at IS NULL")
                .param("now", now).param("id", owner.get().tokenId()).update();
        if (burnt == 0) {
            return false;
        }
        // Other pending links of the same kind die with this one.
        jdbc.sql("UPDATE account_token SET used_at = :now WHERE user_id = :user AND purpose = :purpose AND used_at IS NULL")
                .param("now", now).param("user", owner.get().userId()).param("purpose", purpose.name()).update();
        jdbc.sql("UPDATE user_account SET password_hash = :hash, failed_logins = 0, locked_until = NULL WHERE id = :id")
                .param("hash", passwordEncoder.encode(rawPassword)).param("id", owner.get().userId()).update();
        audit.recordAccountEvent(owner.get().userId(), owner.get().email(), owner.get().organisationId(),
                purpose == TokenPurpose.INVITATION ? AuditAction.ACCOUNT_ACTIVATED : AuditAction.PASSWORD_RESET, null);
        // A new password ends every session opened with the old one (someone else's, perhaps).
        sessions.endAll(owner.get().userId(), owner.get().email());
        return true;
    }

    @Transactional
    public boolean setActive(CurrentUser by, long userId, boolean active) {
        if (by.id() == userId && !active) {
            return false; // nobody locks themselves out
        }
        int updated = jdbc.sql("UPDATE user_account SET active = :active WHERE id = :id")
                .param("active", active).param("id", userId).update();
        if (updated > 0) {
            audit.record(by, null, active ? AuditAction.ACCOUNT_REACTIVATED : AuditAction.ACCOUNT_DEACTIVATED,
                    "user " + userId);
            if (!active) {
                endSessions(userId);
            }
        }
        return updated > 0;
    }

    /**
     * Locks the user's row until the end of the caller's transaction, to serialise work on one user
     * (two bookings of one mediator's agenda); false when the user does not exist.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public boolean lock(long userId) {
        return jdbc.sql("SELECT id FROM user_account WHERE id = :id FOR UPDATE").param("id", userId)
                .query(Long.class).optional().isPresent();
    }

    /** A staff account's id and organisation. */
    public record Staff(long id, long organisationId) {
    }

    /** The account with this e-mail address, active or not. */
    public java.util.Optional<Staff> findStaff(String email) {
        return jdbc.sql("SELECT id, organisation_id FROM user_account WHERE email = :email")
                .param("email", normaliseEmail(email))
                .query((rs, n) -> new Staff(rs.getLong(1), rs.getLong(2))).optional();
    }

    /** Marks a mediator as a conseiller numérique (the demo data; administrators use the users page). */
    @Transactional
    public void markDigitalAdvisor(String email) {
        jdbc.sql("UPDATE user_account SET digital_advisor = TRUE WHERE email = :email AND role = 'MEDIATOR'")
                .param("email", normaliseEmail(email)).update();
    }

    /** Counts of the administrator's home page: accounts active, invited and not yet activated, locked. */
    public record AccountFigures(long activeUsers, long pendingInvitations, long lockedAccounts) {
    }

    public AccountFigures figures() {
        return jdbc.sql("""
                SELECT (SELECT COUNT(*) FROM user_account WHERE active AND password_hash IS NOT NULL),
                       (SELECT COUNT(*) FROM user_account WHERE active AND password_hash IS NULL),
                       (SELECT COUNT(*) FROM user_account WHERE locked_until > :now)""")
                .param("now", java.time.OffsetDateTime.now(clock))
                .query((rs, n) -> new AccountFigures(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    }

    /**
     * Ends every open session of the account at once, so that a change of its access (deactivation,
     * role, organisation) applies now rather than at the next login.
     */
    @Transactional
    public void endSessions(long userId) {
        jdbc.sql("SELECT email FROM user_account WHERE id = :id").param("id", userId).query(String.class).optional()
                .ifPresent(email -> sessions.endAll(userId, email));
    }

    private String issueToken(long userId, TokenPurpose purpose, Duration validity) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                INSERT INTO account_token (user_id, purpose, token_hash, expires_at, created_at)
                VALUES (:user, :purpose, :hash, :expires, :now)""")
                .param("user", userId).param("purpose", purpose.name()).param("hash", sha256(token))
                .param("expires", now.plus(validity)).param("now", now).update();
        return token;
    }

    static String sha256(String token) {
        return org.parcoursnumerique.shared.Hashes.sha256(token);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
