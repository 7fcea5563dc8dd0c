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
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockout;

    LoginAttempts(JdbcClient jdbc, AuditLog audit, Clock clock,
                  @Value("${parcours.security.max-failed-logins:5}") int maxFailures,
                  @Value("${parcours.security.lockout-minutes:15}") int lockoutMinutes) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockout = Duration.ofMinutes(lockoutMinutes);
    }

    @EventListener
    @Transactional
    public void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        String email = String.valueOf(event.getAuthentication().getName()).trim().toLowerCase(Locale.ROOT);
        OffsetDateTime now = OffsetDateTime.now(clock);
        var account = jdbc.sql("SELECT id, organisation_id, failed_logins FROM user_account WHERE email = :email")
                .param("email", email)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getInt(3)}).optional();
        if (account.isEmpty()) {
            return;
        }
        long id = account.get()[0];
        int failures = (int) account.get()[2] + 1;
        if (failures >= maxFailures) {
            jdbc.sql("UPDATE user_account SET failed_logins = 0, locked_until = :until WHERE id = :id")
                    .param("until", now.plus(lockout)).param("id", id).update();
            log.warn("Account {} locked for {} after {} failed logins", id, lockout, failures);
        } else {
            jdbc.sql("UPDATE user_account SET failed_logins = :failures WHERE id = :id")
                    .param("failures", failures).param("id", id).update();
        }
        audit.recordAccountEvent(id, email, account.get()[1], AuditAction.LOGIN_FAILED, null);
    }

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
