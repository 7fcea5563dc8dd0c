package org.parcoursnumerique.pathway;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.programme.Programmes.Programme;
import org.parcoursnumerique.shared.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The programme's indicators, computed live from the daily and monthly counts of milestones (ADR 0017): the
 * call's targets per territory and in total, the funnel between milestones and the early exits by
 * reason. Nothing here is about a person: every figure is a sum over a territory.
 *
 * <p>A milestone counts toward its target when it was reached inside the programme's period, from
 * {@code starts_on} to {@code ends_on} — to the {@code diagnostic_deadline} for {@code DIAGNOSED}.
 * One reached after that end is counted apart ("après l'échéance"); one before the start is not
 * counted at all.
 *
 * <p>Scope: {@link DataScope#all()} gives every territory of the programme, {@link DataScope#territory}
 * one; any other scope (a prescriber's, none) gives no territory and zero totals.
 */
@Service
public class Indicators {

    /**
     * One of the call's indicators against its target.
     *
     * @param value         people who reached the milestone inside the period
     * @param afterDeadline people who reached it after the period's end (the diagnostic deadline for DIAGNOSED)
     */
    public record Indicator(String code, int target, long value, long afterDeadline) {

        /** Share of the target reached, in whole percent, capped at 100 (for a progress bar). */
        public int percent() {
            return target <= 0 ? 0 : (int) Math.min(100, Math.round(value * 100.0 / target));
        }

        public boolean reached() {
            return target > 0 && value >= target;
        }

        Indicator plus(Indicator other) {
            return new Indicator(code, target + other.target, value + other.value, afterDeadline + other.afterDeadline);
        }
    }

    /** The indicators of one territory of the programme, in the order of the {@code indicator} table. */
    public record TerritoryIndicators(long territoryId, String code, String name, List<Indicator> indicators) {
    }

    /** The indicators of the territories in scope, and their sum. */
    public record Board(Programme programme, List<TerritoryIndicators> territories, List<Indicator> total) {
    }

    /**
     * One step of the funnel: the people who reached {@code code}, and those who reached the step it
     * follows ({@code after}, null for the first), so that the share kept is {@code people / afterPeople}.
     */
    public record FunnelStep(Milestone code, Milestone after, long people, long afterPeople) {

        /** Share of the previous step's people who reached this one, in whole percent; null without a previous step or people in it. */
        public Integer keptPercent() {
            return after == null || afterPeople == 0 ? null : (int) Math.round(people * 100.0 / afterPeople);
        }
    }

    /** Early exits ("sorties anticipées") for one reason. */
    public record ExitCount(String reason, long people) {
    }

    /**
     * The steps of the funnel and the step each follows. The stages after the diagnostic branch from
     * it (equipment, connection, training orientation, certification — which the diagnostic
     * recommends on its own — follow-ups, completion); within a branch each step follows the one before.
     */
    static final Map<Milestone, Milestone> FUNNEL = funnel();

    private static Map<Milestone, Milestone> funnel() {
        Map<Milestone, Milestone> steps = new LinkedHashMap<>();
        steps.put(Milestone.REFERRED, null);
        steps.put(Milestone.ACCEPTED, Milestone.REFERRED);
        steps.put(Milestone.DIAGNOSED, Milestone.ACCEPTED);
        steps.put(Milestone.EQUIPPED, Milestone.DIAGNOSED);
        steps.put(Milestone.CONNECTED, Milestone.DIAGNOSED);
        steps.put(Milestone.CONNECTED_6_MONTHS, Milestone.CONNECTED);
        steps.put(Milestone.ORIENTED, Milestone.DIAGNOSED);
        steps.put(Milestone.TRAINING_STARTED, Milestone.ORIENTED);
        steps.put(Milestone.TRAINING_COMPLETED, Milestone.TRAINING_STARTED);
        steps.put(Milestone.CERTIFIED, Milestone.DIAGNOSED);
        steps.put(Milestone.FOLLOW_UP_3_MONTHS, Milestone.DIAGNOSED);
        steps.put(Milestone.FOLLOW_UP_6_MONTHS, Milestone.FOLLOW_UP_3_MONTHS);
        steps.put(Milestone.COMPLETED, Milestone.DIAGNOSED);
        return steps;
    }

    /**
     * The statement behind the targets, also run by {@code bench/indicators.sh} (kept verbatim in
     * {@code bench/sql/indicators.sql}). The whole months after the period's first month come from the
     * monthly counts (inside the period before the month of its end, after it past that month); the
     * days of the first month and of the month of the end — the deadline's for {@code DIAGNOSED} —
     * from the daily counts, each month read once even when the period starts and ends in the same one.
     * {@code %1$s} and {@code %2$s} are the scope's predicate on the monthly and daily rows.
     */
    static final String VALUES_SQL = """
            SELECT x.territory_id, x.code, SUM(x.in_period) AS in_period, SUM(x.after_deadline) AS after_deadline
            FROM (
                SELECT m.territory_id, m.code,
                       SUM(CASE WHEN m.month_start < CASE WHEN m.code = 'DIAGNOSED' THEN CAST(:deadlineMonth AS DATE) ELSE CAST(:endMonth AS DATE) END
                                THEN m.people ELSE 0 END) AS in_period,
                       SUM(CASE WHEN m.month_start > CASE WHEN m.code = 'DIAGNOSED' THEN CAST(:deadlineMonth AS DATE) ELSE CAST(:endMonth AS DATE) END
                                THEN m.people ELSE 0 END) AS after_deadline
                FROM milestone_monthly_count m
                WHERE m.programme_id = :programme AND m.code IN (:codes) AND m.month_start > CAST(:startMonth AS DATE) AND %1$s
                GROUP BY m.territory_id, m.code
                UNION ALL
                SELECT d.territory_id, d.code,
                       SUM(CASE WHEN d.reached_on >= CAST(:startsOn AS DATE)
                                 AND d.reached_on <= CASE WHEN d.code = 'DIAGNOSED' THEN CAST(:deadline AS DATE) ELSE CAST(:endsOn AS DATE) END
                                THEN d.people ELSE 0 END) AS in_period,
                       SUM(CASE WHEN d.reached_on > CASE WHEN d.code = 'DIAGNOSED' THEN CAST(:deadline AS DATE) ELSE CAST(:endsOn AS DATE) END
                                THEN d.people ELSE 0 END) AS after_deadline
                FROM milestone_daily_count d
                WHERE d.programme_id = :programme AND %2$s AND (
                      (d.code IN (:codes) AND d.reached_on >= CAST(:startMonth AS DATE) AND d.reached_on < CAST(:startMonthNext AS DATE))
                   OR (d.code = 'DIAGNOSED' AND 'DIAGNOSED' IN (:codes) AND CAST(:deadlineMonth AS DATE) <> CAST(:startMonth AS DATE)
                       AND d.reached_on >= CAST(:deadlineMonth AS DATE) AND d.reached_on < CAST(:deadlineMonthNext AS DATE))
                   OR (d.code IN (:codes) AND d.code <> 'DIAGNOSED' AND CAST(:endMonth AS DATE) <> CAST(:startMonth AS DATE)
                       AND d.reached_on >= CAST(:endMonth AS DATE) AND d.reached_on < CAST(:endMonthNext AS DATE)))
                GROUP BY d.territory_id, d.code
            ) x
            GROUP BY x.territory_id, x.code""";

    private final JdbcClient jdbc;
    private final Programmes programmes;

    Indicators(JdbcClient jdbc, Programmes programmes) {
        this.jdbc = jdbc;
        this.programmes = programmes;
    }

    /** The call's indicators of the programme, per territory in scope and in total. */
    public Board indicators(Programme programme, DataScope scope) {
        List<String> codes = programmes.indicators().stream().filter(Milestone::isCode).toList();
        List<Programmes.TerritoryBudget> territories = territoriesInScope(programme.id(), scope);
        Map<Long, Map<String, Integer>> targets = new HashMap<>();
        for (Programmes.Target t : programmes.targets(programme.id())) {
            targets.computeIfAbsent(t.territoryId(), k -> new HashMap<>()).put(t.indicatorCode(), t.targetValue());
        }
        Map<Long, Map<String, long[]>> counts = new HashMap<>();
        if (!territories.isEmpty() && !codes.isEmpty()) {
            Map<String, Object> params = new HashMap<>(scope.parameters());
            params.put("programme", programme.id());
            params.put("codes", codes);
            params.put("startsOn", programme.startsOn());
            params.put("endsOn", programme.endsOn());
            params.put("deadline", programme.diagnosticDeadline());
            params.put("startMonth", programme.startsOn().withDayOfMonth(1));
            params.put("startMonthNext", programme.startsOn().withDayOfMonth(1).plusMonths(1));
            params.put("endMonth", programme.endsOn().withDayOfMonth(1));
            params.put("endMonthNext", programme.endsOn().withDayOfMonth(1).plusMonths(1));
            params.put("deadlineMonth", programme.diagnosticDeadline().withDayOfMonth(1));
            params.put("deadlineMonthNext", programme.diagnosticDeadline().withDayOfMonth(1).plusMonths(1));
            jdbc.sql(VALUES_SQL.formatted(scope.predicate("m"), scope.predicate("d"))).params(params).query(rs -> {
                counts.computeIfAbsent(rs.getLong("territory_id"), k -> new HashMap<>())
                        .put(rs.getString("code"), new long[] {rs.getLong("in_period"), rs.getLong("after_deadline")});
            });
        }
        List<TerritoryIndicators> perTerritory = new ArrayList<>();
        Map<String, Indicator> total = new LinkedHashMap<>();
        codes.forEach(code -> total.put(code, new Indicator(code, 0, 0, 0)));
        for (Programmes.TerritoryBudget t : territories) {
            List<Indicator> list = new ArrayList<>();
            for (String code : codes) {
                long[] c = counts.getOrDefault(t.territoryId(), Map.of()).getOrDefault(code, new long[2]);
                Indicator indicator = new Indicator(code,
                        targets.getOrDefault(t.territoryId(), Map.of()).getOrDefault(code, 0), c[0], c[1]);
                list.add(indicator);
                total.merge(code, indicator, Indicator::plus);
            }
            perTerritory.add(new TerritoryIndicators(t.territoryId(), t.code(), t.name(), List.copyOf(list)));
        }
        return new Board(programme, List.copyOf(perTerritory), List.copyOf(total.values()));
    }

    /** The funnel between milestones over the whole programme (every date), for the territories in scope. */
    public List<FunnelStep> funnel(long programmeId, DataScope scope) {
        Map<Milestone, Long> people = new EnumMap<>(Milestone.class);
        if (territoryScope(scope)) {
            Map<String, Object> params = new HashMap<>(scope.parameters());
            params.put("programme", programmeId);
            jdbc.sql("""
                    SELECT m.code, SUM(m.people) AS people FROM milestone_monthly_count m
                    WHERE m.programme_id = :programme AND %s
                    GROUP BY m.code""".formatted(scope.predicate("m")))
                    .params(params).query(rs -> {
                        if (Milestone.isCode(rs.getString("code"))) {
                            people.put(Milestone.valueOf(rs.getString("code")), rs.getLong("people"));
                        }
                    });
        }
        List<FunnelStep> steps = new ArrayList<>();
        FUNNEL.forEach((code, after) -> steps.add(new FunnelStep(code, after, people.getOrDefault(code, 0L),
                after == null ? 0 : people.getOrDefault(after, 0L))));
        return List.copyOf(steps);
    }

    /** The current early exits of the programme by reason, every reason listed (zero included), in scope. */
    public List<ExitCount> earlyExits(long programmeId, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("programme", programmeId);
        String predicate = territoryScope(scope) ? scope.predicate("e") : "1 = 0";
        return jdbc.sql("""
                SELECT r.code AS reason, COUNT(e.beneficiary_id) AS people
                FROM exit_reason r
                LEFT JOIN early_exit e ON e.reason_code = r.code AND e.programme_id = :programme AND %s
                GROUP BY r.code, r.position
                ORDER BY r.position""".formatted(predicate))
                .params(params).query(ExitCount.class).list();
    }

    /** The programme's territories in scope, by code. */
    private List<Programmes.TerritoryBudget> territoriesInScope(long programmeId, DataScope scope) {
        if (!territoryScope(scope)) {
            return List.of();
        }
        return programmes.budgets(programmeId).stream()
                .filter(t -> scope.kind() == DataScope.Kind.ALL || t.territoryId() == scope.id())
                .toList();
    }

    /** Whether the scope is one these territory aggregates answer (every territory, or one). */
    private static boolean territoryScope(DataScope scope) {
        return scope.kind() == DataScope.Kind.ALL || scope.kind() == DataScope.Kind.TERRITORY;
    }
}
