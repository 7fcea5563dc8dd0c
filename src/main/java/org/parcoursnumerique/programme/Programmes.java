package org.parcoursnumerique.programme;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Read access to programmes, territories, targets and reference lists. */
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

    private final JdbcClient jdbc;

    Programmes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Programme defaultProgramme() {
        return jdbc.sql("""
                SELECT id, code, name, starts_on, ends_on, diagnostic_deadline, budget_total_cents
                FROM programme ORDER BY is_default DESC, id LIMIT 1""")
                .query(Programme.class).optional().orElseThrow(NotFoundException::new);
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
