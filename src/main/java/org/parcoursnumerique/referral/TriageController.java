package org.parcoursnumerique.referral;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.Pagination;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The consortium's side: the inbox of its territory and the triage decisions. */
@Controller
class TriageController {

    record InboxRow(ReferralQueries.InboxItem row, int age, long waitingDays) {
    }

    /** The filters of the inbox as typed, to fill the form again and to keep in page links. */
    record InboxForm(String category, String commune, String organisation, String sort) {
    }

    static final int MESSAGE_MAX = 2000;

    private final Referrals referrals;
    private final ReferralQueries queries;
    private final AuditLog audit;
    private final Clock clock;
    private final Programmes programmes;

    TriageController(Referrals referrals, ReferralQueries queries, AuditLog audit, Clock clock, Programmes programmes) {
        this.programmes = programmes;
        this.referrals = referrals;
        this.queries = queries;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/triage")
    String showInbox(CurrentUser user, @RequestParam(required = false) String category,
                     @RequestParam(required = false) String commune,
                     @RequestParam(required = false) String organisation,
                     @RequestParam(required = false) String sort, @RequestParam(required = false) String page,
                     Model model) {
        coordinatorOnly(user);
        LocalDate today = LocalDate.now(clock);
        // Values that are not among the choices are ignored (old bookmarks, typed addresses).
        List<String> categories = programmes.eligibilityCategories();
        var communes = programmes.communes().stream()
                .filter(c -> c.mergedInto() == null && user.territoryId() != null && c.territoryId() == user.territoryId()).toList();
        var prescribers = queries.prescribers(user.dataScope());
        String categoryCode = categories.contains(category) ? category : null;
        String communeCode = communes.stream().map(Programmes.Commune::inseeCode).filter(c -> c.equals(commune))
                .findFirst().orElse(null);
        Long organisationId = ListFilters.option(organisation, prescribers);
        boolean newestFirst = "newest".equals(sort);
        var form = new InboxForm(categoryCode, communeCode, organisationId == null ? null : organisation.strip(),
                newestFirst ? "newest" : null);
        String base = Pagination.link("/triage", "category", form.category(), "commune", form.commune(),
                "organisation", form.organisation(), "sort", form.sort());
        var listing = queries.inbox(user.dataScope(),
                new ReferralQueries.InboxFilter(categoryCode, communeCode, organisationId, newestFirst), page, base);
        List<InboxRow> rows = listing.rows().stream()
                .map(r -> new InboxRow(r, Period.between(r.birthDate(), today).getYears(),
                        ReferralQueries.workingDaysBetween(r.createdAt().toLocalDate(), today)))
                .toList();
        audit.record(user, null, AuditAction.LIST, "triage inbox" + (base.contains("?")
                ? " " + base.substring(base.indexOf('?') + 1) : "") + " page=" + listing.pagination().page());
        model.addAttribute("rows", rows);
        model.addAttribute("pagination", listing.pagination());
        model.addAttribute("form", form);
        model.addAttribute("categories", categories);
        model.addAttribute("communes", communes);
        model.addAttribute("prescribers", prescribers);
        return "referral/triage";
    }

    /**
     * The choice of structure and mediator as sent, with what is wrong with it: shown again on the
     * referral's page, in the form, after a refused acceptance or reassignment.
     */
    record Assignment(String structureId, String mediatorId, String field, String error) implements java.io.Serializable {

        static final Assignment NONE = new Assignment(null, null, null, null);

        boolean structureChosen(long id) {
            return String.valueOf(id).equals(structureId);
        }

        boolean mediatorChosen(long id) {
            return String.valueOf(id).equals(mediatorId);
        }
    }

    @PostMapping("/referrals/{id}/accept")
    String processAcceptance(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String structureId,
                             @RequestParam(required = false) String mediatorId, RedirectAttributes redirect) {
        return assign(user, id, structureId, mediatorId, redirect, false);
    }

    @PostMapping("/referrals/{id}/reassign")
    String processReassignment(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String structureId,
                               @RequestParam(required = false) String mediatorId, RedirectAttributes redirect) {
        return assign(user, id, structureId, mediatorId, redirect, true);
    }

    /**
     * A wrong choice (nothing chosen, a structure that receives nobody, a mediator of another
     * structure) goes back to the same form with the choice kept and the error next to its field;
     * only a referral out of scope (404) or no longer open (409) ends elsewhere.
     */
    private String assign(CurrentUser user, long id, String structureId, String mediatorId, RedirectAttributes redirect,
                          boolean reassign) {
        coordinatorOnly(user);
        Long structure = ids(structureId);
        Long mediator = ids(mediatorId);
        String field = structure == null ? "structureId" : mediator == null ? "mediatorId" : null;
        String error = structure == null ? "referral.assignment.structureRequired"
                : mediator == null ? "referral.assignment.mediatorRequired" : null;
        if (error == null) {
            try {
                if (reassign) {
                    referrals.reassign(user, id, structure, mediator);
                } else {
                    referrals.accept(user, id, structure, mediator);
                }
                redirect.addFlashAttribute("flash", reassign ? "referral.reassigned" : "referral.accepted");
                return "redirect:/referrals/" + id;
            } catch (ConflictException e) {
                if (!e.messageKey().startsWith("referral.assignment.")) {
                    throw e;
                }
                error = e.messageKey();
                field = error.equals("referral.assignment.mediator") ? "mediatorId" : "structureId";
            }
        }
        redirect.addFlashAttribute("assignment", new Assignment(trimmed(structureId), trimmed(mediatorId), field, error));
        return "redirect:/referrals/" + id + "#assignment";
    }

    private static Long ids(String raw) {
        return raw != null && raw.strip().matches("\\d{1,18}") ? Long.valueOf(raw.strip()) : null;
    }

    private static String trimmed(String raw) {
        return raw == null ? null : raw.strip().substring(0, Math.min(raw.strip().length(), 20));
    }

    @PostMapping("/referrals/{id}/request-information")
    String processInformationRequest(CurrentUser user, @PathVariable long id,
                                     @RequestParam(required = false) String message, RedirectAttributes redirect) {
        String text = Names.freeText(message);
        if (text == null) {
            return back(id, redirect, "referral.message.required");
        }
        if (text.length() > MESSAGE_MAX) {
            return back(id, redirect, "referral.message.tooLong");
        }
        referrals.requestInformation(user, id, text);
        return back(id, redirect, "referral.informationRequested");
    }

    @PostMapping("/referrals/{id}/refuse")
    String processRefusal(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String reason,
                          @RequestParam(required = false) String note, RedirectAttributes redirect) {
        if (reason == null || reason.isBlank()) {
            return back(id, redirect, "referral.refusal.required");
        }
        String text = Names.freeText(note);
        if (ReferralRules.noteTooLong(text)) {
            return back(id, redirect, "referral.note.tooLong");
        }
        referrals.refuse(user, id, reason, text);
        return back(id, redirect, "referral.refused");
    }

    @PostMapping("/referrals/{id}/duplicates/{suspicionId}/merge")
    String processMerge(CurrentUser user, @PathVariable long id, @PathVariable long suspicionId,
                        RedirectAttributes redirect) {
        referrals.mergeDuplicate(user, id, suspicionId);
        return back(id, redirect, "referral.duplicate.merged");
    }

    @PostMapping("/referrals/{id}/duplicates/{suspicionId}/dismiss")
    String processDismissal(CurrentUser user, @PathVariable long id, @PathVariable long suspicionId,
                            RedirectAttributes redirect) {
        referrals.dismissDuplicate(user, id, suspicionId);
        return back(id, redirect, "referral.duplicate.dismissed");
    }

    private static String back(long id, RedirectAttributes redirect, String flash) {
        redirect.addFlashAttribute("flash", flash);
        return "redirect:/referrals/" + id;
    }

    private static void coordinatorOnly(CurrentUser user) {
        if (user.role() != Role.COORDINATOR) {
            throw new NotFoundException();
        }
    }
}
