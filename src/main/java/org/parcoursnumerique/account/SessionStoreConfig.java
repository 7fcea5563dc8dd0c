package org.parcoursnumerique.account;

import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * The sessions kept in PostgreSQL (ADR 0007) are read on every request; Spring Session also wrote
 * each one back on every request, only to move its last access time. On PostgreSQL the session's
 * row is now written when something else changed (its id, principal or idle timeout) or when its
 * last access time is older than {@code parcours.security.session-touch-seconds} (60 by default):
 * a session then expires at most that long before its idle timeout would have ended it. Attribute
 * changes are written as before (their own statements). ADR 0026.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfig {

    /**
     * Spring Session's update, with its six parameters in the same order (session id, last access,
     * idle timeout, expiry, principal, primary id), made conditional.
     */
    static final String THROTTLED_UPDATE = """
            UPDATE %%TABLE_NAME%% AS s
            SET SESSION_ID = v.session_id, LAST_ACCESS_TIME = v.last_access, MAX_INACTIVE_INTERVAL = v.max_inactive,
                EXPIRY_TIME = v.expiry, PRINCIPAL_NAME = v.principal
            FROM (SELECT CAST(? AS CHAR(36)) AS session_id, CAST(? AS BIGINT) AS last_access,
                         CAST(? AS INT) AS max_inactive, CAST(? AS BIGINT) AS expiry,
                         CAST(? AS VARCHAR(100)) AS principal, CAST(? AS CHAR(36)) AS primary_id) AS v
            WHERE s.PRIMARY_ID = v.primary_id
              AND (s.SESSION_ID <> v.session_id OR s.MAX_INACTIVE_INTERVAL <> v.max_inactive
                   OR s.PRINCIPAL_NAME IS DISTINCT FROM v.principal
                   OR s.LAST_ACCESS_TIME < v.last_access - %d)""";

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionTouchThrottle(
            DataSource dataSource, @Value("${parcours.security.session-touch-seconds:60}") int touchSeconds) {
        String product = new JdbcTemplate(dataSource).execute(
                (java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        boolean postgres = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
        return repository -> {
            // H2 (the one-user demo) keeps Spring Session's own statement.
            if (postgres && touchSeconds > 0) {
                repository.setUpdateSessionQuery(THROTTLED_UPDATE.formatted(touchSeconds * 1000L));
            }
        };
    }
}
