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

    /**
     * The web form, as typed; {@link ReferralRules} does the checking. {@code formToken} is a
     * one-time value of each form shown: the same form sent twice (double click, reload) creates
     * one referral. No consent is ticked before the person says yes.
     */
    record ReferralForm(String lastName, String firstName, String birthDate, String commune,
                        String eligibilityCategory, String rsaSituation, String aseDistrict, String phone,
                        String email, String preferredChannel, String needs, Boolean consent,
                        Boolean shareWithPrescriber, Boolean evaluationStudy, String formToken) {

        static ReferralForm empty() {
            return new ReferralForm("", "", "", "", null, null, null, "", "", null, "", false, false, false,
                    java.util.UUID.randomUUID().toString());
        }
    }

    private static final java.util.regex.Pattern FORM_TOKEN = java.util.regex.Pattern.compile("[0-9a-fA-F-]{20,64}");

    static final List<String> ALL_STATUSES = List.of("SUBMITTED", "INFO_REQUESTED", "ACCEPTED", "REFUSED", "WITHDRAWN");

    private final Referrals referrals;
    private final ReferralQueries queries;
    private final Programmes programmes;
    private final AuditLog audit;
    private final Clock clock;
    private final DuplicateDetector duplicates;
    private final ReferralMilestones milestones;
    private final DiagnosticSharing sharing;

    ReferralController(Referrals referrals, ReferralQueries queries, Programmes programmes, AuditLog audit,
                       Clock clock, DuplicateDetector duplicates, ReferralMilestones milestones,
                       DiagnosticSharing sharing) {
        this.milestones = milestones;
        this.sharing = sharing;
        this.referrals = referrals;
        this.queries = queries;
        this.programmes = programmes;
        this.audit = audit;
        this.clock = clock;
        this.duplicates = duplicates;
    }

    /** The filters of the list as typed, to fill the form again and to keep in page links. */
    record ListForm(String status, String territory, String organisation, String from, String to) {
    }

    @GetMapping("/referrals")
    String showReferrals(CurrentUser user, @RequestParam(required = false) String status,
                         @RequestParam(required = false) String territory,
                         @RequestParam(required = false) String organisation,
                         @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                         @RequestParam(required = false) String page, Model model) {
        // Every filter is a plain text parameter: a value that is not one of the choices (an old
        // bookmark, a typed address) is ignored, and a date that cannot be read is said so.
        var territories = queries.territories(user.dataScope());
        var prescribers = queries.prescribers(user.dataScope());
        boolean known = status != null && ALL_STATUSES.contains(status);
        Long territoryId = ListFilters.option(territory, territories);
        Long organisationId = ListFilters.option(organisation, prescribers);
        List<String> notices = new ArrayList<>();
        LocalDate fromDate = ListFilters.date(from, "referrals.filter.fromInvalid", notices);
        LocalDate toDate = ListFilters.date(to, "referrals.filter.toInvalid", notices);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            notices.add("referrals.filter.period");
            fromDate = null;
            toDate = null;
        }
        var form = new ListForm(known ? status : null, territoryId == null ? null : territory.strip(),
                organisationId == null ? null : organisation.strip(), fromDate == null ? null : fromDate.toString(),
                toDate == null ? null : toDate.toString());
        String base = org.parcoursnumerique.shared.Pagination.link("/referrals", "status", form.status(),
                "territory", form.territory(), "organisation", form.organisation(), "from", form.from(), "to", form.to());
        var listing = queries.list(user.dataScope(), new ReferralQueries.Filter(known ? List.of(status) : ALL_STATUSES,
                territoryId, organisationId, fromDate, toDate), page, base);
        audit.record(user, null, AuditAction.LIST, "referrals" + (base.contains("?") ? " " + base.substring(
                base.indexOf('?') + 1) : "") + " page=" + listing.pagination().page());
        model.addAttribute("listing", listing);
        model.addAttribute("form", form);
        model.addAttribute("notices", notices);
        model.addAttribute("statuses", ALL_STATUSES);
        model.addAttribute("territories", territories);
        model.addAttribute("prescribers", prescribers);
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
        var referral = new NewReferral(form.lastName(), form.firstName(), birthDate, form.commune(),
                form.eligibilityCategory(), form.rsaSituation(), form.aseDistrict(), form.phone(), form.email(),
                form.preferredChannel(), form.needs(), form.consent(),
                // An unticked box sends nothing: on the form, absent means no.
                Boolean.TRUE.equals(form.shareWithPrescriber()), Boolean.TRUE.equals(form.evaluationStudy()));
        var submitter = new Referrals.Submitter(user.organisationId(), user.id(), user.email(), Referrals.Source.WEB);
        Referrals.Submission submission;
        if (form.formToken() == null || !FORM_TOKEN.matcher(form.formToken()).matches()) {
            // A form without its token (an old page left open): sent as it is, as before.
            submission = referrals.submit(referral, submitter);
        } else {
            // The form's token is the idempotency key of this user's submission: a second sending
            // of the same form gives back the referral the first created.
            String key = "web-form:" + user.id() + ":" + form.formToken();
            String hash = org.parcoursnumerique.shared.Hashes.sha256(key);
            try {
                submission = referrals.submitOnce(referral, submitter, key, hash);
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // Both sendings ran at once: the other one won and holds the referral.
                submission = referrals.replayed(user.organisationId(), key, hash);
            }
            if (submission.replayed()) {
                redirect.addFlashAttribute("flash", "referral.form.alreadySent");
                return "redirect:/referrals/" + submission.referralId();
            }
        }
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
        boolean prescriber = user.role() == Role.PRESCRIBER;
        model.addAttribute("milestones", milestones.forReferral(detail.beneficiaryId(), detail.status(), prescriber));
        // The result is linked from the diagnostic's milestone only when this referral's consent shares it.
        model.addAttribute("resultShared", detail.diagnosedOn() != null && sharing.forReferral(id, detail.beneficiaryId(),
                detail.status(), prescriber).map(DiagnosticSharing.Shared::detailShared).orElse(false));
        boolean coordinator = user.role() == Role.COORDINATOR;
        var suspicions = coordinator ? queries.openSuspicions(user.dataScope(), id) : List.<ReferralQueries.Suspicion>of();
        for (var s : suspicions) {
            audit.record(user, s.existingId(), AuditAction.READ, "possible duplicate of referral " + id);
        }
        model.addAttribute("suspicions", suspicions);
        model.addAttribute("followedElsewhere", coordinator ? duplicates.followedElsewhere(detail.beneficiaryId())
                : List.<DuplicateDetector.FollowedElsewhere>of());
        model.addAttribute("structures", coordinator ? queries.structures(detail.territoryId()) : List.of());
        // After a refused choice, the form shows it again with its error (a flash attribute).
        if (!(model.getAttribute("assignment") instanceof TriageController.Assignment)) {
            model.addAttribute("assignment", TriageController.Assignment.NONE);
        }
        model.addAttribute("reasons", coordinator ? queries.refusalReasons() : List.of());
        model.addAttribute("waitingDays", ReferralQueries.workingDaysBetween(
                detail.createdAt().toLocalDate(), LocalDate.now(clock)));
        return "referral/show";
    }

    @PostMapping("/referrals/{id}/withdraw")
    String processWithdrawal(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String note,
                             RedirectAttributes redirect) {
        String text = Names.freeText(note);
        if (ReferralRules.noteTooLong(text)) {
            redirect.addFlashAttribute("flash", "referral.note.tooLong");
            return "redirect:/referrals/" + id;
        }
        referrals.withdraw(user, id, text);
        redirect.addFlashAttribute("flash", "referral.withdrawn");
        return "redirect:/referrals/" + id;
    }

    @PostMapping("/referrals/{id}/answer")
    String processAnswer(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String message,
                         RedirectAttributes redirect) {
        String text = Names.freeText(message);
        if (text == null || text.length() > TriageController.MESSAGE_MAX) {
            org.parcoursnumerique.shared.Flash.error(redirect, text == null ? "referral.message.required" : "referral.message.tooLong");
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
