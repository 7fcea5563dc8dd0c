package org.parcoursnumerique.diagnostic;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.diagnostic.Referential.Section;
import org.springframework.stereotype.Service;

/**
 * Read API of completed diagnostics, for the prescriber's summary page, the PDF and the API.
 * Does not check scope nor consent: the caller decides what the reader may see (for example only
 * when the person accepted sharing with their prescriber). Labels of values are the message keys
 * {@code recommendationValue.<KIND>.<VALUE>} and {@code trainingTheme.<THEME>}.
 */
@Service
public class Diagnostics {

    /**
     * One recommendation: the computed value (and themes for training), the mediator's adjustment
     * if any, and the value that counts.
     */
    public record RecommendationSummary(RecommendationKind kind, String computedValue, List<String> computedThemes,
                                        String adjustedValue, List<String> adjustedThemes, String adjustmentReason,
                                        String adjustedBy, OffsetDateTime adjustedAt) {

        public String value() {
            return adjustedValue != null ? adjustedValue : computedValue;
        }

        public List<String> themes() {
            return adjustedValue != null ? adjustedThemes : computedThemes;
        }

        public boolean adjusted() {
            return adjustedValue != null;
        }
    }

    /** A question shown to the person and the labels of their answer (empty when unanswered). */
    public record AnsweredQuestion(String key, String label, List<String> answer, boolean core) {
    }

    public record SectionAnswers(String title, List<AnsweredQuestion> questions) {
    }

    /**
     * A completed diagnostic, ready to be shown. {@code correctedAt}: when its answers were last
     * corrected (null if never); {@code mediatorOrganisationId}: the structure of whoever completed it.
     */
    public record Summary(long diagnosticId, long beneficiaryId, OffsetDateTime startedAt, OffsetDateTime completedAt,
                          String mediatorName, String referentialCode, int referentialVersion, String referentialTitle,
                          String profile, String profileLabel, List<RecommendationSummary> recommendations,
                          List<SectionAnswers> sections, OffsetDateTime correctedAt, Long mediatorOrganisationId) {

        /** Whether the answers were corrected after completion (the profile and plan then are the recomputed ones). */
        public boolean corrected() {
            return correctedAt != null;
        }
    }

    private final DiagnosticRepository repository;
    private final ReferentialStore referentials;
    private final org.springframework.context.MessageSource messages;

    Diagnostics(DiagnosticRepository repository, ReferentialStore referentials,
                org.springframework.context.MessageSource messages) {
        this.repository = repository;
        this.referentials = referentials;
        this.messages = messages;
    }

    /** The person's latest completed diagnostic. */
    public Optional<Summary> summary(long beneficiaryId) {
        return repository.latestCompleted(beneficiaryId).map(this::summary);
    }

    Summary summary(DiagnosticRepository.Row row) {
        Referential referential = referentials.referential(row.referentialId());
        Answers answers = repository.answers(row.id());
        List<RecommendationSummary> recommendations = repository.recommendations(row.id()).stream()
                .map(r -> new RecommendationSummary(RecommendationKind.valueOf(r.kind()), r.computedValue(),
                        DiagnosticRepository.Stored.themes(r.computedThemes()), r.adjustedValue(),
                        DiagnosticRepository.Stored.themes(r.adjustedThemes()), r.adjustmentReason(),
                        r.adjustedByName(), r.adjustedAt()))
                .toList();
        return new Summary(row.id(), row.beneficiaryId(), row.startedAt(), row.completedAt(), row.mediatorName(),
                referential.code(), referential.version(), referential.title(), row.profile(), row.profileLabel(),
                recommendations, answered(referential, answers,
                messages.getMessage(UNKNOWN_LABEL, null, org.parcoursnumerique.shared.PageContext.LOCALE)),
                repository.lastCorrectedAt(row.id()).orElse(null), row.mediatorOrganisationId());
    }

    /** Every question shown to the person (hidden ones left out), section by section, with answer labels. */
    static final String UNKNOWN_LABEL = "diagnostic.scale.unknown";

    static List<SectionAnswers> answered(Referential referential, Answers answers, String unknownLabel) {
        List<SectionAnswers> sections = new ArrayList<>();
        for (Section s : referential.sections()) {
            List<AnsweredQuestion> questions = new ArrayList<>();
            for (Question q : s.questions()) {
                if (RuleEngine.visible(q, answers)) {
                    questions.add(new AnsweredQuestion(q.key(), q.label(), labels(q, answers.get(q.key()), unknownLabel),
                            q.core()));
                }
            }
            sections.add(new SectionAnswers(s.title(), questions));
        }
        return sections;
    }

    static List<String> labels(Question q, List<String> values, String unknownLabel) {
        if (q.type().hasOptions()) {
            return values.stream().map(v -> q.option(v).map(Referential.Option::label).orElse(v)).toList();
        }
        if (q.type() == QuestionType.SCALE && !values.isEmpty() && StepAnswers.UNKNOWN.equals(values.get(0))) {
            return List.of(unknownLabel);
        }
        if (q.type() == QuestionType.SCALE && !values.isEmpty()) {
            return List.of(values.get(0) + " / " + q.scale().max());
        }
        if (q.type() == QuestionType.NUMBER && !values.isEmpty() && q.number() != null && q.number().unit() != null) {
            return List.of(values.get(0) + " " + q.number().unit());
        }
        if (q.type() == QuestionType.DATE && !values.isEmpty()) {
            var d = java.time.LocalDate.parse(values.get(0));
            return List.of(d.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")));
        }
        return values;
    }
}
