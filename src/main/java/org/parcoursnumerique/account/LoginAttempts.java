package org.parcoursnumerique.account;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Locks an account for a while after repeated wrong passwords, so that passwords cannot be
 * guessed by trying; a successful login clears the counter.
 */
@Component
class LoginAttempts {

    private static final Logger log = LoggerFactory.getLogger(LoginAttempts.class);

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockout;

    LoginAttempts(JdbcClient jdbc, AuditLog audit, LoginThrottle throttle, Clock clock,
                  @Value("${parcours.security.max-failed-logins:5}") int maxFailures,
                  @Value("${parcours.security.lockout-minutes:15}") int lockoutMinutes) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.throttle = throttle;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockout = Duration.ofMinutes(lockoutMinutes);
    }

    @EventListener
    @Transactional
    public void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details) {
            throttle.failed(details.getRemoteAddress());
        }
        String email = String.valueOf(event.getAuthentication().getName()).trim().toLowerCase(Locale.ROOT);
        OffsetDateTime now = OffsetDateTime.now(clock);
        // One statement counts and locks, so that failures sent in parallel are all counted: the row
        // lock it takes serialises them (a read, add one, write back lost most of them).
        // The last active administrator is never locked (nobody could unlock them): the throttle
        // per address slows the guesses down instead.
        int updated = jdbc.sql("""
                UPDATE user_account SET
                    failed_logins = CASE WHEN failed_logins + 1 >= :max AND NOT (%s) THEN 0 ELSE failed_logins + 1 END,
                    locked_until = CASE WHEN failed_logins + 1 >= :max AND NOT (%s) THEN :until ELSE locked_until END
                WHERE email = :email""".formatted(LAST_ADMINISTRATOR, LAST_ADMINISTRATOR))
                .param("max", maxFailures).param("until", now.plus(lockout)).param("email", email).update();
        if (updated == 0) {
            return;
        }
        // The row stays locked by this transaction: this reads the value just written.
        var account = jdbc.sql("SELECT id, organisation_id, locked_until FROM user_account WHERE email = :email")
                .param("email", email)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class)})
                .single();
        long id = (Long) account[0];
        if (account[2] instanceof OffsetDateTime until && until.isAfter(now)) {
            log.warn("Account {} locked for {} after {} failed logins", id, lockout, maxFailures);
        }
        audit.recordAccountEvent(id, email, (Long) account[1], AuditAction.LOGIN_FAILED, null);
    }

    /** Whether the row being updated is the only active administrator that can log in. */
    private static final String LAST_ADMINISTRATOR = """
            user_account.role = 'ADMINISTRATOR' AND user_account.active AND NOT EXISTS (
                SELECT 1 FROM user_account other JOIN organisation_v oo ON oo.id = other.organisation_id
                WHERE other.role = 'ADMINISTRATOR' AND other.active AND oo.active
                  AND other.password_hash IS NOT NULL AND other.id <> user_account.id)""";

    @EventListener
    @Transactional
    public void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof AccountUser user) {
            var current = user.currentUser();
            jdbc.sql("UPDATE user_account SET failed_logins = 0, locked_until = NULL, last_login_at = :now WHERE id = :id")
                    .param("now", OffsetDateTime.now(clock)).param("id", current.id()).update();
            audit.recordAccountEvent(current.id(), current.email(), current.organisationId(), AuditAction.LOGIN, null);
        }
    }
}
