package org.parcoursnumerique.diagnostic;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * The person's pathway plan: the recommendations of their latest completed diagnostic, as
 * adjusted by the mediator (else as computed). Later stages (equipment, connection, training,
 * certification) read it. Does not check the caller's scope: callers have found the person in
 * their scope first.
 */
@Service
public class PathwayPlans {

    /**
     * @param trainingThemes codes of {@link TrainingTheme}, in that enum's order
     * @param profile        key of the referential's profile level, {@code profileLabel} its French label
     */
    public record PathwayPlan(long diagnosticId, long beneficiaryId, OffsetDateTime completedAt, EquipmentType equipment,
                              boolean connection, TrainingLevel trainingLevel, List<TrainingTheme> trainingThemes,
                              CertificationFit certification, String profile, String profileLabel) {

        public boolean needsEquipment() {
            return equipment != EquipmentType.NONE;
        }

        public boolean needsTraining() {
            return trainingLevel != TrainingLevel.NONE || !trainingThemes.isEmpty();
        }

        public boolean needsCertification() {
            return certification != CertificationFit.NONE;
        }
    }

    private final DiagnosticRepository repository;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    PathwayPlans(DiagnosticRepository repository, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.repository = repository;
        this.jdbc = jdbc;
    }

    /** A person whose plan recommends a device, as batch work needs it (no names). */
    public record EquipmentRecommended(long beneficiaryId, long territoryId, long referringOrganisationId,
                                       EquipmentType equipment, OffsetDateTime completedAt) {
    }

    /**
     * The people whose latest completed diagnostic recommends a device (adjusted, else computed), by
     * id after {@code afterBeneficiaryId}, at most {@code limit}: for platform work over every person
     * (the equipment stage's demo data and backfill), never for a user's page (no scope applies).
     */
    public List<EquipmentRecommended> equipmentRecommended(long afterBeneficiaryId, int limit) {
        return jdbc.sql("""
                SELECT d.beneficiary_id, d.territory_id, d.referring_organisation_id,
                       COALESCE(r.adjusted_value, r.computed_value) AS equipment, d.completed_at
                FROM diagnostic d JOIN recommendation r ON r.diagnostic_id = d.id AND r.kind = 'EQUIPMENT'
                WHERE d.beneficiary_id > :after AND d.status = 'COMPLETED'
                  AND COALESCE(r.adjusted_value, r.computed_value) <> 'NONE'
                  AND NOT EXISTS (SELECT 1 FROM diagnostic l WHERE l.beneficiary_id = d.beneficiary_id
                                  AND l.status = 'COMPLETED' AND (l.completed_at > d.completed_at
                                       OR (l.completed_at = d.completed_at AND l.id > d.id)))
                ORDER BY d.beneficiary_id LIMIT :limit""")
                .param("after", afterBeneficiaryId).param("limit", limit)
                .query((rs, n) -> new EquipmentRecommended(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        EquipmentType.valueOf(rs.getString(4)), rs.getObject(5, OffsetDateTime.class)))
                .list();
    }

    /** The plan of the person's latest completed diagnostic; empty before their first one. */
    public Optional<PathwayPlan> forBeneficiary(long beneficiaryId) {
        return repository.latestCompleted(beneficiaryId).map(this::plan);
    }

    PathwayPlan plan(DiagnosticRepository.Row row) {
        EquipmentType equipment = EquipmentType.NONE;
        boolean connection = false;
        TrainingLevel level = TrainingLevel.NONE;
        List<TrainingTheme> themes = List.of();
        CertificationFit certification = CertificationFit.NONE;
        for (var r : repository.recommendations(row.id())) {
            switch (RecommendationKind.valueOf(r.kind())) {
                case EQUIPMENT -> equipment = EquipmentType.valueOf(r.effectiveValue());
                case CONNECTION -> connection = ConnectionNeed.valueOf(r.effectiveValue()) == ConnectionNeed.YES;
                case TRAINING -> {
                    level = TrainingLevel.valueOf(r.effectiveValue());
                    themes = r.effectiveThemes().stream().map(TrainingTheme::valueOf).sorted().toList();
                }
                case CERTIFICATION -> certification = CertificationFit.valueOf(r.effectiveValue());
            }
        }
        return new PathwayPlan(row.id(), row.beneficiaryId(), row.completedAt(), equipment, connection, level, themes,
                certification, row.profile(), row.profileLabel());
    }
}
