package org.parcoursnumerique.diagnostic;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and writes diagnostics, their answers and recommendations, always within a scope. */
@Component
class DiagnosticRepository {

    /** A diagnostic row. {@code currentStep} is where to resume; sections + 1 means the review page. */
    record Row(long id, long beneficiaryId, long territoryId, long referringOrganisationId, long referentialId,
               Long mediatorId, String mediatorName, String status, int currentStep, OffsetDateTime startedAt,
               OffsetDateTime updatedAt, OffsetDateTime completedAt, String profile, String profileLabel, int version,
               Long mediatorOrganisationId) {

        boolean completed() {
            return "COMPLETED".equals(status);
        }
    }

    /** A recommendation with its adjustment, as stored. Themes are comma-separated codes. */
    record Stored(String kind, String computedValue, String computedThemes, String ruleId, String adjustedValue,
                  String adjustedThemes, String adjustmentReason, String adjustedByName, OffsetDateTime adjustedAt) {

        String effectiveValue() {
            return adjustedValue != null ? adjustedValue : computedValue;
        }

        List<String> effectiveThemes() {
            return themes(adjustedValue != null ? adjustedThemes : computedThemes);
        }

        static List<String> themes(String joined) {
            return joined == null || joined.isBlank() ? List.of() : List.of(joined.split(","));
        }
    }

    record Adjustment(String kind, String adjustedValue, String themes, String reason, String byName, OffsetDateTime adjustedAt) {
    }

    static final String SELECT = """
            SELECT d.id, d.beneficiary_id, d.territory_id, d.referring_organisation_id, d.referential_id,
                   d.mediator_id, u.display_name AS mediator_name, d.status, d.current_step, d.started_at,
                   d.updated_at, d.completed_at, d.profile, d.profile_label, d.version,
                   u.organisation_id AS mediator_organisation_id
            FROM diagnostic d LEFT JOIN user_account_v u ON u.id = d.mediator_id
            """;

    private final JdbcClient jdbc;

    DiagnosticRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Row> find(long id, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql(SELECT + "WHERE d.id = :id AND " + scope.predicate("d")).params(params)
                .query(Row.class).optional();
    }

    /** The person's diagnostics, most recent first. */
    List<Row> forBeneficiary(long beneficiaryId, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("beneficiary", beneficiaryId);
        return jdbc.sql(SELECT + "WHERE d.beneficiary_id = :beneficiary AND " + scope.predicate("d")
                        + " ORDER BY d.started_at DESC, d.id DESC")
                .params(params).query(Row.class).list();
    }

    /** The latest completed diagnostic of a person, without scope: for the public read APIs. */
    Optional<Row> latestCompleted(long beneficiaryId) {
        return jdbc.sql(SELECT + """
                WHERE d.beneficiary_id = :beneficiary AND d.status = 'COMPLETED'
                ORDER BY d.completed_at DESC, d.id DESC LIMIT 1""")
                .param("beneficiary", beneficiaryId).query(Row.class).optional();
    }

    Answers answers(long diagnosticId) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        jdbc.sql("SELECT question_key, answer_value FROM diagnostic_answer WHERE diagnostic_id = :id ORDER BY id")
                .param("id", diagnosticId)
                .query((rs, n) -> values.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)))
                .list();
        return new Answers(values);
    }

    /** Replaces every answer of the diagnostic. */
    void replaceAnswers(long diagnosticId, Answers answers) {
        jdbc.sql("DELETE FROM diagnostic_answer WHERE diagnostic_id = :id").param("id", diagnosticId).update();
        answers.values().forEach((key, values) -> {
            for (String value : values) {
                jdbc.sql("INSERT INTO diagnostic_answer (diagnostic_id, question_key, answer_value) VALUES (:id, :key, :value)")
                        .param("id", diagnosticId).param("key", key).param("value", value).update();
            }
        });
    }

    List<Stored> recommendations(long diagnosticId) {
        return jdbc.sql("""
                SELECT r.kind, r.computed_value, r.computed_themes, r.rule_id, r.adjusted_value, r.adjusted_themes,
                       r.adjustment_reason, u.display_name AS adjusted_by_name, r.adjusted_at
                FROM recommendation r LEFT JOIN user_account_v u ON u.id = r.adjusted_by
                WHERE r.diagnostic_id = :id
                ORDER BY CASE r.kind WHEN 'EQUIPMENT' THEN 1 WHEN 'CONNECTION' THEN 2 WHEN 'TRAINING' THEN 3 ELSE 4 END""")
                .param("id", diagnosticId).query(Stored.class).list();
    }

    List<Adjustment> adjustments(long diagnosticId) {
        return jdbc.sql("""
                SELECT a.kind, a.adjusted_value, a.themes, a.reason, u.display_name AS by_name, a.adjusted_at
                FROM recommendation_adjustment a LEFT JOIN user_account_v u ON u.id = a.adjusted_by
                WHERE a.diagnostic_id = :id ORDER BY a.adjusted_at, a.id""")
                .param("id", diagnosticId).query(Adjustment.class).list();
    }

    /** When the diagnostic's answers were last corrected after its completion; empty if never. */
    Optional<OffsetDateTime> lastCorrectedAt(long diagnosticId) {
        return jdbc.sql("SELECT corrected_at FROM diagnostic_correction WHERE diagnostic_id = :id ORDER BY corrected_at DESC, id DESC")
                .param("id", diagnosticId).query(OffsetDateTime.class).list().stream().findFirst();
    }

    void insertRecommendation(long diagnosticId, RuleEngine.Computed c) {
        jdbc.sql("""
                INSERT INTO recommendation (diagnostic_id, kind, computed_value, computed_themes, rule_id)
                VALUES (:id, :kind, :value, :themes, :rule)""")
                .param("id", diagnosticId).param("kind", c.kind().name()).param("value", c.value())
                .param("themes", c.themes().isEmpty() ? null : String.join(",", c.themes()))
                .param("rule", c.ruleId()).update();
    }
}
