package org.parcoursnumerique.connection;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A line's coverage, computed from its paid periods, never declared (ADR 0034). The coverage starts
 * on the activation day when a period (or a confirmation that the person was connected by their own
 * means) covers it, and goes on through each following interval that starts at most
 * {@code toleranceDays} days after the day after the previous one ended; the days of a tolerated gap
 * count as covered. It ends with the last interval of that chain: the next day the line lapses.
 *
 * <p>Covered days are whole days elapsed since activation while covered, so a line activated on 1st
 * June and paid without a break is covered 183 days on 1st December: that is the day the person
 * reaches {@code CONNECTED_6_MONTHS}.
 */
record Coverage(LocalDate activation, LocalDate coveredUntil) {

    /** Six months of connection, as the call counts them. */
    static final int SIX_MONTHS_DAYS = 183;

    /** An interval of days, both included: a paid period, or the days a check confirmed. */
    record Interval(LocalDate start, LocalDate end) {
        Interval {
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("an interval ends on or after its start");
            }
        }
    }

    static Coverage of(LocalDate activation, List<Interval> intervals, int toleranceDays) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::start).thenComparing(Interval::end));
        // The chain is open while the next interval starts by (end of coverage + 1 + tolerance).
        LocalDate until = activation.minusDays(1);
        boolean started = false;
        for (Interval i : sorted) {
            if (i.end().isBefore(activation)) {
                continue;
            }
            if (i.start().isAfter(until.plusDays(1 + toleranceDays))) {
                break;
            }
            if (i.end().isAfter(until)) {
                until = i.end();
                started = true;
            }
        }
        return new Coverage(activation, started ? until : null);
    }

    /** The first day without coverage; null when nothing covers the activation. */
    LocalDate lapsesOn() {
        return coveredUntil == null ? null : coveredUntil.plusDays(1);
    }

    /** The day coverage reaches 183 days, whether past or to come; null when these periods do not reach it. */
    LocalDate sixMonthsOn() {
        LocalDate day = activation.plusDays(SIX_MONTHS_DAYS);
        return lapsesOn() != null && !lapsesOn().isBefore(day) ? day : null;
    }

    /** Whole days covered since activation, as of {@code today}. */
    long coveredDays(LocalDate today) {
        if (coveredUntil == null || !today.isAfter(activation)) {
            return 0;
        }
        LocalDate end = lapsesOn().isBefore(today) ? lapsesOn() : today;
        return ChronoUnit.DAYS.between(activation, end);
    }

    /** The line is no longer covered on {@code today} (never covered counts as lapsed on activation). */
    boolean lapsed(LocalDate today) {
        LocalDate lapse = coveredUntil == null ? activation : lapsesOn();
        return !today.isBefore(lapse);
    }
}
