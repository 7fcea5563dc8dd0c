package org.parcoursnumerique.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class LoginThrottleUnitTests {

    /** A clock the test moves by hand. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-01T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anAddressGetsItsFreeFailuresThenDoublingDelays() {
        var clock = new MovingClock();
        var throttle = new LoginThrottle(clock, 3, 1000, 15, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.waitFor("a")).isZero();
            throttle.failed("a");
        }
        assertThat(throttle.waitFor("a")).isZero();
        throttle.failed("a");
        assertThat(throttle.waitFor("a")).isEqualTo(Duration.ofSeconds(1));
        clock.now = clock.now.plusSeconds(1);
        throttle.failed("a");
        assertThat(throttle.waitFor("a")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.waitFor("b")).as("another address").isZero();
        // The window passes: the address starts afresh.
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(throttle.waitFor("a")).isZero();
    }

    @Test
    void manyAddressesTogetherSlowDownThoseThatFailedButNotOthers() {
        var clock = new MovingClock();
        var throttle = new LoginThrottle(clock, 100, 10, 15, 1000);
        for (int i = 0; i < 11; i++) {
            throttle.failed("guesser-" + i);
        }
        assertThat(throttle.waitFor("guesser-3")).isPositive();
        assertThat(throttle.waitFor("someone who types right")).isZero();
    }

    @Test
    void memoryStaysBoundedWhatEverTheNumberOfAddresses() {
        var clock = new MovingClock();
        var throttle = new LoginThrottle(clock, 2, 1_000_000, 15, 50);
        for (int i = 0; i < 10_000; i++) {
            throttle.failed("address-" + i);
        }
        // Addresses beyond the bound share one counter, which is soon slowed down.
        assertThat(throttle.waitFor("address-9999")).isPositive();
        assertThat(throttle.waitFor("address-10000")).isPositive();
        assertThat(throttle.waitFor("address-1")).isZero();
    }
}
