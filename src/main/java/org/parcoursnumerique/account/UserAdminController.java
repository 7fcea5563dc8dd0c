package org.parcoursnumerique.account;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Pagination;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators list, invite, deactivate and reactivate accounts. */
@Controller
class UserAdminController {

    record UserRow(long id, String email, String displayName, String organisationName, String role, boolean active,
                   boolean activated, OffsetDateTime lastLoginAt, OffsetDateTime lockedUntil, boolean digitalAdvisor) {
    }

    record InviteForm(
            @NotBlank(message = "{email.required}") @Email(message = "{email.format}") @Size(max = 320, message = "{email.format}") String email,
            @NotBlank(message = "{user.name.required}") @Size(max = 200, message = "{user.name.size}")
            @org.parcoursnumerique.shared.PlainText(label = "users.name") String displayName,
            @NotNull(message = "{user.organisation.required}") Long organisationId,
            @NotNull(message = "{user.role.required}") Role role) {
    }

    /** Which roles fit which kind of organisation. */
    static boolean roleFits(Role role, OrganisationKind kind) {
        return switch (role) {
            case ADMINISTRATOR -> kind == OrganisationKind.PLATFORM || kind == OrganisationKind.DEPARTEMENT;
            case PROGRAMME_MANAGER -> kind == OrganisationKind.DEPARTEMENT;
            case EPT_VIEWER -> kind == OrganisationKind.EPT;
            case COORDINATOR, MEDIATOR, LOGISTICS_MANAGER ->
                    kind == OrganisationKind.CONSORTIUM || kind == OrganisationKind.MEMBER_STRUCTURE;
            case PRESCRIBER -> kind == OrganisationKind.PRESCRIBER;
        };
    }

    /** Accounts per page of the administrators' list. */
    static final int USERS_PAGE_SIZE = 50;

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final Organisations organisations;

    UserAdminController(JdbcClient jdbc, Accounts accounts, Organisations organisations) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.organisations = organisations;
    }

    @GetMapping("/admin/users")
    String showUsers(@RequestParam(required = false, name = "organisation") String organisationParam,
                     @RequestParam(required = false) String q, @RequestParam(required = false) String page,
                     Model model) {
        // An organisation that is not a number is ignored (never a 400): the filter keeps only what it can read.
        Long organisation = organisationParam != null && organisationParam.strip().matches("\\d{1,18}")
                ? Long.valueOf(organisationParam.strip()) : null;
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (organisation != null) {
            sql.append(" AND u.organisation_id = :organisation");
            params.put("organisation", organisation);
        }
        if (q != null && !q.isBlank()) {
            sql.append(" AND (LOWER(u.email) LIKE :q OR LOWER(u.display_name) LIKE :q)");
            params.put("q", "%" + Names.likePrefix(q.trim().toLowerCase()));
        }
        String from = " FROM user_account u JOIN organisation_v o ON o.id = u.organisation_id" + sql;
        params.put("cap", Pagination.DEFAULT_COUNT_CAP + 1);
        long counted = jdbc.sql("SELECT COUNT(*) FROM (SELECT 1" + from + " LIMIT :cap) x").params(params)
                .query(Long.class).single();
        var pagination = Pagination.of(page, USERS_PAGE_SIZE, counted, Pagination.DEFAULT_COUNT_CAP,
                Pagination.link("/admin/users", "q", q, "organisation", organisation == null ? null : organisation.toString()));
        params.put("limit", pagination.limit());
        params.put("offset", pagination.offset());
        model.addAttribute("users", jdbc.sql("""
                SELECT u.id, u.email, u.display_name, o.name AS organisation_name, u.role, u.active,
                       (u.password_hash IS NOT NULL) AS activated, u.last_login_at, u.locked_until, u.digital_advisor""" + from
                + " ORDER BY o.name, u.display_name, u.id LIMIT :limit OFFSET :offset")
                .params(params).query(UserRow.class).list());
        model.addAttribute("pagination", pagination);
        model.addAttribute("organisations", organisations.all());
        model.addAttribute("organisation", organisation);
        model.addAttribute("q", q == null ? "" : q);
        return "account/users";
    }

    @GetMapping("/admin/users/new")
    String initInviteForm(Model model) {
        return inviteForm(model, new InviteForm("", "", null, null), FormErrors.none());
    }

    private String inviteForm(Model model, InviteForm form, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("organisations", organisations.all());
        model.addAttribute("roles", Arrays.asList(Role.values()));
        return "account/invite";
    }

    @PostMapping("/admin/users")
    String processInviteForm(CurrentUser admin, @Valid @ModelAttribute("form") InviteForm form, BindingResult result,
                             Model model, RedirectAttributes redirect) {
        if (!result.hasFieldErrors("organisationId") && form.organisationId() != null) {
            var org = organisations.find(form.organisationId());
            if (org.isEmpty() || !org.get().active()) {
                result.rejectValue("organisationId", "user.organisation.required");
            } else if (form.role() != null && !roleFits(form.role(), org.get().kind())) {
                result.rejectValue("role", "user.role.mismatch");
            }
        }
        if (!result.hasFieldErrors("email") && accounts.emailTaken(form.email())) {
            result.rejectValue("email", "user.email.taken");
        }
        if (result.hasErrors()) {
            return inviteForm(model, form, FormErrors.of(result));
        }
        accounts.invite(admin, form.email(), form.displayName(), form.organisationId(), form.role());
        redirect.addFlashAttribute("flash", "user.invited");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}/deactivate")
    String processDeactivation(CurrentUser admin, @PathVariable long id, RedirectAttributes redirect) {
        if (admin.id() == id) {
            org.parcoursnumerique.shared.Flash.error(redirect, "user.selfDeactivation");
            return "redirect:/admin/users";
        }
        if (!accounts.setActive(admin, id, false)) {
            throw new NotFoundException();
        }
        redirect.addFlashAttribute("flash", "user.deactivated");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}/reactivate")
    String processReactivation(CurrentUser admin, @PathVariable long id, RedirectAttributes redirect) {
        if (!accounts.setActive(admin, id, true)) {
            throw new NotFoundException();
        }
        redirect.addFlashAttribute("flash", "user.reactivated");
        return "redirect:/admin/users";
    }

    /** Marks a mediator as a conseiller numérique (a State-funded digital advisor), or no longer. */
    @PostMapping("/admin/users/{id}/digital-advisor")
    String processDigitalAdvisor(@PathVariable long id, @RequestParam(defaultValue = "false") boolean value,
                                 RedirectAttributes redirect) {
        int updated = jdbc.sql("UPDATE user_account SET digital_advisor = :value WHERE id = :id AND role = 'MEDIATOR'")
                .param("value", value).param("id", id).update();
        if (updated == 0) {
            throw new NotFoundException();
        }
        redirect.addFlashAttribute("flash", value ? "user.digitalAdvisor.set" : "user.digitalAdvisor.unset");
        return "redirect:/admin/users";
    }
}
