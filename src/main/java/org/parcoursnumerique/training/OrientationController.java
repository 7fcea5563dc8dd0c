package org.parcoursnumerique.training;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.diagnostic.PathwayPlans;
import org.parcoursnumerique.diagnostic.TrainingLevel;
import org.parcoursnumerique.diagnostic.TrainingTheme;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A person's orientation to a training: the offers matching their plan near them, the choice, the outcome. */
@Controller
class OrientationController {

    private final Orientations orientations;
    private final OrientationQueries queries;
    private final OfferQueries offers;
    private final CommuneCentres centres;
    private final PathwayPlans plans;
    private final OrientationSlip slip;
    private final RuptureWatch watch;
    private final AuditLog audit;

    OrientationController(Orientations orientations, OrientationQueries queries, OfferQueries offers,
                          CommuneCentres centres, PathwayPlans plans, OrientationSlip slip, RuptureWatch watch,
                          AuditLog audit) {
        this.orientations = orientations;
        this.queries = queries;
        this.offers = offers;
        this.centres = centres;
        this.plans = plans;
        this.slip = slip;
        this.watch = watch;
        this.audit = audit;
    }

    /**
     * The person's training page. Without search parameters the search starts from their plan: its
     * themes and level, offers within 10 km of their commune.
     */
    @GetMapping("/beneficiaries/{id}/training")
    String showPersonTraining(CurrentUser user, @PathVariable long id, @ModelAttribute("search") SearchForm search,
                              @RequestParam(required = false) String page, Model model) {
        var person = orientations.read(user, id, "training orientation");
        var plan = plans.forBeneficiary(id).orElse(null);
        boolean fresh = search.theme() == null && search.level() == null && search.commune() == null
                && search.near() == null && search.radius() == null && search.free() == null
                && search.modality() == null && search.accessible() == null && search.dedicated() == null
                && search.q() == null;
        if (fresh) {
            List<String> themes = plan == null ? List.of() : plan.trainingThemes().stream().map(Enum::name).toList();
            String level = plan == null || plan.trainingLevel() == TrainingLevel.NONE ? null : plan.trainingLevel().name();
            search = new SearchForm(themes, level, null, person.communeInsee(), "10", null, null, null, null, null);
        }
        String base = search.link("/beneficiaries/" + id + "/training");
        var result = offers.search(search.criteria(centres), TerritoryScope.toRead(user), page, base);
        var rows = queries.ofPerson(id, user.dataScope());
        model.addAttribute("person", person);
        model.addAttribute("plan", plan);
        model.addAttribute("search", search);
        model.addAttribute("result", result);
        model.addAttribute("communes", centres.list());
        model.addAttribute("homeCommune", centres.of(person.communeInsee()).map(CommuneCentres.Centre::name).orElse(null));
        model.addAttribute("orientations", rows);
        model.addAttribute("sessions", rows.stream().filter(r -> r.status().equals("PROPOSED") && r.dedicated())
                .flatMap(r -> offers.sessions(r.offerId(), true).stream()).toList());
        model.addAttribute("staff", Orientations.isStaff(user));
        model.addAttribute("reasons", orientations.dropoutReasons());
        model.addAttribute("today", orientations.today().toString());
        model.addAttribute("proposedIds", rows.stream().filter(r -> List.of("PROPOSED", "REGISTERED", "STARTED")
                .contains(r.status())).map(OrientationQueries.Row::offerId).toList());
        return "training/person";
    }

    @PostMapping("/beneficiaries/{id}/training/proposals")
    String processProposals(CurrentUser user, @PathVariable long id,
                            @RequestParam(value = "offerId", required = false) List<String> offerIds,
                            RedirectAttributes redirect) {
        List<Long> ids = new ArrayList<>();
        if (offerIds != null) {
            for (String s : offerIds) {
                if (s == null || !s.strip().matches("\\d{1,18}")) {
                    throw new NotFoundException();
                }
                ids.add(Long.parseLong(s.strip()));
            }
        }
        try {
            int n = orientations.propose(user, id, ids);
            Flash.success(redirect, n == 0 ? "training.propose.nothingNew" : "training.propose.done");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/beneficiaries/" + id + "/training#orientations";
    }

    @PostMapping("/trainings/orientations/{id}/choose")
    String processChoice(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String sessionId,
                         @RequestParam(required = false) String expectedStart, RedirectAttributes redirect) {
        var o = orientations.staffs(user, id);
        Long session = sessionId != null && sessionId.strip().matches("\\d{1,18}") ? Long.valueOf(sessionId.strip()) : null;
        try {
            var done = orientations.choose(user, id, session, DedicatedTrainings.date(expectedStart));
            if (done.messages() > 0) {
                Flash.success(redirect, "training.choose.done");
            } else {
                Flash.warning(redirect, "training.choose.doneUnreachable");
            }
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/beneficiaries/" + o.beneficiaryId + "/training#orientations";
    }

    @PostMapping("/trainings/orientations/{id}/outcome")
    String processOutcome(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String outcome,
                          @RequestParam(required = false) String date, @RequestParam(required = false) String reason,
                          @RequestParam(required = false) String note, RedirectAttributes redirect) {
        var o = orientations.staffs(user, id);
        Orientations.Outcome what = null;
        for (var x : Orientations.Outcome.values()) {
            if (x.name().equals(outcome)) {
                what = x;
            }
        }
        String cleanNote = Names.freeText(note);
        try {
            if (what == null) {
                throw new ConflictException("training.outcome.unknown");
            }
            if (cleanNote != null && cleanNote.length() > 500) {
                throw new ConflictException("training.outcome.noteTooLong");
            }
            LocalDate on = DedicatedTrainings.date(date);
            if (date != null && !date.isBlank() && on == null) {
                throw new ConflictException("training.outcome.badDate");
            }
            orientations.record(user, id, what, on, reason, cleanNote);
            String done = "training.outcome.done." + what.name();
            Flash.success(redirect, done);
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/beneficiaries/" + o.beneficiaryId + "/training#orientations";
    }

    @PostMapping("/trainings/orientations/{id}/correction")
    String processCorrection(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String what,
                             @RequestParam(required = false) String date, @RequestParam(required = false) String reason,
                             RedirectAttributes redirect) {
        var o = orientations.staffs(user, id);
        Orientations.Correction correction = null;
        for (var x : Orientations.Correction.values()) {
            if (x.name().equals(what)) {
                correction = x;
            }
        }
        String cleanReason = Names.freeText(reason);
        try {
            if (correction == null) {
                throw new ConflictException("training.correction.unknown");
            }
            if (cleanReason != null && cleanReason.length() > 500) {
                throw new ConflictException("training.outcome.noteTooLong");
            }
            orientations.correct(user, id, correction, DedicatedTrainings.date(date), cleanReason);
            Flash.success(redirect, "training.correction.done");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/beneficiaries/" + o.beneficiaryId + "/training#orientations";
    }

    /** The orientation slip to print or hand over (accessible PDF). */
    @GetMapping("/trainings/orientations/{id}/slip.pdf")
    ResponseEntity<byte[]> downloadSlip(CurrentUser user, @PathVariable long id, @ModelAttribute("ctx") PageContext ctx) {
        var o = orientations.staffs(user, id);
        if (o.status != OrientationStatus.REGISTERED && o.status != OrientationStatus.STARTED) {
            throw new ConflictException("training.slip.notChosen");
        }
        var person = orientations.read(user, o.beneficiaryId, "training orientation " + id + " slip");
        var offer = offers.find(o.offerId).orElseThrow(NotFoundException::new);
        var session = o.sessionId == null ? null : offers.session(o.sessionId).orElse(null);
        byte[] document = slip.pdf(ctx, OrientationSlip.content(person.firstName() + " " + person.lastName(), o, offer,
                session), orientations.today());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("fiche-orientation-formation-" + id + ".pdf").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(document);
    }

    /** "À relancer": people whose training has no news or was interrupted. */
    @GetMapping("/trainings/follow-up")
    String showFollowUp(CurrentUser user, @RequestParam(required = false) String mine,
                        @RequestParam(required = false) String page, Model model) {
        if (!user.has(Role.COORDINATOR, Role.MEDIATOR, Role.PROGRAMME_MANAGER)) {
            throw new NotFoundException();
        }
        boolean onlyMine = "true".equals(mine) && Orientations.isStaff(user);
        var list = queries.toFollowUp(user.dataScope(), watch.cutoff(), onlyMine ? user.id() : null, user.id(), page,
                org.parcoursnumerique.shared.Pagination.link("/trainings/follow-up", "mine", onlyMine ? "true" : null));
        audit.record(user, null, AuditAction.LIST, "training follow-up list page=" + list.pagination().page());
        model.addAttribute("list", list);
        model.addAttribute("onlyMine", onlyMine);
        model.addAttribute("staff", Orientations.isStaff(user));
        model.addAttribute("days", watch.days());
        return "training/followUp";
    }

    static List<TrainingTheme> allThemes() {
        return List.of(TrainingTheme.values());
    }
}
