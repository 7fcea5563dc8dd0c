package org.parcoursnumerique.referral;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The prescriber's side: refer a person, follow each referral, answer questions, withdraw. */
@Controller
class ReferralController {

    /** The web form, as typed; {@link ReferralRules} does the checking. */
    record ReferralForm(String lastName, String firstName, String birthDate, String commune,
                        String eligibilityCategory, String rsaSituation, String aseDistrict, String phone,
                        String email, String preferredChannel, String needs, Boolean consent,
                        Boolean shareWithPrescriber, Boolean evaluationStudy) {

        static ReferralForm empty() {
            return new ReferralForm("", "", "", "", null, null, null, "", "", null, "", false, true, false);
        }
    }

    static final List<String> ALL_STATUSES = List.of("SUBMITTED", "INFO_REQUESTED", "ACCEPTED", "REFUSED", "WITHDRAWN");

    private final Referrals referrals;
    private final ReferralQueries queries;
    private final Programmes programmes;
    private final AuditLog audit;
    private final Clock clock;
    private final DuplicateDetector duplicates;

    ReferralController(Referrals referrals, ReferralQueries queries, Programmes programmes, AuditLog audit,
                       Clock clock, DuplicateDetector duplicates) {
        this.referrals = referrals;
        this.queries = queries;
        this.programmes = programmes;
        this.audit = audit;
        this.clock = clock;
        this.duplicates = duplicates;
    }

    @GetMapping("/referrals")
    String showReferrals(CurrentUser user, @RequestParam(required = false) String status, Model model) {
        boolean known = status != null && ALL_STATUSES.contains(status);
        List<String> statuses = known ? List.of(status) : ALL_STATUSES;
        var rows = queries.list(user.dataScope(), statuses, 200);
        audit.record(user, null, AuditAction.LIST, "referrals" + (status == null ? "" : " status=" + status));
        model.addAttribute("rows", rows);
        model.addAttribute("status", known ? status : "");
        model.addAttribute("statuses", ALL_STATUSES);
        return "referral/list";
    }

    @GetMapping("/referrals/new")
    String initReferralForm(CurrentUser user, Model model) {
        prescriberOnly(user);
        return form(model, ReferralForm.empty(), FormErrors.none());
    }

    private String form(Model model, ReferralForm form, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("categories", programmes.eligibilityCategories());
        model.addAttribute("communes", programmes.communes().stream().filter(c -> c.mergedInto() == null).toList());
        model.addAttribute("districts", programmes.aseDistricts());
        model.addAttribute("rsaSituations", List.of("IN_TRAINING", "ENTREPRENEURSHIP", "EQUIPMENT_FOR_INSERTION"));
        model.addAttribute("channels", List.of("SMS", "EMAIL", "PHONE", "POST"));
        model.addAttribute("noticeVersion", Referrals.NOTICE_VERSION);
        return "referral/new";
    }

    @PostMapping("/referrals")
    String processReferralForm(CurrentUser user, @ModelAttribute("form") ReferralForm form, BindingResult binding,
                               Model model, RedirectAttributes redirect) {
        prescriberOnly(user);
        LocalDate birthDate = null;
        List<ReferralProblem> dateProblems = new ArrayList<>();
        if (form.birthDate() != null && !form.birthDate().isBlank()) {
            try {
                birthDate = LocalDate.parse(form.birthDate().strip());
            } catch (DateTimeParseException e) {
                dateProblems.add(new ReferralProblem("birthDate", "referral.birthDate.format"));
            }
        }
        var submission = referrals.submit(new NewReferral(form.lastName(), form.firstName(), birthDate, form.commune(),
                        form.eligibilityCategory(), form.rsaSituation(), form.aseDistrict(), form.phone(), form.email(),
                        form.preferredChannel(), form.needs(), form.consent(),
                        // An unticked box sends nothing: on the form, absent means no.
                        Boolean.TRUE.equals(form.shareWithPrescriber()), Boolean.TRUE.equals(form.evaluationStudy())),
                new Referrals.Submitter(user.organisationId(), user.id(), user.email(), Referrals.Source.WEB));
        if (!submission.accepted() || !dateProblems.isEmpty()) {
            BindingResult errors = new BeanPropertyBindingResult(form, "form");
            List<ReferralProblem> problems = new ArrayList<>(dateProblems);
            submission.problems().stream()
                    .filter(p -> dateProblems.isEmpty() || !p.field().equals("birthDate")).forEach(problems::add);
            for (ReferralProblem p : problems) {
                if (!errors.hasFieldErrors(p.field())) {
                    errors.rejectValue(p.field(), p.messageKey(), p.args(), null);
                }
            }
            return form(model, form, FormErrors.of(errors));
        }
        redirect.addFlashAttribute("flash", "referral.created");
        return "redirect:/referrals/" + submission.referralId();
    }

    @GetMapping("/referrals/{id}")
    String showReferral(CurrentUser user, @PathVariable long id, Model model) {
        var detail = queries.find(user.dataScope(), id).orElseThrow(NotFoundException::new);
        audit.record(user, detail.beneficiaryId(), AuditAction.READ, "referral " + id);
        model.addAttribute("referral", detail);
        model.addAttribute("history", queries.history(id));
        boolean coordinator = user.role() == Role.COORDINATOR;
        var suspicions = coordinator ? queries.openSuspicions(user.dataScope(), id) : List.<ReferralQueries.Suspicion>of();
        for (var s : suspicions) {
            audit.record(user, s.existingId(), AuditAction.READ, "possible duplicate of referral " + id);
        }
        model.addAttribute("suspicions", suspicions);
        model.addAttribute("followedElsewhere", coordinator ? duplicates.followedElsewhere(detail.beneficiaryId())
                : List.<DuplicateDetector.FollowedElsewhere>of());
        model.addAttribute("structures", coordinator ? queries.structures(detail.territoryId()) : List.of());
        model.addAttribute("mediators", coordinator ? queries.mediators(detail.territoryId()) : List.of());
        model.addAttribute("reasons", coordinator ? queries.refusalReasons() : List.of());
        model.addAttribute("waitingDays", ReferralQueries.workingDaysBetween(
                detail.createdAt().toLocalDate(), LocalDate.now(clock)));
        return "referral/show";
    }

    @PostMapping("/referrals/{id}/withdraw")
    String processWithdrawal(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String note,
                             RedirectAttributes redirect) {
        referrals.withdraw(user, id, Names.freeText(note));
        redirect.addFlashAttribute("flash", "referral.withdrawn");
        return "redirect:/referrals/" + id;
    }

    @PostMapping("/referrals/{id}/answer")
    String processAnswer(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String message,
                         RedirectAttributes redirect) {
        String text = Names.freeText(message);
        if (text == null || text.length() > TriageController.MESSAGE_MAX) {
            redirect.addFlashAttribute("flash", text == null ? "referral.message.required" : "referral.message.tooLong");
            return "redirect:/referrals/" + id;
        }
        referrals.answer(user, id, text);
        redirect.addFlashAttribute("flash", "referral.answered");
        return "redirect:/referrals/" + id;
    }

    private static void prescriberOnly(CurrentUser user) {
        if (user.role() != Role.PRESCRIBER) {
            throw new NotFoundException();
        }
    }
}
