package org.parcoursnumerique.account;

import java.util.Optional;

import org.parcoursnumerique.notification.LinkedMessages;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Renders invitation and password-reset emails when the outbox sends them: the single-use link is
 * issued at that moment (only its hash is stored, as for every link) and never written to the
 * outbox (ADR 0007). A message that is no longer needed (account activated or deactivated since) is
 * not sent.
 */
@Component
class LinkEmails implements LinkedMessages {

    private final JdbcClient jdbc;
    private final Accounts accounts;

    LinkEmails(JdbcClient jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    @Override
    public boolean handles(String linkKind) {
        return Accounts.TokenPurpose.INVITATION.name().equals(linkKind)
                || Accounts.TokenPurpose.PASSWORD_RESET.name().equals(linkKind);
    }

    /**
     * Committed on its own before the email leaves, so that the link works from the moment it
     * arrives (the outbox marks the message sent only after delivery).
     */
    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Optional<String> render(String linkKind, long userId) {
        if (Accounts.TokenPurpose.INVITATION.name().equals(linkKind)) {
            return jdbc.sql("""
                    SELECT display_name FROM user_account
                    WHERE id = :id AND active AND password_hash IS NULL""")
                    .param("id", userId).query(String.class).optional()
                    .map(name -> accounts.invitationBody(name, accounts.invitationLink(userId)));
        }
        return jdbc.sql("""
                SELECT u.id FROM user_account u JOIN organisation_v o ON o.id = u.organisation_id
                WHERE u.id = :id AND u.active AND o.active""")
                .param("id", userId).query(Long.class).optional()
                .map(id -> accounts.passwordResetBody(accounts.passwordResetLink(id)));
    }
}
