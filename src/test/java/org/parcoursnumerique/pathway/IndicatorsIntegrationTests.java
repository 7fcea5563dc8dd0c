package org.parcoursnumerique.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The indicators, computed from the daily counts, against what the milestones say. Each test works
 * on a programme of its own (the database is shared by every integration test), with the call's
 * period 2021-07-01 to 2023-06-30 and its diagnostic deadline 2022-06-30.
 */
@IntegrationTest
class IndicatorsIntegrationTests {

    static final LocalDate STARTS = LocalDate.of(2021, 7, 1);
    static final LocalDate ENDS = LocalDate.of(2023, 6, 30);
    static final LocalDate DEADLINE = LocalDate.of(2022, 6, 30);

    @Autowired Indicators indicators;
    @Autowired Milestones milestones;
    @Autowired Programmes programmes;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    long programme;
    long t6;
    long t8;

    @BeforeEach
    void aProgrammeOfItsOwn() {
        programme = Keys.insert(jdbc.sql("""
                INSERT INTO programme (code, name, starts_on, ends_on, diagnostic_deadline, budget_total_cents, is_default)
                VALUES (:code, 'Programme d’essai', :starts, :ends, :deadline, 0, FALSE)""")
                .param("code", "TEST-" + System.nanoTime()).param("starts", STARTS).param("ends", ENDS)
                .param("deadline", DEADLINE));
        t6 = data.territory("T6");
        t8 = data.territory("T8");
        for (long territory : List.of(t6, t8)) {
            jdbc.sql("INSERT INTO programme_territory (programme_id, territory_id, budget_cents) VALUES (:p, :t, 0)")
                    .param("p", programme).param("t", territory).update();
            Map<String, Integer> targets = Map.of("DIAGNOSED", 250, "EQUIPPED", 200, "CONNECTED_6_MONTHS", 100,
                    "ORIENTED", 150, "CERTIFIED", 100);
            targets.forEach((code, target) -> jdbc.sql("""
                    INSERT INTO programme_target (programme_id, territory_id, indicator_code, target_value)
                    VALUES (:p, :t, :code, :target)""")
                    .param("p", programme).param("t", territory).param("code", code).param("target", target).update());
        }
    }

    /**
     * A person of the test programme, living in the territory (T6: Saint-Denis, T8: Montreuil), with no
     * milestone yet: any the builder recorded in the default programme are withdrawn first (through
     * Milestones, so that the default programme's counts stay right), then the person moves programme.
     */
    long person(String territory) {
        long id = territory.equals("T6") ? data.beneficiary().create() : data.beneficiary().livingIn("93048", "T8").create();
        for (ReachedMilestone m : milestones.of(id)) {
            milestones.withdraw(id, m.code(), null, "test");
        }
        jdbc.sql("DELETE FROM early_exit WHERE beneficiary_id = :id").param("id", id).update();
        jdbc.sql("UPDATE beneficiary SET programme_id = :p WHERE id = :id").param("p", programme).param("id", id).update();
        return id;
    }

    Indicators.Board board(DataScope scope) {
        return indicators.indicators(programmes.programme(programme).orElseThrow(), scope);
    }

    static Indicators.Indicator indicator(List<Indicators.Indicator> list, String code) {
        return list.stream().filter(i -> i.code().equals(code)).findFirst().orElseThrow();
    }

    static Indicators.TerritoryIndicators territory(Indicators.Board board, String code) {
        return board.territories().stream().filter(t -> t.code().equals(code)).findFirst().orElseThrow();
    }

    @Test
    void countsMilestonesInsideThePeriodAndThoseAfterTheDeadlineApart() {
        // T6: two diagnostics in time (one on the deadline itself), one after it, one before the start.
        milestones.reach(person("T6"), Milestone.DIAGNOSED, STARTS, null, null);
        milestones.reach(person("T6"), Milestone.DIAGNOSED, DEADLINE, null, null);
        milestones.reach(person("T6"), Milestone.DIAGNOSED, DEADLINE.plusDays(1), null, null);
        milestones.reach(person("T6"), Milestone.DIAGNOSED, STARTS.minusDays(1), null, null);
        // Equipment counts to the end of the programme, not to the diagnostic deadline.
        long equipped = person("T6");
        milestones.reach(equipped, Milestone.EQUIPPED, DEADLINE.plusMonths(6), null, null);
        milestones.reach(person("T6"), Milestone.EQUIPPED, ENDS, null, null);
        milestones.reach(person("T6"), Milestone.EQUIPPED, ENDS.plusDays(1), null, null);
        // T8: one certification in time; a milestone that is not one of the five is not an indicator.
        long t8Person = person("T8");
        milestones.reach(t8Person, Milestone.CERTIFIED, LocalDate.of(2022, 1, 10), null, null);
        milestones.reach(t8Person, Milestone.ACCEPTED, LocalDate.of(2022, 1, 3), null, null);

        var board = board(DataScope.all());
        assertThat(board.territories()).extracting(Indicators.TerritoryIndicators::code).containsExactly("T6", "T8");
        var t6Indicators = territory(board, "T6").indicators();
        assertThat(t6Indicators).extracting(Indicators.Indicator::code)
                .containsExactly("DIAGNOSED", "EQUIPPED", "CONNECTED_6_MONTHS", "ORIENTED", "CERTIFIED");
        assertThat(indicator(t6Indicators, "DIAGNOSED")).isEqualTo(new Indicators.Indicator("DIAGNOSED", 250, 2, 1));
        assertThat(indicator(t6Indicators, "EQUIPPED")).isEqualTo(new Indicators.Indicator("EQUIPPED", 200, 2, 1));
        assertThat(indicator(t6Indicators, "CERTIFIED")).isEqualTo(new Indicators.Indicator("CERTIFIED", 100, 0, 0));
        var t8Indicators = territory(board, "T8").indicators();
        assertThat(indicator(t8Indicators, "CERTIFIED")).isEqualTo(new Indicators.Indicator("CERTIFIED", 100, 1, 0));
        assertThat(indicator(t8Indicators, "DIAGNOSED")).isEqualTo(new Indicators.Indicator("DIAGNOSED", 250, 0, 0));
        // The total adds targets and values of the territories.
        assertThat(indicator(board.total(), "DIAGNOSED")).isEqualTo(new Indicators.Indicator("DIAGNOSED", 500, 2, 1));
        assertThat(indicator(board.total(), "CERTIFIED")).isEqualTo(new Indicators.Indicator("CERTIFIED", 200, 1, 0));

        // A correction that moves a milestone out of the period, or withdraws it, changes the figures at once.
        milestones.move(equipped, Milestone.EQUIPPED, ENDS.plusMonths(1), null, "correction");
        assertThat(indicator(territory(board(DataScope.all()), "T6").indicators(), "EQUIPPED"))
                .isEqualTo(new Indicators.Indicator("EQUIPPED", 200, 1, 2));
        milestones.withdraw(equipped, Milestone.EQUIPPED, null, "erreur");
        assertThat(indicator(territory(board(DataScope.all()), "T6").indicators(), "EQUIPPED"))
                .isEqualTo(new Indicators.Indicator("EQUIPPED", 200, 1, 1));
    }

    @Test
    void aTerritoryScopeSeesItsTerritoryOnlyAndOtherScopesNone() {
        milestones.reach(person("T6"), Milestone.DIAGNOSED, LocalDate.of(2022, 2, 1), null, null);
        milestones.reach(person("T8"), Milestone.DIAGNOSED, LocalDate.of(2022, 2, 1), null, null);
        milestones.reach(person("T8"), Milestone.DIAGNOSED, LocalDate.of(2022, 2, 2), null, null);

        var t8Only = board(DataScope.territory(t8));
        assertThat(t8Only.territories()).extracting(Indicators.TerritoryIndicators::code).containsExactly("T8");
        assertThat(indicator(t8Only.total(), "DIAGNOSED")).isEqualTo(new Indicators.Indicator("DIAGNOSED", 250, 2, 0));
        assertThat(board(DataScope.territory(data.territory("T7"))).territories()).isEmpty(); // not in this programme
        for (DataScope scope : List.of(DataScope.none(), DataScope.referredBy(data.prescriber("PIE", "T6")))) {
            var board = board(scope);
            assertThat(board.territories()).isEmpty();
            assertThat(board.total()).allSatisfy(i -> assertThat(i.value() + i.target() + i.afterDeadline()).isZero());
            assertThat(indicators.funnel(programme, scope)).allSatisfy(s -> assertThat(s.people()).isZero());
            assertThat(indicators.earlyExits(programme, scope)).allSatisfy(e -> assertThat(e.people()).isZero());
        }
    }

    @Test
    void theFunnelKeepsTheShareOfEachStepAndTheExitsAreCountedByReason() {
        for (int i = 0; i < 4; i++) {
            long p = person("T6");
            milestones.reach(p, Milestone.REFERRED, LocalDate.of(2022, 1, 1), null, null);
            if (i < 3) {
                milestones.reach(p, Milestone.ACCEPTED, LocalDate.of(2022, 1, 5), null, null);
            }
            if (i < 2) {
                milestones.reach(p, Milestone.DIAGNOSED, LocalDate.of(2022, 1, 10), null, null);
            }
            if (i < 1) {
                milestones.reach(p, Milestone.EQUIPPED, LocalDate.of(2024, 1, 10), null, null); // after the end: still in the funnel
            }
            if (i == 3) {
                exit(p, "MOVED_AWAY", null);
            }
        }
        long other = person("T8");
        milestones.reach(other, Milestone.REFERRED, LocalDate.of(2022, 1, 1), null, null);
        exit(other, "OTHER", "Partie à l’étranger");

        var funnel = indicators.funnel(programme, DataScope.territory(t6));
        assertThat(funnel.get(0)).isEqualTo(new Indicators.FunnelStep(Milestone.REFERRED, null, 4, 0));
        assertThat(step(funnel, Milestone.ACCEPTED).keptPercent()).isEqualTo(75);
        assertThat(step(funnel, Milestone.DIAGNOSED).keptPercent()).isEqualTo(67);
        assertThat(step(funnel, Milestone.EQUIPPED)).isEqualTo(new Indicators.FunnelStep(Milestone.EQUIPPED, Milestone.DIAGNOSED, 1, 2));
        assertThat(step(funnel, Milestone.EQUIPPED).keptPercent()).isEqualTo(50);
        assertThat(step(funnel, Milestone.CONNECTED_6_MONTHS).keptPercent()).isNull(); // nobody connected yet
        assertThat(funnel).extracting(Indicators.FunnelStep::code).doesNotContain(Milestone.EXITED);
        assertThat(step(indicators.funnel(programme, DataScope.all()), Milestone.REFERRED).people()).isEqualTo(5);

        assertThat(indicators.earlyExits(programme, DataScope.territory(t6))).extracting(Indicators.ExitCount::reason)
                .containsExactly("MOVED_AWAY", "UNREACHABLE", "REFUSES_TO_CONTINUE", "JOB_OR_TRAINING_ELSEWHERE", "HEALTH", "OTHER");
        assertThat(indicators.earlyExits(programme, DataScope.territory(t6)))
                .contains(new Indicators.ExitCount("MOVED_AWAY", 1), new Indicators.ExitCount("OTHER", 0));
        assertThat(indicators.earlyExits(programme, DataScope.all()))
                .contains(new Indicators.ExitCount("MOVED_AWAY", 1), new Indicators.ExitCount("OTHER", 1));
    }

    /** An early exit as the pathway module records it (the exit action itself is another piece of work). */
    void exit(long person, String reason, String text) {
        milestones.reach(person, Milestone.EXITED, LocalDate.of(2022, 3, 1), null, null);
        jdbc.sql("""
                INSERT INTO early_exit (beneficiary_id, programme_id, territory_id, reason_code, reason_text, exited_on)
                SELECT id, programme_id, territory_id, :reason, :text, DATE '2022-03-01' FROM beneficiary WHERE id = :id""")
                .param("reason", reason).param("text", text).param("id", person).update();
    }

    static Indicators.FunnelStep step(List<Indicators.FunnelStep> funnel, Milestone code) {
        return funnel.stream().filter(s -> s.code() == code).findFirst().orElseThrow();
    }

    @Test
    void theDailyCountsEqualTheMilestonesAfterRandomReachesMovesAndWithdrawals() {
        randomReachesMovesAndWithdrawals(new Random(20211201L));
    }

    @Test
    void aPeriodStartingAndEndingInTheMiddleOfAMonthCountsTheDaysOfThoseMonthsExactly() {
        // The indicators add whole months from the monthly counts and the boundary months' days from the
        // daily counts: bounds in the middle of a month, and a deadline in the same month as the start.
        jdbc.sql("UPDATE programme SET starts_on = :s, ends_on = :e, diagnostic_deadline = :d WHERE id = :id")
                .param("s", LocalDate.of(2021, 7, 15)).param("e", LocalDate.of(2023, 6, 12))
                .param("d", LocalDate.of(2022, 3, 9)).param("id", programme).update();
        randomReachesMovesAndWithdrawals(new Random(7L));
        jdbc.sql("UPDATE programme SET diagnostic_deadline = :d WHERE id = :id")
                .param("d", LocalDate.of(2021, 7, 28)).param("id", programme).update();
        assertIndicatorsMatchMilestones();
    }

    void randomReachesMovesAndWithdrawals(Random random) {
        List<Long> people = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            people.add(person(i % 3 == 0 ? "T8" : "T6"));
        }
        Milestone[] codes = {Milestone.DIAGNOSED, Milestone.EQUIPPED, Milestone.CONNECTED_6_MONTHS, Milestone.ORIENTED,
                Milestone.CERTIFIED, Milestone.ACCEPTED};
        for (int i = 0; i < 600; i++) {
            long p = people.get(random.nextInt(people.size()));
            Milestone code = codes[random.nextInt(codes.length)];
            // Dates around the period's bounds, so that moves cross them both ways.
            LocalDate day = STARTS.minusDays(20).plusDays(random.nextInt(760 + 40));
            switch (random.nextInt(3)) {
                case 0 -> milestones.reach(p, code, day, null, null);
                case 1 -> milestones.move(p, code, day, null, "essai");
                default -> milestones.withdraw(p, code, null, "essai");
            }
        }
        assertCountsMatchMilestones();
        assertIndicatorsMatchMilestones();
    }

    @Test
    void concurrentReachesOnTheSameDayFromSeveralThreadsAreAllCounted() throws Exception {
        int threads = 8;
        int perThread = 6;
        List<Long> people = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            people.add(person("T6"));
        }
        LocalDate day = LocalDate.of(2022, 3, 15);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                List<Long> mine = people.subList(t * perThread, (t + 1) * perThread);
                done.add(pool.submit(() -> {
                    start.await();
                    for (long p : mine) {
                        // Every thread writes the same daily row of DIAGNOSED and of EQUIPPED at once.
                        milestones.reach(p, Milestone.DIAGNOSED, day, null, null);
                        milestones.reach(p, Milestone.EQUIPPED, day, null, null);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // Some move back and forth, concurrently too, on the same two days.
        ExecutorService movers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> moved = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Long> mine = people.subList(t * perThread, (t + 1) * perThread);
                moved.add(movers.submit(() -> {
                    for (long p : mine) {
                        milestones.move(p, Milestone.DIAGNOSED, day.plusDays(1), null, "essai");
                    }
                    milestones.withdraw(mine.get(0), Milestone.EQUIPPED, null, "essai");
                    return null;
                }));
            }
            for (Future<?> f : moved) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            movers.shutdownNow();
        }
        assertCountsMatchMilestones();
        var t6Indicators = territory(board(DataScope.all()), "T6").indicators();
        assertThat(indicator(t6Indicators, "DIAGNOSED").value()).isEqualTo(threads * perThread);
        assertThat(indicator(t6Indicators, "EQUIPPED").value()).isEqualTo(threads * perThread - threads);
    }

    /** Every (territory, code, day) of the programme: the daily count equals COUNT(*) over milestone; no other row is positive. */
    void assertCountsMatchMilestones() {
        Map<String, Long> fromMilestones = new HashMap<>();
        jdbc.sql("""
                SELECT territory_id, code, reached_on, COUNT(*) AS n FROM milestone WHERE programme_id = :p
                GROUP BY territory_id, code, reached_on""").param("p", programme)
                .query(rs -> {
                    fromMilestones.put(rs.getLong(1) + "/" + rs.getString(2) + "/" + rs.getDate(3), rs.getLong(4));
                });
        Map<String, Long> fromCounts = new HashMap<>();
        jdbc.sql("SELECT territory_id, code, reached_on, people FROM milestone_daily_count WHERE programme_id = :p AND people <> 0")
                .param("p", programme)
                .query(rs -> {
                    fromCounts.put(rs.getLong(1) + "/" + rs.getString(2) + "/" + rs.getDate(3), rs.getLong(4));
                });
        assertThat(fromMilestones).isNotEmpty();
        assertThat(fromCounts).isEqualTo(fromMilestones);
        // The monthly counts are the months' totals.
        Map<String, Long> monthly = new HashMap<>();
        jdbc.sql("SELECT territory_id, code, month_start, people FROM milestone_monthly_count WHERE programme_id = :p AND people <> 0")
                .param("p", programme)
                .query(rs -> {
                    monthly.put(rs.getLong(1) + "/" + rs.getString(2) + "/" + rs.getDate(3), rs.getLong(4));
                });
        Map<String, Long> months = new HashMap<>();
        fromMilestones.forEach((key, n) -> {
            String[] parts = key.split("/");
            months.merge(parts[0] + "/" + parts[1] + "/" + LocalDate.parse(parts[2]).withDayOfMonth(1), n, Long::sum);
        });
        assertThat(monthly).isEqualTo(months);
    }

    /** The five indicators equal a COUNT(*) over milestone with the period's bounds. */
    void assertIndicatorsMatchMilestones() {
        var board = board(DataScope.all());
        var period = programmes.programme(programme).orElseThrow();
        for (var t : board.territories()) {
            for (var i : t.indicators()) {
                LocalDate end = i.code().equals("DIAGNOSED") ? period.diagnosticDeadline() : period.endsOn();
                long inPeriod = jdbc.sql("""
                        SELECT COUNT(*) FROM milestone WHERE programme_id = :p AND territory_id = :t AND code = :code
                          AND reached_on BETWEEN :starts AND :end""")
                        .param("p", programme).param("t", t.territoryId()).param("code", i.code())
                        .param("starts", period.startsOn()).param("end", end).query(Long.class).single();
                long after = jdbc.sql("""
                        SELECT COUNT(*) FROM milestone WHERE programme_id = :p AND territory_id = :t AND code = :code
                          AND reached_on > :end""")
                        .param("p", programme).param("t", t.territoryId()).param("code", i.code())
                        .param("end", end).query(Long.class).single();
                assertThat(i.value()).as(t.code() + " " + i.code()).isEqualTo(inPeriod);
                assertThat(i.afterDeadline()).as(t.code() + " " + i.code() + " after").isEqualTo(after);
            }
        }
    }
}
