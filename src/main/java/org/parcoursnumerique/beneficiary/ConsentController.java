package org.parcoursnumerique.beneficiary;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Recording the person's answer about SMS and the withdrawal of any consent, from the person's
 * page, by the staff who may change their record (coordinators, mediators and the referring
 * prescriber, within their scope). Each answer is appended and audited; it holds from now on.
 */
@Controller
class ConsentController {

    private final PersonInScope persons;
    private final Consents consents;
    private final AuditLog audit;
    private final Outbox outbox;

    ConsentController(PersonInScope persons, Consents consents, AuditLog audit, Outbox outbox) {
        this.outbox = outbox;
        this.persons = persons;
        this.consents = consents;
        this.audit = audit;
    }

    @PostMapping("/beneficiaries/{id}/consents/sms")
    @Transactional
    String processSmsAnswer(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String accepted,
                            RedirectAttributes redirect) {
        findEditable(user, id);
        if (!"true".equals(accepted) && !"false".equals(accepted)) {
            redirect.addFlashAttribute("flash", "consent.sms.required");
            return back(id);
        }
        boolean yes = Boolean.parseBoolean(accepted);
        consents.record(id, "SMS_CONTACT", null, yes, user.id());
        if (!yes) {
            outbox.cancelPendingSms(id);
        }
        audit.record(user, id, AuditAction.CHANGE, "consent SMS_CONTACT " + (yes ? "given" : "refused"));
        redirect.addFlashAttribute("flash", yes ? "consent.sms.given" : "consent.sms.refused");
        return back(id);
    }

    @PostMapping("/beneficiaries/{id}/consents/withdraw")
    @Transactional
    String processWithdrawal(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String purpose,
                             @RequestParam(required = false) String organisationId, RedirectAttributes redirect) {
        findEditable(user, id);
        Long organisation = null;
        if ("SHARE_WITH_PRESCRIBER".equals(purpose)) {
            try {
                organisation = organisationId == null ? null : Long.valueOf(organisationId.strip());
            } catch (NumberFormatException e) {
                organisation = null;
            }
        }
        Long org = organisation;
        boolean given = purpose != null && Consents.PURPOSES.contains(purpose)
                && (!"SHARE_WITH_PRESCRIBER".equals(purpose) || org != null)
                && consents.currentAnswer(id, purpose, org).map(Consents.Answer::accepted).orElse(false);
        if (!given) {
            // Nothing to withdraw (already withdrawn, by someone else meanwhile, or never given).
            redirect.addFlashAttribute("flash", "consent.withdraw.notGiven");
            return back(id);
        }
        consents.record(id, purpose, org, false, user.id());
        if ("SMS_CONTACT".equals(purpose)) {
            outbox.cancelPendingSms(id);
        }
        audit.record(user, id, AuditAction.CHANGE, "consent " + purpose + " withdrawn"
                + (org == null ? "" : " (organisation " + org + ")"));
        redirect.addFlashAttribute("flash", "consent.withdrawn");
        return back(id);
    }

    private static String back(long id) {
        return "redirect:/beneficiaries/" + id + "#consents";
    }

    private void findEditable(CurrentUser user, long id) {
        if (!user.has(Role.COORDINATOR, Role.MEDIATOR, Role.PRESCRIBER)) {
            throw new NotFoundException();
        }
        persons.reach(user, id);
    }
}
