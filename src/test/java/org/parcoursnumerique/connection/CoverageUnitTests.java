package org.parcoursnumerique.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CoverageUnitTests {

    private static final LocalDate JUNE_1 = LocalDate.of(2026, 6, 1);

    private static List<Coverage.Interval> months(LocalDate start, int months) {
        List<Coverage.Interval> list = new ArrayList<>();
        for (var p : Lines.monthly(start, months, 990, PaidBy.PROGRAMME)) {
            list.add(new Coverage.Interval(p.start(), p.end()));
        }
        return list;
    }

    @Test
    void sixMonthsPaidWithoutABreakReach183DaysOnTheDayTheyEnd() {
        Coverage c = Coverage.of(JUNE_1, months(JUNE_1, 6), 3);
        assertThat(c.coveredUntil()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(c.lapsesOn()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(c.sixMonthsOn()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(c.coveredDays(LocalDate.of(2026, 12, 1))).isEqualTo(183);
        assertThat(c.coveredDays(LocalDate.of(2027, 3, 1))).isEqualTo(183);
        assertThat(c.coveredDays(LocalDate.of(2026, 6, 11))).isEqualTo(10);
        assertThat(c.lapsed(LocalDate.of(2026, 11, 30))).isFalse();
        assertThat(c.lapsed(LocalDate.of(2026, 12, 1))).isTrue();
    }

    @Test
    void fiveMonthsDoNotReachSixMonths() {
        Coverage c = Coverage.of(JUNE_1, months(JUNE_1, 5), 3);
        assertThat(c.sixMonthsOn()).isNull();
        assertThat(c.coveredDays(LocalDate.of(2027, 1, 1))).isEqualTo(153);
    }

    @Test
    void aGapWithinTheToleranceKeepsTheCoverageAndABiggerOneStopsIt() {
        var first = new Coverage.Interval(JUNE_1, LocalDate.of(2026, 6, 30));
        var afterThreeDays = new Coverage.Interval(LocalDate.of(2026, 7, 4), LocalDate.of(2026, 12, 31));
        var afterFourDays = new Coverage.Interval(LocalDate.of(2026, 7, 5), LocalDate.of(2026, 12, 31));
        assertThat(Coverage.of(JUNE_1, List.of(first, afterThreeDays), 3).coveredUntil())
                .isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(Coverage.of(JUNE_1, List.of(first, afterFourDays), 3).coveredUntil())
                .isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(Coverage.of(JUNE_1, List.of(first, afterFourDays), 4).coveredUntil())
                .isEqualTo(LocalDate.of(2026, 12, 31));
    }

    @Test
    void nothingCoveringTheActivationIsNoCoverage() {
        Coverage c = Coverage.of(JUNE_1, List.of(new Coverage.Interval(LocalDate.of(2026, 6, 10), LocalDate.of(2026, 12, 31))), 3);
        assertThat(c.coveredUntil()).isNull();
        assertThat(c.lapsesOn()).isNull();
        assertThat(c.sixMonthsOn()).isNull();
        assertThat(c.coveredDays(LocalDate.of(2026, 9, 1))).isZero();
        assertThat(c.lapsed(JUNE_1)).isTrue();
    }

    @Test
    void aPeriodPaidBeforeActivationCountsFromTheActivation() {
        Coverage c = Coverage.of(JUNE_1, List.of(new Coverage.Interval(LocalDate.of(2026, 5, 20), LocalDate.of(2026, 6, 19))), 3);
        assertThat(c.coveredUntil()).isEqualTo(LocalDate.of(2026, 6, 19));
        assertThat(c.coveredDays(LocalDate.of(2026, 7, 1))).isEqualTo(19);
    }

    /** The order of the periods never changes the result; covered days never exceed the days elapsed. */
    @Test
    void generatedPeriodsGiveTheSameCoverageInAnyOrder() {
        Random random = new Random(42);
        for (int run = 0; run < 2000; run++) {
            List<Coverage.Interval> intervals = new ArrayList<>();
            int n = random.nextInt(8);
            for (int i = 0; i < n; i++) {
                LocalDate start = JUNE_1.plusDays(random.nextInt(400) - 40);
                intervals.add(new Coverage.Interval(start, start.plusDays(random.nextInt(60))));
            }
            int tolerance = random.nextInt(5);
            Coverage c = Coverage.of(JUNE_1, intervals, tolerance);
            List<Coverage.Interval> shuffled = new ArrayList<>(intervals);
            java.util.Collections.shuffle(shuffled, random);
            assertThat(Coverage.of(JUNE_1, shuffled, tolerance)).isEqualTo(c);
            LocalDate today = JUNE_1.plusDays(random.nextInt(500));
            long elapsed = java.time.temporal.ChronoUnit.DAYS.between(JUNE_1, today);
            assertThat(c.coveredDays(today)).isBetween(0L, elapsed);
            if (c.sixMonthsOn() != null) {
                assertThat(c.coveredDays(c.sixMonthsOn())).isEqualTo(183);
            } else {
                assertThat(c.coveredDays(JUNE_1.plusYears(3))).isLessThan(183);
            }
        }
    }
}
