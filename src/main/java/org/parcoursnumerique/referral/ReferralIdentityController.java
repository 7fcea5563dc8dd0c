package org.parcoursnumerique.referral;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The prescriber's correction of the referred person's name or birth date (see
 * {@link ReferralIdentity}). The form is on the referral's page; a refused correction goes back
 * to it with the typed values and French messages next to each field.
 */
@Controller
class ReferralIdentityController {

    /** What the prescriber typed, shown again next to its errors. */
    record IdentityForm(String lastName, String firstName, String birthDate) implements java.io.Serializable {
    }

    static final int FIELD_MAX = 200;

    private final ReferralIdentity identity;
    private final MessageSource messages;

    ReferralIdentityController(ReferralIdentity identity, MessageSource messages) {
        this.identity = identity;
        this.messages = messages;
    }

    @PostMapping("/referrals/{id}/identity")
    String processIdentityForm(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String lastName,
                               @RequestParam(required = false) String firstName,
                               @RequestParam(required = false) String birthDate, RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate date = null;
        if (birthDate != null && !birthDate.isBlank()) {
            try {
                date = birthDate.length() > 10 ? null : LocalDate.parse(birthDate.strip());
            } catch (DateTimeParseException e) {
                date = null;
            }
            if (date == null) {
                errors.put("birthDate", t("referral.birthDate.format"));
            }
        }
        List<ReferralProblem> problems = identity.correct(user, id, lastName, firstName, date);
        for (ReferralProblem p : problems) {
            if (!errors.containsKey(p.field()) && !(p.field().equals("birthDate") && errors.containsKey("birthDate"))) {
                errors.put(p.field(), t(p.messageKey(), p.args()));
            }
        }
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("identity", new IdentityForm(cut(lastName), cut(firstName), cut(birthDate)));
            redirect.addFlashAttribute("identityErrors", errors);
            return "redirect:/referrals/" + id + "#identity";
        }
        redirect.addFlashAttribute("flash", "referral.identity.corrected");
        return "redirect:/referrals/" + id;
    }

    /** A typed value short enough to show again (the rules refuse what is longer). */
    private static String cut(String value) {
        return value == null ? "" : value.length() > FIELD_MAX ? value.substring(0, FIELD_MAX) : value;
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
