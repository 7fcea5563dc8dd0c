package org.parcoursnumerique.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Ends every open session of an account at once (sessions are stored in the database by Spring
 * Session JDBC and indexed by principal name, the account's email), when its access changes:
 * deactivation, password reset, role change (ADR 0007).
 */
@Component
class AccountSessions {

    private static final Logger log = LoggerFactory.getLogger(AccountSessions.class);

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    AccountSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /** Deletes every session of the account with this email; returns how many there were. */
    int endAll(long userId, String email) {
        var ids = sessions.findByPrincipalName(Accounts.normaliseEmail(email)).keySet();
        ids.forEach(sessions::deleteById);
        if (!ids.isEmpty()) {
            log.info("Ended {} session(s) of account {}", ids.size(), userId);
        }
        return ids.size();
    }
}
