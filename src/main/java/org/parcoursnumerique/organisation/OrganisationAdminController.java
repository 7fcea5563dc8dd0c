package org.parcoursnumerique.organisation;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators list organisations and add new ones. */
@Controller
class OrganisationAdminController {

    private static final Pattern RNA = Pattern.compile("W\\d{9}");
    private static final Pattern POSTCODE = Pattern.compile("\\d{5}");

    record OrganisationForm(
            @NotNull(message = "{organisation.kind.required}") OrganisationKind kind,
            @NotBlank(message = "{organisation.name.required}") @Size(max = 300, message = "{organisation.name.size}") String name,
            Long territoryId, Long consortiumId, Boolean leadMember, String legalForm, String siret, String rna,
            String prescriberKind, List<Long> servedTerritoryIds, String addressLine, String postcode, String city,
            String accessInfo, String phone) {
    }

    /** The address of an existing member structure, as typed. */
    record AddressForm(String addressLine, String postcode, String city, String accessInfo, String phone) {
    }

    private final Organisations organisations;
    private final Programmes programmes;

    OrganisationAdminController(Organisations organisations, Programmes programmes) {
        this.organisations = organisations;
        this.programmes = programmes;
    }

    @GetMapping("/admin/organisations")
    String showOrganisations(Model model) {
        model.addAttribute("organisations", organisations.all());
        return "organisation/organisations";
    }

    @GetMapping("/admin/organisations/new")
    String initOrganisationForm(Model model) {
        return form(model, new OrganisationForm(null, "", null, null, false, null, "", "", null, List.of(),
                        "", "", "", "", ""),
                FormErrors.none());
    }

    private String form(Model model, OrganisationForm form, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("kinds", Arrays.stream(OrganisationKind.values())
                .filter(k -> k != OrganisationKind.PLATFORM).map(Enum::name).toList());
        model.addAttribute("territories", programmes.territories());
        model.addAttribute("consortia", organisations.consortia());
        model.addAttribute("prescriberKinds", organisations.prescriberKinds());
        return "organisation/new";
    }

    @PostMapping("/admin/organisations")
    String processOrganisationForm(@Valid @ModelAttribute("form") OrganisationForm form, BindingResult result,
                                   Model model, RedirectAttributes redirect) {
        var territoryIds = programmes.territories().stream().map(Programmes.Territory::id).toList();
        OrganisationKind kind = form.kind();
        if (kind == OrganisationKind.PLATFORM) {
            result.rejectValue("kind", "organisation.kind.required");
        }
        if ((kind == OrganisationKind.EPT || kind == OrganisationKind.CONSORTIUM)
                && (form.territoryId() == null || !territoryIds.contains(form.territoryId()))) {
            result.rejectValue("territoryId", "organisation.territory.required");
        }
        if (kind == OrganisationKind.MEMBER_STRUCTURE && (form.consortiumId() == null
                || organisations.consortia().stream().noneMatch(c -> c.id() == form.consortiumId()))) {
            result.rejectValue("consortiumId", "organisation.consortium.required");
        }
        if (kind == OrganisationKind.MEMBER_STRUCTURE && !"ASSOCIATION".equals(form.legalForm())
                && !"ESS".equals(form.legalForm())) {
            result.rejectValue("legalForm", "organisation.legalForm.required");
        }
        String siret = blankToNull(form.siret());
        String rna = blankToNull(form.rna());
        if (siret != null) {
            siret = siret.replace(" ", "");
            if (!Siret.isValid(siret)) {
                result.rejectValue("siret", "organisation.siret.format");
            }
        }
        if (rna != null && !RNA.matcher(rna.toUpperCase()).matches()) {
            result.rejectValue("rna", "organisation.rna.format");
        }
        if (kind == OrganisationKind.MEMBER_STRUCTURE && siret == null && rna == null
                && !result.hasFieldErrors("siret") && !result.hasFieldErrors("rna")) {
            result.rejectValue("siret", "organisation.identifier.required");
        }
        if (kind == OrganisationKind.PRESCRIBER) {
            if (form.prescriberKind() == null || !organisations.prescriberKinds().contains(form.prescriberKind())) {
                result.rejectValue("prescriberKind", "organisation.prescriberKind.required");
            }
            if (form.servedTerritoryIds() == null || form.servedTerritoryIds().isEmpty()
                    || !territoryIds.containsAll(form.servedTerritoryIds())) {
                result.rejectValue("servedTerritoryIds", "organisation.served.required");
            }
        }
        Organisations.Address address = kind == OrganisationKind.MEMBER_STRUCTURE ? address(form.addressLine(),
                form.postcode(), form.city(), form.accessInfo(), form.phone(), result) : null;
        if (!result.hasFieldErrors("name") && organisations.findByName(form.name().trim()).isPresent()) {
            result.rejectValue("name", "organisation.name.taken");
        }
        if (result.hasErrors()) {
            return form(model, form, FormErrors.of(result));
        }
        organisations.create(new Organisations.NewOrganisation(kind, form.name().trim(),
                kind.hasTerritory() ? form.territoryId() : null, form.consortiumId(),
                kind == OrganisationKind.MEMBER_STRUCTURE && Boolean.TRUE.equals(form.leadMember()),
                kind == OrganisationKind.MEMBER_STRUCTURE ? form.legalForm() : null, siret,
                rna == null ? null : rna.toUpperCase(), form.prescriberKind(), form.servedTerritoryIds(), address));
        redirect.addFlashAttribute("flash", "organisation.created");
        return "redirect:/admin/organisations";
    }

    @GetMapping("/admin/organisations/{id}/address")
    String initAddressForm(@PathVariable long id, Model model) {
        var o = memberStructure(id);
        model.addAttribute("organisation", o);
        model.addAttribute("form", new AddressForm(o.addressLine(), o.postcode(), o.city(), o.accessInfo(), Contacts.formatPhone(o.phone())));
        model.addAttribute("errors", FormErrors.none());
        return "organisation/address";
    }

    @PostMapping("/admin/organisations/{id}/address")
    String processAddressForm(@PathVariable long id, @ModelAttribute("form") AddressForm form, BindingResult result,
                              Model model, RedirectAttributes redirect) {
        var o = memberStructure(id);
        var address = address(form.addressLine(), form.postcode(), form.city(), form.accessInfo(), form.phone(), result);
        if (address == null && !result.hasErrors()) {
            result.rejectValue("addressLine", "organisation.address.required");
        }
        if (result.hasErrors()) {
            model.addAttribute("organisation", o);
            model.addAttribute("errors", FormErrors.of(result));
            return "organisation/address";
        }
        organisations.changeAddress(id, address);
        redirect.addFlashAttribute("flash", "organisation.addressChanged");
        return "redirect:/admin/organisations";
    }

    /** Only member structures receive people; other organisations have no address page. */
    private Organisations.Organisation memberStructure(long id) {
        return organisations.find(id).filter(o -> o.kind() == OrganisationKind.MEMBER_STRUCTURE)
                .orElseThrow(NotFoundException::new);
    }

    /**
     * The address typed, checked: all of street, postcode and city or none of them; a French postcode;
     * a French phone number if one is given. Null when none was typed (or on errors).
     */
    static Organisations.Address address(String line, String postcode, String city, String access, String phone,
                                         BindingResult result) {
        String l = blankToNull(line);
        String p = blankToNull(postcode);
        String c = blankToNull(city);
        String a = blankToNull(access);
        String t = Contacts.normalisePhone(phone);
        boolean any = l != null || p != null || c != null || a != null || t != null;
        if (!any) {
            return null;
        }
        if (l == null) {
            result.rejectValue("addressLine", "organisation.address.required");
        } else if (l.length() > 200) {
            result.rejectValue("addressLine", "organisation.address.size");
        }
        if (p == null) {
            result.rejectValue("postcode", "organisation.postcode.required");
        } else if (!POSTCODE.matcher(p).matches()) {
            result.rejectValue("postcode", "organisation.postcode.format");
        }
        if (c == null) {
            result.rejectValue("city", "organisation.city.required");
        } else if (c.length() > 100) {
            result.rejectValue("city", "organisation.city.size");
        }
        if (a != null && a.length() > 200) {
            result.rejectValue("accessInfo", "organisation.accessInfo.size");
        }
        if (t != null && !Contacts.isValidPhone(t)) {
            result.rejectValue("phone", "organisation.phone.format");
        }
        if (result.hasFieldErrors("addressLine") || result.hasFieldErrors("postcode") || result.hasFieldErrors("city")
                || result.hasFieldErrors("accessInfo") || result.hasFieldErrors("phone")) {
            return null;
        }
        return new Organisations.Address(l, p, c, a, t);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
