package org.parcoursnumerique.programme;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Programmes, territories, targets and reference lists; the département's changes to a programme. */
@Service
public class Programmes {

    public record Programme(long id, String code, String name, LocalDate startsOn, LocalDate endsOn,
                            LocalDate diagnosticDeadline, long budgetTotalCents) {
    }

    public record Territory(long id, String code, String name) {
    }

    public record TerritoryBudget(long territoryId, String code, String name, long budgetCents) {
    }

    public record Target(long territoryId, String indicatorCode, int targetValue) {
    }

    public record Commune(String inseeCode, String name, long territoryId, LocalDate validUntil, String mergedInto) {
    }

    public record AseDistrict(long id, String code, String name, long territoryId) {
    }

    /**
     * A new version of a programme's calendar, budget and targets; validated by the caller.
     * @param budgetCents per territory id
     * @param targets per territory id, then per indicator code
     */
    public record Changes(LocalDate startsOn, LocalDate endsOn, LocalDate diagnosticDeadline, long budgetTotalCents,
                          Map<Long, Long> budgetCents, Map<Long, Map<String, Integer>> targets) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    Programmes(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Writes the programme's new dates, total budget, territory budgets and targets, and audits every
     * value that changed (one row per change: what, old → new; the audit row says who and when).
     * Territories and indicators not already in the programme are ignored.
     */
    @Transactional
    public void update(CurrentUser by, long programmeId, Changes c) {
        // Two managers saving at once: the second waits and audits against what the first wrote.
        Programme before = jdbc.sql("""
                SELECT id, code, name, starts_on, ends_on, diagnostic_deadline, budget_total_cents
                FROM programme WHERE id = :id FOR UPDATE""")
                .param("id", programmeId).query(Programme.class).optional().orElseThrow(NotFoundException::new);
        List<String> changes = new ArrayList<>();
        diff(changes, "startsOn", before.startsOn(), c.startsOn());
        diff(changes, "endsOn", before.endsOn(), c.endsOn());
        diff(changes, "diagnosticDeadline", before.diagnosticDeadline(), c.diagnosticDeadline());
        diff(changes, "budgetTotalCents", before.budgetTotalCents(), c.budgetTotalCents());
        jdbc.sql("""
                UPDATE programme SET starts_on = :startsOn, ends_on = :endsOn, diagnostic_deadline = :deadline,
                       budget_total_cents = :budget WHERE id = :id""")
                .param("startsOn", c.startsOn()).param("endsOn", c.endsOn()).param("deadline", c.diagnosticDeadline())
                .param("budget", c.budgetTotalCents()).param("id", programmeId).update();
        for (TerritoryBudget b : budgets(programmeId)) {
            Long cents = c.budgetCents().get(b.territoryId());
            if (cents != null && cents != b.budgetCents()) {
                diff(changes, "budgetCents[" + b.code() + "]", b.budgetCents(), cents);
                jdbc.sql("""
                        UPDATE programme_territory SET budget_cents = :cents
                        WHERE programme_id = :programme AND territory_id = :territory""")
                        .param("cents", cents).param("programme", programmeId).param("territory", b.territoryId())
                        .update();
            }
        }
        Map<Long, String> codes = new HashMap<>();
        territories().forEach(t -> codes.put(t.id(), t.code()));
        for (Target t : targets(programmeId)) {
            Integer value = c.targets().getOrDefault(t.territoryId(), Map.of()).get(t.indicatorCode());
            if (value != null && value != t.targetValue()) {
                diff(changes, "target[" + codes.get(t.territoryId()) + "," + t.indicatorCode() + "]", t.targetValue(), value);
                jdbc.sql("""
                        UPDATE programme_target SET target_value = :value
                        WHERE programme_id = :programme AND territory_id = :territory AND indicator_code = :indicator""")
                        .param("value", value).param("programme", programmeId).param("territory", t.territoryId())
                        .param("indicator", t.indicatorCode()).update();
            }
        }
        // One audit row per change keeps each row short (the details column holds 1 000 characters).
        for (String change : changes) {
            audit.record(by, null, AuditAction.PROGRAMME_CHANGED, before.code() + " : " + change);
        }
    }

    private static void diff(List<String> changes, String field, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            changes.add(field + " " + before + " → " + after);
        }
    }

    /**
     * Moves a programme's calendar without the per-value audit of {@link #update}: the demo data
     * shifts the default programme around today when it loads (the banner says so).
     */
    @Transactional
    public void moveDates(long programmeId, LocalDate startsOn, LocalDate endsOn, LocalDate diagnosticDeadline) {
        jdbc.sql("""
                UPDATE programme SET starts_on = :starts, ends_on = :ends, diagnostic_deadline = :deadline
                WHERE id = :id""")
                .param("starts", startsOn).param("ends", endsOn).param("deadline", diagnosticDeadline)
                .param("id", programmeId).update();
    }

    public Programme defaultProgramme() {
        return jdbc.sql("""
                SELECT id, code, name, starts_on, ends_on, diagnostic_deadline, budget_total_cents
                FROM programme ORDER BY is_default DESC, id LIMIT 1""")
                .query(Programme.class).optional().orElseThrow(NotFoundException::new);
    }

    public Optional<Programme> programme(long id) {
        return jdbc.sql("""
                SELECT id, code, name, starts_on, ends_on, diagnostic_deadline, budget_total_cents
                FROM programme WHERE id = :id""")
                .param("id", id).query(Programme.class).optional();
    }

    public List<Territory> territories() {
        return jdbc.sql("SELECT id, code, name FROM territory ORDER BY code").query(Territory.class).list();
    }

    public List<TerritoryBudget> budgets(long programmeId) {
        return jdbc.sql("""
                SELECT t.id AS territory_id, t.code, t.name, pt.budget_cents
                FROM programme_territory pt JOIN territory t ON t.id = pt.territory_id
                WHERE pt.programme_id = :programme ORDER BY t.code""")
                .param("programme", programmeId).query(TerritoryBudget.class).list();
    }

    public List<Target> targets(long programmeId) {
        return jdbc.sql("""
                SELECT pt.territory_id, pt.indicator_code, pt.target_value
                FROM programme_target pt JOIN indicator i ON i.code = pt.indicator_code
                WHERE pt.programme_id = :programme ORDER BY pt.territory_id, i.position""")
                .param("programme", programmeId).query(Target.class).list();
    }

    /** Target of one indicator over the given territories (all territories when null). */
    public int target(long programmeId, String indicator, Long territoryId) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(target_value), 0) FROM programme_target
                WHERE programme_id = :programme AND indicator_code = :indicator
                  AND (CAST(:territory AS BIGINT) IS NULL OR territory_id = :territory)""")
                .param("programme", programmeId).param("indicator", indicator).param("territory", territoryId)
                .query(Integer.class).single();
    }

    public List<String> indicators() {
        return jdbc.sql("SELECT code FROM indicator ORDER BY position").query(String.class).list();
    }

    public List<Commune> communes() {
        return jdbc.sql("""
                SELECT insee_code, name, territory_id, valid_until, merged_into FROM commune ORDER BY name_norm""")
                .query(Commune.class).list();
    }

    /**
     * The INSEE code of the commune with this name, compared without accents, case or separators
     * ({@link Names#normalise}, as stored in {@code name_norm}); merged communes included.
     */
    public Optional<String> communeCodeByName(String name) {
        return jdbc.sql("SELECT insee_code FROM commune WHERE name_norm = :norm ORDER BY insee_code")
                .param("norm", Names.normalise(name)).query(String.class).list().stream().findFirst();
    }

    public List<AseDistrict> aseDistricts() {
        return jdbc.sql("SELECT id, code, name, territory_id FROM ase_district ORDER BY name")
                .query(AseDistrict.class).list();
    }

    public List<String> eligibilityCategories() {
        return jdbc.sql("SELECT code FROM eligibility_category ORDER BY position").query(String.class).list();
    }
}
