package org.parcoursnumerique.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.parcoursnumerique.shared.FormErrors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages reachable without login: login, password reset, invitation. */
@Controller
class AccountPagesController {

    record ResetRequestForm(@NotBlank(message = "{email.required}") @Email(message = "{email.format}")
                            @Size(max = 320, message = "{email.format}") String email) {
    }

    record PasswordForm(String password, String confirmation) {
    }

    private final Accounts accounts;

    AccountPagesController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/login")
    String showLogin(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                     @RequestParam(required = false) String throttled, @RequestParam(required = false) String expired,
                     Model model) {
        model.addAttribute("error", error != null);
        model.addAttribute("throttled", throttled != null);
        model.addAttribute("expired", expired != null);
        model.addAttribute("loggedOut", logout != null);
        return "account/login";
    }

    @GetMapping("/password-reset")
    String initResetRequest(Model model) {
        model.addAttribute("form", new ResetRequestForm(""));
        model.addAttribute("errors", FormErrors.none());
        return "account/reset-request";
    }

    @PostMapping("/password-reset")
    String processResetRequest(@Valid @ModelAttribute("form") ResetRequestForm form, BindingResult result,
                               Model model, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            model.addAttribute("errors", FormErrors.of(result));
            return "account/reset-request";
        }
        accounts.requestPasswordReset(form.email());
        redirect.addFlashAttribute("flash", "reset.requested");
        return "redirect:/login";
    }

    @GetMapping("/password-reset/{token}")
    String initReset(@PathVariable String token, Model model) {
        return passwordPage(token, Accounts.TokenPurpose.PASSWORD_RESET, FormErrors.none(), model);
    }

    @PostMapping("/password-reset/{token}")
    String processReset(@PathVariable String token, @ModelAttribute("form") PasswordForm form, BindingResult result,
                        Model model, RedirectAttributes redirect) {
        return processPassword(token, Accounts.TokenPurpose.PASSWORD_RESET, form, result, model, redirect);
    }

    @GetMapping("/invitation/{token}")
    String initInvitation(@PathVariable String token, Model model) {
        return passwordPage(token, Accounts.TokenPurpose.INVITATION, FormErrors.none(), model);
    }

    @PostMapping("/invitation/{token}")
    String processInvitation(@PathVariable String token, @ModelAttribute("form") PasswordForm form,
                             BindingResult result, Model model, RedirectAttributes redirect) {
        return processPassword(token, Accounts.TokenPurpose.INVITATION, form, result, model, redirect);
    }

    private String passwordPage(String token, Accounts.TokenPurpose purpose, FormErrors errors, Model model) {
        var owner = accounts.validToken(token, purpose).orElse(null);
        model.addAttribute("valid", owner != null);
        model.addAttribute("email", owner == null ? "" : owner.email());
        model.addAttribute("invitation", purpose == Accounts.TokenPurpose.INVITATION);
        model.addAttribute("action", (purpose == Accounts.TokenPurpose.INVITATION ? "/invitation/" : "/password-reset/") + token);
        model.addAttribute("errors", errors);
        model.addAttribute("minLength", PasswordRules.MIN_LENGTH);
        return "account/set-password";
    }

    private String processPassword(String token, Accounts.TokenPurpose purpose, PasswordForm form,
                                   BindingResult result, Model model, RedirectAttributes redirect) {
        PasswordRules.check(form.password(), form.confirmation(), result);
        if (result.hasErrors()) {
            return passwordPage(token, purpose, FormErrors.of(result), model);
        }
        if (!accounts.setPasswordWithToken(token, purpose, form.password())) {
            return passwordPage(token, purpose, FormErrors.none(), model);
        }
        redirect.addFlashAttribute("flash", purpose == Accounts.TokenPurpose.INVITATION ? "invitation.done" : "reset.done");
        return "redirect:/login";
    }

}
