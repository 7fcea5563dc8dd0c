package org.parcoursnumerique.diagnostic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.diagnostic.Referential.Section;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The step-by-step capture of a diagnostic, its review, completion and result page. */
@Controller
class DiagnosticController {

    /** A question on a step page with its current values and its error (resolved French text). */
    record QuestionView(Question question, List<String> values, String error, boolean visible, String showIf) {

        /** A question to show, with its condition (JSON) for the page's script when it has one. */
        static QuestionView of(Question question, Answers answers, String error) {
            return new QuestionView(question, answers.get(question.key()), error, RuleEngine.visible(question, answers),
                    question.showIf() == null ? null : ReferentialJson.compact(question.showIf()));
        }

        boolean has(String value) {
            return values.contains(value);
        }

        String first() {
            return values.isEmpty() ? "" : values.get(0);
        }

        /** Ids of the hint and error, for aria-describedby. */
        String describedBy() {
            // A scale's end labels ("Je ne sais pas faire" … "Je sais très bien faire") give its numbers their meaning.
            String d = (question.hint() != null ? "q_" + question.key() + "-hint " : "")
                    + (question.type() == QuestionType.SCALE ? "q_" + question.key() + "-scale " : "")
                    + (error != null ? "q_" + question.key() + "-error" : "");
            d = d.strip();
            return d.isEmpty() ? null : d;
        }

        /** The scale's lower end as « 0 : je ne sais pas faire », without repeating a number the label already gives. */
        String scaleMinLabel() {
            return scaleEnd(question.scale().min(), question.scale().minLabel());
        }

        String scaleMaxLabel() {
            return scaleEnd(question.scale().max(), question.scale().maxLabel());
        }

        List<Integer> scalePoints() {
            List<Integer> points = new ArrayList<>();
            for (int i = question.scale().min(); i <= question.scale().max(); i++) {
                points.add(i);
            }
            return points;
        }
    }

    /**
     * « 0 : je ne sais pas faire » from the point and its label, whether the referential's label
     * already starts with the number (with the 0) or not (the words only):
     * published referentials are immutable, so the page must not double it. French typography: a
     * non-breaking space before the colon.
     */
    static String scaleEnd(int point, String label) {
        if (label == null || label.isBlank()) {
            return String.valueOf(point);
        }
        String text = label.strip().replaceFirst("^" + point + "\\s*[:\\-\u2013\u2014]\\s*", "");
        return point + "\u00a0: " + text;
    }

    /** A question's label before a colon of ours: without its own trailing colon (« …, vous diriez : »). */
    static String bare(String label) {
        return label == null ? "" : label.replaceFirst("[\\s\u00a0]*:[\\s\u00a0]*$", "");
    }

    /** {@code fromReview}: opened from the review's "Modifier" link, so "Suivant" goes back to the review. */
    record StepPage(DiagnosticRepository.Row diagnostic, String personName, int step, int steps, Section section,
                    List<QuestionView> questions, Map<String, String> errors, boolean newQuestions, boolean fromReview,
                    String otherAnswers) {

        /** The label of the question of an error, so that the error summary says which question it is about. */
        String labelOf(String key) {
            return questions.stream().filter(q -> q.question().key().equals(key)).map(q -> bare(q.question().label()))
                    .findFirst().orElse(key);
        }
    }

    record ReviewPage(DiagnosticRepository.Row diagnostic, String personName, Referential referential,
                      List<Diagnostics.SectionAnswers> sections, List<Question> missing) {

        int stepOf(String key) {
            return referential.stepOf(key);
        }
    }

    record ResultPage(DiagnosticRepository.Row diagnostic, String personName, Referential referential,
                      Referential.ProfileLevel profile, List<DiagnosticRepository.Stored> recommendations,
                      List<DiagnosticRepository.Adjustment> adjustments, List<Diagnostics.SectionAnswers> sections,
                      boolean canAdjust, Map<String, String> errors, Adjusting adjusting,
                      List<DiagnosticCorrections.Correction> corrections) {

        String labelOf(String questionKey) {
            var q = referential.questionsByKey().get(questionKey);
            return q == null ? questionKey : bare(q.label());
        }

        /** The labels of stored answer values; {@code none} when there is none. */
        String answerText(String questionKey, List<String> values, String unknown, String none) {
            var q = referential.questionsByKey().get(questionKey);
            if (values.isEmpty() || q == null) {
                return values.isEmpty() ? none : String.join(", ", values);
            }
            return String.join(", ", Diagnostics.labels(q, values, unknown));
        }

        /** What the mediator typed in the adjustment form of {@code kind} that was refused, to show it again. */
        Adjusting typed(RecommendationKind kind) {
            return adjusting != null && adjusting.kind() == kind ? adjusting : null;
        }
    }

    record Adjusting(RecommendationKind kind, String value, List<String> themes, String reason) {
    }

    static final int REASON_MAX = 2000;

    private final DiagnosticCapture capture;
    private final DiagnosticRepository repository;
    private final ReferentialStore referentials;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final DiagnosticCorrections corrections;

    DiagnosticController(DiagnosticCapture capture, DiagnosticRepository repository, ReferentialStore referentials,
                         AuditLog audit, JdbcClient jdbc, MessageSource messages, DiagnosticCorrections corrections) {
        this.corrections = corrections;
        this.capture = capture;
        this.repository = repository;
        this.referentials = referentials;
        this.audit = audit;
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @PostMapping("/beneficiaries/{id}/diagnostics")
    String processStart(CurrentUser user, @PathVariable long id) {
        long diagnosticId = capture.start(user, id);
        var row = repository.find(diagnosticId, user.dataScope()).orElseThrow(NotFoundException::new);
        return "redirect:" + resumeUrl(row, referentials.referential(row.referentialId()));
    }

    static String resumeUrl(DiagnosticRepository.Row row, Referential referential) {
        if (row.completed()) {
            return "/diagnostics/" + row.id();
        }
        return row.currentStep() > referential.sections().size() ? "/diagnostics/" + row.id() + "/review"
                : "/diagnostics/" + row.id() + "/steps/" + row.currentStep();
    }

    @GetMapping("/diagnostics/{id}/steps/{step}")
    String initStepForm(CurrentUser user, @PathVariable long id, @PathVariable int step,
                        @RequestParam(required = false) String from, Model model) {
        capturersOnly(user);
        var row = capture.inScope(user, id);
        if (row.completed()) {
            return "redirect:/diagnostics/" + id;
        }
        Referential referential = referentials.referential(row.referentialId());
        if (step < 1 || step > referential.sections().size()) {
            throw new NotFoundException();
        }
        Answers answers = repository.answers(id);
        audit.record(user, row.beneficiaryId(), AuditAction.READ, "diagnostic " + id + " step " + step);
        model.addAttribute("page", stepPage(row, referential, step, answers, Map.of(), false, "review".equals(from)));
        return "diagnostic/step";
    }

    @PostMapping("/diagnostics/{id}/steps/{step}")
    String processStepForm(CurrentUser user, @PathVariable long id, @PathVariable int step,
                           @RequestParam(required = false) Integer version,
                           @RequestParam(required = false) String action,
                           @RequestParam(name = "shown", required = false) List<String> shown,
                           @RequestParam(required = false) String from,
                           HttpServletRequest request, Model model, RedirectAttributes redirect) {
        capturersOnly(user);
        DiagnosticCapture.Move move = switch (action == null ? "" : action) {
            case "save" -> DiagnosticCapture.Move.SAVE;
            case "previous" -> DiagnosticCapture.Move.PREVIOUS;
            default -> DiagnosticCapture.Move.NEXT;
        };
        var row = capture.inScope(user, id);
        if (row.completed()) {
            throw new org.parcoursnumerique.shared.ConflictException("diagnostic.conflict.completed");
        }
        if (version == null) {
            throw new org.parcoursnumerique.shared.ConflictException("diagnostic.conflict.stale");
        }
        Set<String> shownKeys = shown == null ? Set.of() : new HashSet<>(shown);
        var outcome = capture.saveStep(user, id, step, version, move, request.getParameterMap(), shownKeys);
        if (outcome.goTo() == 0) {
            Map<String, String> errors = new LinkedHashMap<>();
            outcome.errors().forEach((key, p) -> errors.put(key, messages.getMessage(p.key(), p.args(), PageContext.LOCALE)));
            var current = repository.find(id, user.dataScope()).orElseThrow(NotFoundException::new);
            model.addAttribute("page", stepPage(current, referentials.referential(current.referentialId()), step,
                    outcome.shown(), errors, outcome.newQuestions(), "review".equals(from)));
            return "diagnostic/step";
        }
        if (move == DiagnosticCapture.Move.SAVE) {
            redirect.addFlashAttribute("flash", "diagnostic.saved");
            return "redirect:/beneficiaries/" + row.beneficiaryId();
        }
        int steps = referentials.referential(row.referentialId()).sections().size();
        if (move == DiagnosticCapture.Move.NEXT && "review".equals(from)) {
            return "redirect:/diagnostics/" + id + "/review";
        }
        return outcome.goTo() > steps ? "redirect:/diagnostics/" + id + "/review"
                : "redirect:/diagnostics/" + id + "/steps/" + outcome.goTo();
    }

    private StepPage stepPage(DiagnosticRepository.Row row, Referential referential, int step, Answers answers,
                              Map<String, String> errors, boolean newQuestions, boolean fromReview) {
        Section section = referential.sections().get(step - 1);
        // Visibility is decided on the saved answers (and those being corrected), server-side. Hidden
        // follow-up questions are on the page too, hidden, for the script that shows them at once.
        List<QuestionView> questions = new ArrayList<>();
        for (Question q : section.questions()) {
            questions.add(QuestionView.of(q, answers, errors.get(q.key())));
        }
        return new StepPage(row, personName(row.beneficiaryId()), step, referential.sections().size(), section,
                questions, errors, newQuestions, fromReview, conditionAnswers(section.questions(), answers));
    }

    /**
     * The answers of other steps that the conditions of {@code questions} read, as JSON for the
     * page's script (only those: the page carries no more of the person's answers than it needs).
     */
    static String conditionAnswers(List<Question> questions, Answers answers) {
        Set<String> own = new HashSet<>();
        questions.forEach(q -> own.add(q.key()));
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (Question q : questions) {
            for (String key : RuleEngine.subjects(q.showIf())) {
                if (!own.contains(key) && answers.answered(key)) {
                    read.put(key, answers.get(key));
                }
            }
        }
        return ReferentialJson.compact(read);
    }

    @GetMapping("/diagnostics/{id}/review")
    String showReview(CurrentUser user, @PathVariable long id, Model model) {
        capturersOnly(user);
        var row = capture.inScope(user, id);
        if (row.completed()) {
            return "redirect:/diagnostics/" + id;
        }
        Referential referential = referentials.referential(row.referentialId());
        Answers answers = RuleEngine.withoutHidden(referential, repository.answers(id));
        audit.record(user, row.beneficiaryId(), AuditAction.READ, "diagnostic " + id + " review");
        model.addAttribute("page", new ReviewPage(row, personName(row.beneficiaryId()), referential,
                Diagnostics.answered(referential, answers, t(Diagnostics.UNKNOWN_LABEL)), RuleEngine.missingRequired(referential, answers)));
        return "diagnostic/review";
    }

    @PostMapping("/diagnostics/{id}/complete")
    String processCompletion(CurrentUser user, @PathVariable long id, @RequestParam(required = false) Integer version,
                             RedirectAttributes redirect) {
        capturersOnly(user);
        if (version == null) {
            capture.inScope(user, id);
            throw new org.parcoursnumerique.shared.ConflictException("diagnostic.conflict.stale");
        }
        capture.complete(user, id, version);
        redirect.addFlashAttribute("flash", "diagnostic.completed");
        return "redirect:/diagnostics/" + id;
    }

    @GetMapping("/diagnostics/{id}")
    String showResult(CurrentUser user, @PathVariable long id, Model model) {
        if (!user.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR)) {
            throw new NotFoundException();
        }
        var row = capture.inScope(user, id);
        Referential referential = referentials.referential(row.referentialId());
        if (!row.completed() && DiagnosticCapture.captures(user)) {
            return "redirect:" + resumeUrl(row, referential);
        }
        audit.record(user, row.beneficiaryId(), AuditAction.READ, "diagnostic " + id);
        model.addAttribute("page", resultPage(user, row, referential, Map.of(), null));
        return "diagnostic/show";
    }

    private ResultPage resultPage(CurrentUser user, DiagnosticRepository.Row row, Referential referential,
                                  Map<String, String> errors, Adjusting adjusting) {
        Answers answers = RuleEngine.withoutHidden(referential, repository.answers(row.id()));
        Referential.ProfileLevel profile = referential.profile() == null ? null : referential.profile().levels()
                .stream().filter(l -> l.key().equals(row.profile())).findFirst().orElse(null);
        return new ResultPage(row, personName(row.beneficiaryId()), referential, profile,
                repository.recommendations(row.id()), repository.adjustments(row.id()),
                Diagnostics.answered(referential, answers, t(Diagnostics.UNKNOWN_LABEL)), row.completed() && DiagnosticCapture.captures(user), errors,
                adjusting, corrections.corrections(row.id()));
    }

    @PostMapping("/diagnostics/{id}/recommendations/{kind}")
    String processAdjustment(CurrentUser user, @PathVariable long id, @PathVariable String kind,
                             @RequestParam(required = false) String value,
                             @RequestParam(name = "themes", required = false) List<String> themes,
                             @RequestParam(required = false) String reason, Model model, RedirectAttributes redirect) {
        capturersOnly(user);
        RecommendationKind k = java.util.Arrays.stream(RecommendationKind.values()).filter(x -> x.name().equals(kind))
                .findFirst().orElseThrow(NotFoundException::new);
        var row = capture.inScope(user, id);
        Map<String, String> errors = new LinkedHashMap<>();
        String text = java.util.Objects.requireNonNullElse(org.parcoursnumerique.shared.Names.freeText(reason), "");
        if (!k.accepts(value)) {
            errors.put(k.name() + "-value", t("diagnostic.adjust.valueInvalid"));
        }
        List<String> picked = new ArrayList<>();
        if (themes != null) {
            for (String theme : themes) {
                if (k != RecommendationKind.TRAINING || java.util.Arrays.stream(TrainingTheme.values())
                        .noneMatch(x -> x.name().equals(theme))) {
                    errors.put(k.name() + "-themes", t("diagnostic.adjust.themeInvalid"));
                } else if (!picked.contains(theme)) {
                    picked.add(theme);
                }
            }
        }
        if (text.isEmpty()) {
            errors.put(k.name() + "-reason", t("diagnostic.adjust.reasonRequired"));
        } else if (text.length() > REASON_MAX) {
            errors.put(k.name() + "-reason", t("diagnostic.adjust.reasonTooLong", REASON_MAX));
        }
        if (!errors.isEmpty()) {
            model.addAttribute("page", resultPage(user, row, referentials.referential(row.referentialId()), errors,
                    new Adjusting(k, value, picked, text)));
            return "diagnostic/show";
        }
        List<String> ordered = java.util.Arrays.stream(TrainingTheme.values()).map(Enum::name).filter(picked::contains).toList();
        capture.adjust(user, id, k, value, ordered, text);
        redirect.addFlashAttribute("flash", "diagnostic.adjusted");
        return "redirect:/diagnostics/" + id + "#recommendation-" + k.name();
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }

    String personName(long beneficiaryId) {
        return jdbc.sql("SELECT last_name || ' ' || first_name FROM beneficiary_v WHERE id = :id")
                .param("id", beneficiaryId).query(String.class).single();
    }

    private static void capturersOnly(CurrentUser user) {
        if (!DiagnosticCapture.captures(user)) {
            throw new NotFoundException();
        }
    }
}
