package org.parcoursnumerique.account;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing down per client address and overall, in memory and bounded: each address
 * has a number of free wrong passwords in a window; beyond it, each further attempt must wait a delay
 * that doubles with every failure (1 s, 2 s, 4 s… up to the window). The same applies to the sum of
 * all addresses, but only to addresses that have already failed, so that a wave of guesses from many
 * addresses does not stop people who type their password right. An attempt that comes too early is
 * refused without checking the password, and counts for nothing.
 *
 * <p>This complements the per-account lock ({@link LoginAttempts}), and is what protects the last
 * active administrator, who is never locked.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    static final String OVERFLOW = "*overflow*";

    /** Failures of one address (or of all) within the window. */
    private static final class Counter {
        int failures;
        Instant windowStart;
        Instant lastFailure;
    }

    private final ConcurrentHashMap<String, Counter> byAddress = new ConcurrentHashMap<>();
    private final Counter overall = new Counter();
    private final Clock clock;
    private final int freePerAddress;
    private final int freeOverall;
    private final Duration window;
    private final int maxAddresses;

    LoginThrottle(Clock clock,
                  @Value("${parcours.security.throttle.free-failures-per-address:20}") int freePerAddress,
                  @Value("${parcours.security.throttle.free-failures-overall:500}") int freeOverall,
                  @Value("${parcours.security.throttle.window-minutes:15}") int windowMinutes,
                  @Value("${parcours.security.throttle.max-addresses:10000}") int maxAddresses) {
        this.clock = clock;
        this.freePerAddress = freePerAddress;
        this.freeOverall = freeOverall;
        this.window = Duration.ofMinutes(windowMinutes);
        this.maxAddresses = maxAddresses;
    }

    /** How long this address must still wait before its password is checked (zero: go ahead). */
    Duration waitFor(String address) {
        Instant now = clock.instant();
        Counter mine = byAddress.get(key(address));
        if (mine == null && byAddress.size() >= maxAddresses) {
            mine = byAddress.get(OVERFLOW); // the failures of addresses beyond the bound are counted there
        }
        if (mine == null) {
            return Duration.ZERO;
        }
        synchronized (mine) {
            expire(mine, now);
            Duration wait = remaining(mine, freePerAddress, now);
            if (!wait.isZero() || mine.failures == 0) {
                return wait;
            }
        }
        synchronized (overall) {
            expire(overall, now);
            return remaining(overall, freeOverall, now);
        }
    }

    /** Counts a wrong password from this address. */
    void failed(String address) {
        Instant now = clock.instant();
        if (byAddress.size() >= maxAddresses && !byAddress.containsKey(key(address))) {
            byAddress.values().removeIf(c -> {
                synchronized (c) {
                    return c.lastFailure == null || c.lastFailure.plus(window).isBefore(now);
                }
            });
        }
        String key = byAddress.size() >= maxAddresses && !byAddress.containsKey(key(address)) ? OVERFLOW : key(address);
        Counter mine = byAddress.computeIfAbsent(key, k -> new Counter());
        synchronized (mine) {
            count(mine, now);
            if (mine.failures == freePerAddress + 1) {
                log.warn("Login throttled for a client address after {} wrong passwords", freePerAddress);
            }
        }
        synchronized (overall) {
            count(overall, now);
            if (overall.failures == freeOverall + 1) {
                log.warn("Login throttled overall after {} wrong passwords", freeOverall);
            }
        }
    }

    private void count(Counter c, Instant now) {
        expire(c, now);
        if (c.windowStart == null) {
            c.windowStart = now;
        }
        c.failures++;
        c.lastFailure = now;
    }

    private void expire(Counter c, Instant now) {
        if (c.lastFailure != null && c.lastFailure.plus(window).isBefore(now)) {
            c.failures = 0;
            c.windowStart = null;
            c.lastFailure = null;
        }
    }

    private Duration remaining(Counter c, int free, Instant now) {
        if (c.failures <= free || c.lastFailure == null) {
            return Duration.ZERO;
        }
        int beyond = Math.min(c.failures - free - 1, 20);
        Duration delay = Duration.ofSeconds(1L << beyond);
        if (delay.compareTo(window) > 0) {
            delay = window;
        }
        Duration left = Duration.between(now, c.lastFailure.plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String key(String address) {
        return address == null ? "" : address;
    }

    /** Refuses a login form posted too early, before Spring Security checks the password. */
    static final class Filter extends OncePerRequestFilter {

        private final LoginThrottle throttle;

        Filter(LoginThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod())
                    && (request.getContextPath() + "/login").equals(request.getRequestURI()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Duration wait = throttle.waitFor(request.getRemoteAddr());
            if (!wait.isZero()) {
                response.setHeader("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
                response.sendRedirect(request.getContextPath() + "/login?throttled");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
