package org.parcoursnumerique.account;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a logged-in session as soon as the access it was opened with no longer holds: the account or
 * its organisation was deactivated, the role or organisation changed, or the session is older than
 * its absolute lifetime (besides the idle timeout). {@link AccountSessions} deletes the sessions
 * stored in the database when an account changes; this check also covers changes made by other
 * modules or directly in the database (an organisation deactivated), at the cost of one indexed
 * query per request.
 */
@Component
class SessionGuard {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration absoluteLifetime;

    SessionGuard(JdbcClient jdbc, Clock clock,
                 @Value("${parcours.security.session-absolute-hours:12}") int absoluteHours) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.absoluteLifetime = Duration.ofHours(absoluteHours);
    }

    /** Whether the account still has the access it logged in with. */
    boolean stillValid(AccountUser principal) {
        var user = principal.currentUser();
        return jdbc.sql("""
                SELECT COUNT(*) FROM user_account u JOIN organisation_v o ON o.id = u.organisation_id
                WHERE u.id = :id AND u.active AND o.active AND u.role = :role AND u.organisation_id = :org""")
                .param("id", user.id()).param("role", user.role().name()).param("org", user.organisationId())
                .query(Long.class).single() > 0;
    }

    boolean tooOld(HttpSession session) {
        return Instant.ofEpochMilli(session.getCreationTime()).plus(absoluteLifetime).isBefore(clock.instant());
    }

    static final class Filter extends OncePerRequestFilter {

        private final SessionGuard guard;

        Filter(SessionGuard guard) {
            this.guard = guard;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            // Static files carry no data: no query for them.
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.startsWith("/assets/") || path.startsWith("/webjars/") || path.equals("/favicon.ico");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof AccountUser principal) {
                HttpSession session = request.getSession(false);
                if ((session != null && guard.tooOld(session)) || !guard.stillValid(principal)) {
                    if (session != null) {
                        session.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                    response.sendRedirect(request.getContextPath() + "/login?expired");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
