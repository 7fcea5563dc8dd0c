package org.parcoursnumerique.diagnostic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * The questionnaire engine offered to other modules: the **common core** of a person's diagnostic
 * referential (its questions marked {@code core}), rendered as the same form fields as the diagnostic
 * (including the « je ne connais pas » answer and the follow-up questions shown by
 * {@code /assets/diagnostic.js}), checked by the same rules (formats, required questions shown by
 * their {@code showIf}), and the person's answers at the diagnostic for a before/after comparison.
 * The follow-ups at 3 and 6 months re-ask the common core with it, so that answers compare
 * question by question. Callers have found the person in their user's scope.
 */
@Service
public class CommonCore {

    /** The values kept by question key, and the French message of each refused question. */
    public record Checked(Map<String, List<String>> answers, Map<String, String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** One core question as a comparison table shows it. */
    public record CoreQuestion(String key, String label, String sectionTitle) {
    }

    private final DiagnosticRepository repository;
    private final ReferentialStore referentials;
    private final Fragments fragments;
    private final MessageSource messages;

    CommonCore(DiagnosticRepository repository, ReferentialStore referentials, Fragments fragments,
               MessageSource messages) {
        this.repository = repository;
        this.referentials = referentials;
        this.fragments = fragments;
        this.messages = messages;
    }

    /** The referential of the person's latest completed diagnostic, whose common core is asked again. */
    public Optional<Long> referentialOf(long beneficiaryId) {
        return repository.latestCompleted(beneficiaryId).map(DiagnosticRepository.Row::referentialId);
    }

    /** The core questions of a referential, in the diagnostic's order. */
    public List<CoreQuestion> questions(long referentialId) {
        List<CoreQuestion> list = new ArrayList<>();
        for (var section : referentials.referential(referentialId).sections()) {
            for (Question q : section.questions()) {
                if (q.core()) {
                    list.add(new CoreQuestion(q.key(), q.label(), section.title()));
                }
            }
        }
        return list;
    }

    /**
     * The form fields of the core questions, filled with {@code values}, with {@code errors} (French
     * messages by question key) next to their question. Parameters are named {@code q_<key>}, as
     * {@link #check} reads them; escaped by the templates, to insert as is.
     */
    public String renderFields(PageContext ctx, long referentialId, Map<String, List<String>> values,
                               Map<String, String> errors) {
        Answers answers = new Answers(values == null ? Map.of() : values);
        StringBuilder html = new StringBuilder();
        for (Question q : core(referentialId)) {
            var view = DiagnosticController.QuestionView.of(q, answers, errors == null ? null : errors.get(q.key()));
            html.append(fragments.render("diagnostic/question", Map.of("ctx", ctx, "qv", view)));
        }
        return html.toString();
    }

    /**
     * Reads and checks the submitted core answers: formats as in the diagnostic, then every required
     * question that the answers show must be answered. Answers of questions hidden by the others are
     * dropped.
     */
    public Checked check(long referentialId, Map<String, String[]> params) {
        List<Question> questions = core(referentialId);
        var parsed = StepAnswers.parse(questions, params);
        Map<String, String> errors = new LinkedHashMap<>();
        for (var p : parsed.problems()) {
            errors.putIfAbsent(p.question(), messages.getMessage(p.key(), p.args(), PageContext.LOCALE));
        }
        Answers answers = new Answers(new LinkedHashMap<>(parsed.values()));
        Map<String, List<String>> kept = new LinkedHashMap<>();
        for (Question q : questions) {
            boolean shown = RuleEngine.visible(q, answers);
            if (shown && answers.answered(q.key())) {
                kept.put(q.key(), answers.get(q.key()));
            } else if (shown && q.required() && !errors.containsKey(q.key())) {
                errors.put(q.key(), messages.getMessage("diagnostic.error.required", null, PageContext.LOCALE));
            }
        }
        return new Checked(kept, errors);
    }

    /** The person's core answers at their latest completed diagnostic (the "before"), by question key. */
    public Map<String, List<String>> diagnosticAnswers(long beneficiaryId) {
        return repository.latestCompleted(beneficiaryId).map(row -> {
            var all = repository.answers(row.id());
            Map<String, List<String>> core = new LinkedHashMap<>();
            for (Question q : core(row.referentialId())) {
                if (all.answered(q.key())) {
                    core.put(q.key(), all.get(q.key()));
                }
            }
            return core;
        }).orElse(Map.of());
    }

    /** An answer as people read it: the option's label, a scale point, « je ne connais pas ». */
    public String label(long referentialId, String questionKey, List<String> values) {
        if (values == null || values.isEmpty()) {
            return "";
        }
        Question q = core(referentialId).stream().filter(x -> x.key().equals(questionKey)).findFirst().orElse(null);
        List<String> labels = new ArrayList<>();
        for (String v : values) {
            if (StepAnswers.UNKNOWN.equals(v)) {
                labels.add(messages.getMessage("diagnostic.scale.unknown", null, v, PageContext.LOCALE));
            } else if (q != null && q.options() != null) {
                labels.add(q.option(v).map(Referential.Option::label).orElse(v));
            } else if (q != null && q.scale() != null) {
                labels.add(v + " / " + q.scale().max());
            } else {
                labels.add(v);
            }
        }
        return String.join(", ", labels);
    }

    /**
     * The core questions answered from a closed list (choices, scales): their answers are codes that
     * may leave the platform in the study dataset; numbers, dates and texts never do.
     */
    public java.util.Set<String> closedKeys(long referentialId) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Question q : core(referentialId)) {
            if (q.type().hasOptions() || q.type() == QuestionType.SCALE) {
                keys.add(q.key());
            }
        }
        return keys;
    }

    private List<Question> core(long referentialId) {
        return referentials.referential(referentialId).questions().stream().filter(Question::core).toList();
    }
}
