package org.parcoursnumerique.diagnostic;

import static org.parcoursnumerique.shared.PersonDataPart.row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The diagnostic module's part of the person's data: each diagnostic with its answers, profile,
 * recommendations, the mediator's adjustments and the corrections (ADR 0019). The erasure removes
 * the free answers (questions of type text, in the answers and in the corrections' history) and
 * the reasons written by staff; the choices, scales, profile and recommendations stay, which the
 * indicators and the study count (ADR 0020).
 */
@Component
class DiagnosticData implements PersonDataContributor {

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final JdbcClient jdbc;
    private final DiagnosticRepository repository;
    private final ReferentialStore referentials;
    private final DiagnosticCorrections corrections;
    private final MessageSource messages;

    DiagnosticData(JdbcClient jdbc, DiagnosticRepository repository, ReferentialStore referentials,
                   DiagnosticCorrections corrections, MessageSource messages) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.referentials = referentials;
        this.corrections = corrections;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "diagnostic";
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<PersonDataPart.Block> blocks = new ArrayList<>();
        String unknown = t(Diagnostics.UNKNOWN_LABEL);
        List<DiagnosticRepository.Row> rows = new ArrayList<>(repository.forBeneficiary(beneficiaryId, DataScope.all()));
        java.util.Collections.reverse(rows);
        for (var d : rows) {
            Referential referential = referentials.referential(d.referentialId());
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put(t("personData.diagnostic.startedAt"), d.startedAt());
            facts.put(t("personData.diagnostic.status"), t("personData.diagnostic.status." + d.status()));
            facts.put(t("personData.diagnostic.completedAt"), d.completedAt());
            facts.put(t("personData.diagnostic.mediator"), d.mediatorName());
            facts.put(t("personData.diagnostic.questionnaire"), referential.title() + " (" + referential.version() + ")");
            facts.put(t("personData.diagnostic.profile"), d.profileLabel());
            String heading = t("personData.diagnostic.heading",
                    org.parcoursnumerique.shared.French.date(d.startedAt().atZoneSameInstant(PageContext.ZONE).toLocalDate()));
            blocks.add(PersonDataPart.facts(heading, facts));

            List<List<Object>> answers = new ArrayList<>();
            for (var section : Diagnostics.answered(referential, repository.answers(d.id()), unknown)) {
                for (var q : section.questions()) {
                    if (!q.answer().isEmpty()) {
                        answers.add(row(section.title(), q.label(), String.join(" ; ", q.answer())));
                    }
                }
            }
            blocks.add(PersonDataPart.table(t("personData.diagnostic.answers"),
                    List.of(t("personData.diagnostic.section"), t("personData.diagnostic.question"),
                            t("personData.diagnostic.answer")), answers, t("personData.none")));

            List<List<Object>> recommendations = repository.recommendations(d.id()).stream()
                    .map(r -> row(t("recommendationKind." + r.kind()), value(r.kind(), r.computedValue(), r.computedThemes()),
                            r.adjustedValue() == null ? null : value(r.kind(), r.adjustedValue(), r.adjustedThemes()),
                            r.adjustmentReason(), r.adjustedByName(), r.adjustedAt()))
                    .toList();
            blocks.add(PersonDataPart.table(t("personData.diagnostic.recommendations"),
                    List.of(t("personData.diagnostic.kind"), t("personData.diagnostic.computed"),
                            t("personData.diagnostic.adjusted"), t("personData.diagnostic.reason"),
                            t("personData.diagnostic.by"), t("personData.diagnostic.date")),
                    recommendations, t("personData.none")));

            List<List<Object>> adjustments = repository.adjustments(d.id()).stream()
                    .map(a -> row(a.adjustedAt(), t("recommendationKind." + a.kind()),
                            value(a.kind(), a.adjustedValue(), a.themes()), a.reason(), a.byName()))
                    .toList();
            if (!adjustments.isEmpty()) {
                blocks.add(PersonDataPart.table(t("personData.diagnostic.adjustments"),
                        List.of(t("personData.diagnostic.date"), t("personData.diagnostic.kind"),
                                t("personData.diagnostic.adjusted"), t("personData.diagnostic.reason"),
                                t("personData.diagnostic.by")), adjustments, t("personData.none")));
            }
            var questions = referential.questionsByKey();
            List<List<Object>> fixes = corrections.corrections(d.id()).stream()
                    .map(c -> row(c.correctedAt(), c.byName(), c.reason(), c.changes().stream()
                            .map(ch -> questions.containsKey(ch.question()) ? questions.get(ch.question()).label() : ch.question())
                            .collect(Collectors.joining(" ; ")), c.previousProfileLabel(), c.profileLabel()))
                    .toList();
            if (!fixes.isEmpty()) {
                blocks.add(PersonDataPart.table(t("personData.diagnostic.corrections"),
                        List.of(t("personData.diagnostic.date"), t("personData.diagnostic.by"),
                                t("personData.diagnostic.reason"), t("personData.diagnostic.changedQuestions"),
                                t("personData.diagnostic.profileBefore"), t("personData.diagnostic.profileAfter")),
                        fixes, t("personData.none")));
            }
        }
        if (rows.isEmpty()) {
            blocks.add(PersonDataPart.table(null, List.of(t("personData.diagnostic.answers")), List.of(),
                    t("personData.diagnostic.none")));
        }
        return new PersonDataPart(t("personData.diagnostic.title"), t("personData.diagnostic.intro"), blocks);
    }

    private String value(String kind, String value, String themes) {
        String label = t("recommendationValue." + kind + "." + value);
        var list = DiagnosticRepository.Stored.themes(themes);
        if (list.isEmpty()) {
            return label;
        }
        return label + " (" + list.stream().map(th -> t("trainingTheme." + th)).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(d.updated_at) FROM diagnostic d WHERE d.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        List<long[]> diagnostics = jdbc.sql("SELECT id, referential_id FROM diagnostic WHERE beneficiary_id IN (:ids)")
                .param("ids", beneficiaryIds).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        for (long[] d : diagnostics) {
            Set<String> free = referentials.referential(d[1]).questions().stream()
                    .filter(q -> q.type() == QuestionType.TEXT).map(Referential.Question::key)
                    .collect(Collectors.toSet());
            if (!free.isEmpty()) {
                jdbc.sql("DELETE FROM diagnostic_answer WHERE diagnostic_id = :d AND question_key IN (:keys)")
                        .param("d", d[0]).param("keys", free).update();
            }
            jdbc.sql("SELECT id, changes FROM diagnostic_correction WHERE diagnostic_id = :d").param("d", d[0])
                    .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).list()
                    .forEach(c -> jdbc.sql("UPDATE diagnostic_correction SET reason = '', changes = :changes WHERE id = :id")
                            .param("changes", withoutFreeAnswers((String) c[1], free)).param("id", c[0]).update());
        }
        jdbc.sql("""
                UPDATE recommendation SET adjustment_reason = NULL
                WHERE adjustment_reason IS NOT NULL
                  AND diagnostic_id IN (SELECT d.id FROM diagnostic d WHERE d.beneficiary_id IN (:ids))""")
                .param("ids", beneficiaryIds).update();
        jdbc.sql("""
                UPDATE recommendation_adjustment SET reason = ''
                WHERE diagnostic_id IN (SELECT d.id FROM diagnostic d WHERE d.beneficiary_id IN (:ids))""")
                .param("ids", beneficiaryIds).update();
    }

    /** The corrections' changes with the values of free-text questions emptied (which question changed stays). */
    static String withoutFreeAnswers(String changes, Set<String> free) {
        List<DiagnosticCorrections.Change> list = JSON.readValue(changes,
                new TypeReference<List<DiagnosticCorrections.Change>>() { });
        return JSON.writeValueAsString(list.stream()
                .map(c -> free.contains(c.question()) ? new DiagnosticCorrections.Change(c.question(), List.of(), List.of()) : c)
                .toList());
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
