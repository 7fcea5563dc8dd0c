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

    PathwayPlans(DiagnosticRepository repository) {
        this.repository = repository;
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
