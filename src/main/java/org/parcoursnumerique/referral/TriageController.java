package org.parcoursnumerique.referral;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Names;
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

    record InboxRow(ReferralQueries.Row row, long waitingDays) {
    }

    static final int MESSAGE_MAX = 2000;

    private final Referrals referrals;
    private final ReferralQueries queries;
    private final AuditLog audit;
    private final Clock clock;

    TriageController(Referrals referrals, ReferralQueries queries, AuditLog audit, Clock clock) {
        this.referrals = referrals;
        this.queries = queries;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/triage")
    String showInbox(CurrentUser user, Model model) {
        coordinatorOnly(user);
        LocalDate today = LocalDate.now(clock);
        List<InboxRow> rows = queries.list(user.dataScope(), List.of("SUBMITTED", "INFO_REQUESTED"), 500).stream()
                .map(r -> new InboxRow(r, ReferralQueries.workingDaysBetween(r.createdAt().toLocalDate(), today)))
                .toList();
        audit.record(user, null, AuditAction.LIST, "triage inbox");
        model.addAttribute("rows", rows);
        return "referral/triage";
    }

    @PostMapping("/referrals/{id}/accept")
    String processAcceptance(CurrentUser user, @PathVariable long id, @RequestParam(required = false) Long structureId,
                             @RequestParam(required = false) Long mediatorId, RedirectAttributes redirect) {
        if (structureId == null || mediatorId == null) {
            return back(id, redirect, "referral.assignment.required");
        }
        referrals.accept(user, id, structureId, mediatorId);
        return back(id, redirect, "referral.accepted");
    }

    @PostMapping("/referrals/{id}/reassign")
    String processReassignment(CurrentUser user, @PathVariable long id, @RequestParam(required = false) Long structureId,
                               @RequestParam(required = false) Long mediatorId, RedirectAttributes redirect) {
        if (structureId == null || mediatorId == null) {
            return back(id, redirect, "referral.assignment.required");
        }
        referrals.reassign(user, id, structureId, mediatorId);
        return back(id, redirect, "referral.reassigned");
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
