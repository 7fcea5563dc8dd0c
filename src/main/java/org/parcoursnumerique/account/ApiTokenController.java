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

/**
 * The users of an organisation that holds API tokens create and revoke the tokens of its software:
 * prescribers (referrals), and the département, EPTs and consortia (indicators, ADR 0018). Any other
 * role, or a user whose organisation holds none, gets 404.
 */
@Controller
class ApiTokenController {

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/api-tokens")
    String showTokens(CurrentUser user, Model model) {
        long holder = holder(user);
        model.addAttribute("tokens", tokens.list(holder));
        model.addAttribute("readsIndicators", !user.has(Role.PRESCRIBER, Role.LOGISTICS_MANAGER));
        if (!model.containsAttribute("newToken")) {
            model.addAttribute("newToken", null);
        }
        return "account/api-tokens";
    }

    @PostMapping("/api-tokens")
    String processNewToken(CurrentUser user, @RequestParam(required = false) String name, RedirectAttributes redirect) {
        holder(user);
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
        if (!tokens.revoke(user, id)) {
            throw new NotFoundException();
        }
        redirect.addFlashAttribute("flash", "apiTokens.revoked");
        return "redirect:/api-tokens";
    }

    /** The organisation whose tokens the user manages; 404 for a role or an organisation without tokens. */
    private long holder(CurrentUser user) {
        if (!user.has(Role.PRESCRIBER, Role.PROGRAMME_MANAGER, Role.EPT_VIEWER, Role.COORDINATOR, Role.LOGISTICS_MANAGER)) {
            throw new NotFoundException();
        }
        return tokens.holder(user).orElseThrow(NotFoundException::new);
    }
}
