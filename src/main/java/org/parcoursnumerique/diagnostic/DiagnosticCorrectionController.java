package org.parcoursnumerique.diagnostic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.diagnostic.Referential.Section;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The correction form of a completed diagnostic's answers, with its reason: see {@link DiagnosticCorrections}. */
@Controller
class DiagnosticCorrectionController {

    /** The questions of one section of the referential, as on a step. */
    record SectionView(String title, List<DiagnosticController.QuestionView> questions) {
    }

    /** {@code errors}: question key (or {@code reason}) → French message, in the order of the form. */
    record CorrectionPage(DiagnosticRepository.Row diagnostic, String personName, List<SectionView> sections,
                          Map<String, String> errors, boolean newQuestions, boolean unchanged, String reason,
                          Map<String, String> labels) {

        String labelOf(String key) {
            return labels.getOrDefault(key, key);
        }
    }

    private final DiagnosticCorrections corrections;
    private final DiagnosticController diagnostics;
    private final DiagnosticRepository repository;
    private final ReferentialStore referentials;
    private final AuditLog audit;
    private final MessageSource messages;

    DiagnosticCorrectionController(DiagnosticCorrections corrections, DiagnosticController diagnostics,
                                   DiagnosticRepository repository, ReferentialStore referentials, AuditLog audit,
                                   MessageSource messages) {
        this.corrections = corrections;
        this.diagnostics = diagnostics;
        this.repository = repository;
        this.referentials = referentials;
        this.audit = audit;
        this.messages = messages;
    }

    @GetMapping("/diagnostics/{id}/correction")
    String initCorrectionForm(CurrentUser user, @PathVariable long id, Model model) {
        var row = corrections.correctable(user, id);
        Referential referential = referentials.referential(row.referentialId());
        Answers answers = RuleEngine.withoutHidden(referential, repository.answers(id));
        audit.record(user, row.beneficiaryId(), AuditAction.READ, "diagnostic " + id + " correction form");
        model.addAttribute("page", page(row, referential, answers, Map.of(), false, false, ""));
        return "diagnostic/correction";
    }

    @PostMapping("/diagnostics/{id}/correction")
    String processCorrectionForm(CurrentUser user, @PathVariable long id,
                                 @RequestParam(required = false) Integer version,
                                 @RequestParam(required = false) String reason,
                                 @RequestParam(name = "shown", required = false) List<String> shown,
                                 HttpServletRequest request, Model model, RedirectAttributes redirect) {
        var row = corrections.correctable(user, id);
        if (version == null) {
            throw new ConflictException("diagnostic.conflict.stale");
        }
        Referential referential = referentials.referential(row.referentialId());
        String text = Objects.requireNonNullElse(Names.freeText(reason), "");
        Set<String> shownKeys = shown == null ? Set.of() : new HashSet<>(shown);
        Map<String, String> errors = new LinkedHashMap<>();
        if (text.isEmpty()) {
            errors.put("reason", t("diagnostic.correction.reasonRequired"));
        } else if (text.length() > DiagnosticCorrections.REASON_MAX) {
            errors.put("reason", t("diagnostic.correction.reasonTooLong", DiagnosticCorrections.REASON_MAX));
        }
        if (!errors.isEmpty()) {
            // The answers are checked too, so that every problem is told at once; nothing is stored.
            var answersOnly = new LinkedHashMap<String, String>();
            Answers typed = Answers.none();
            for (Section section : referential.sections()) {
                var parsed = StepAnswers.parse(section.questions(), request.getParameterMap());
                for (var e : parsed.values().entrySet()) {
                    typed = typed.with(e.getKey(), e.getValue());
                }
                parsed.problems().forEach(p -> answersOnly.putIfAbsent(p.question(), t(p.key(), p.args())));
            }
            answersOnly.putAll(errors);
            model.addAttribute("page", page(row, referential, typed, answersOnly, false, false,
                    text.length() > 20_000 ? text.substring(0, 20_000) : text));
            return "diagnostic/correction";
        }
        var outcome = corrections.correct(user, id, version, request.getParameterMap(), shownKeys, text);
        if (!outcome.saved()) {
            Map<String, String> messagesByKey = new LinkedHashMap<>();
            outcome.errors().forEach((key, p) -> messagesByKey.put(key, t(p.key(), p.args())));
            var current = repository.find(id, user.dataScope()).orElseThrow();
            model.addAttribute("page", page(current, referential, outcome.shown(), messagesByKey,
                    outcome.newQuestions(), outcome.unchanged(), text));
            return "diagnostic/correction";
        }
        redirect.addFlashAttribute("flash", "diagnostic.corrected");
        return "redirect:/diagnostics/" + id + "#corrections";
    }

    private CorrectionPage page(DiagnosticRepository.Row row, Referential referential, Answers answers,
                                Map<String, String> errors, boolean newQuestions, boolean unchanged, String reason) {
        List<SectionView> sections = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Section section : referential.sections()) {
            List<DiagnosticController.QuestionView> questions = new ArrayList<>();
            for (Question q : section.questions()) {
                questions.add(DiagnosticController.QuestionView.of(q, answers, errors.get(q.key())));
                labels.put(q.key(), DiagnosticController.bare(q.label()));
            }
            sections.add(new SectionView(section.title(), questions));
        }
        labels.put("reason", t("diagnostic.correction.reason"));
        return new CorrectionPage(row, diagnostics.personName(row.beneficiaryId()), sections, errors, newQuestions,
                unchanged, reason, labels);
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
