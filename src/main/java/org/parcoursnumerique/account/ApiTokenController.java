package org.parcoursnumerique.account;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Members of a prescriber organisation create and revoke the tokens of its software. */
@Controller
class ApiTokenController {

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/api-tokens")
    String showTokens(CurrentUser user, Model model) {
        prescriberOnly(user);
        model.addAttribute("tokens", tokens.list(user.organisationId()));
        if (!model.containsAttribute("newToken")) {
            model.addAttribute("newToken", null);
        }
        return "account/api-tokens";
    }

    @PostMapping("/api-tokens")
    String processNewToken(CurrentUser user, @RequestParam(required = false) String name, RedirectAttributes redirect) {
        prescriberOnly(user);
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
            org.parcoursnumerique.shared.Flash.error(redirect, "apiTokens.name.required");
            return "redirect:/api-tokens";
        }
        // Shown once, on the next page only: the database keeps a hash.
        var token = tokens.create(user, label);
        if (token.isEmpty()) {
            throw new NotFoundException(); // the account is no longer active: nothing here for it
        }
        redirect.addFlashAttribute("newToken", token.get());
        return "redirect:/api-tokens";
    }

    @PostMapping("/api-tokens/{id}/revoke")
    String processRevocation(CurrentUser user, @PathVariable long id, RedirectAttributes redirect) {
        prescriberOnly(user);
        if (!tokens.revoke(user, id)) {
            throw new NotFoundException();
        }
        redirect.addFlashAttribute("flash", "apiTokens.revoked");
        return "redirect:/api-tokens";
    }

    private static void prescriberOnly(CurrentUser user) {
        if (user.role() != Role.PRESCRIBER) {
            throw new NotFoundException();
        }
    }
}
