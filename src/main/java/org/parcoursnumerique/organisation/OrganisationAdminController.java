package org.parcoursnumerique.organisation;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.PlainText;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators search, add and edit organisations. */
@Controller
class OrganisationAdminController {

    private static final Pattern RNA = Pattern.compile("W\\d{9}");
    private static final Pattern POSTCODE = Pattern.compile("\\d{5}");

    record OrganisationForm(
            // Checked by the creation only: an edit keeps the stored kind.
            OrganisationKind kind,
            @NotBlank(message = "{organisation.name.required}") @Size(max = 300, message = "{organisation.name.size}")
            @PlainText(label = "organisations.name") String name,
            Long territoryId, Long consortiumId, Boolean leadMember, String legalForm,
            @Size(max = 30, message = "{organisation.siret.format}") @PlainText(label = "organisations.siret") String siret,
            @Size(max = 10, message = "{organisation.rna.format}") @PlainText(label = "organisations.rna") String rna,
            String prescriberKind, List<Long> servedTerritoryIds,
            @PlainText(label = "organisations.addressLine") String addressLine,
            @PlainText(label = "organisations.postcode") String postcode,
            @PlainText(label = "organisations.city") String city,
            @PlainText(label = "organisations.accessInfo") String accessInfo,
            @PlainText(label = "organisations.phone") String phone) {
    }

    /** The address of an existing member structure, as typed. */
    record AddressForm(@PlainText(label = "organisations.addressLine") String addressLine,
                       @PlainText(label = "organisations.postcode") String postcode,
                       @PlainText(label = "organisations.city") String city,
                       @PlainText(label = "organisations.accessInfo") String accessInfo,
                       @PlainText(label = "organisations.phone") String phone) {
    }

    /** Legal forms of member structures; only the coordinating structure must be an association or ESS. */
    static final List<String> LEGAL_FORMS = List.of("ASSOCIATION", "ESS", "MUNICIPALITY", "CCAS", "OTHER_PUBLIC_BODY",
            "COMPANY", "OTHER");
    static final List<String> LEAD_LEGAL_FORMS = List.of("ASSOCIATION", "ESS");

    private final Organisations organisations;
    private final Programmes programmes;

    OrganisationAdminController(Organisations organisations, Programmes programmes) {
        this.organisations = organisations;
        this.programmes = programmes;
    }

    @GetMapping("/admin/organisations")
    String showOrganisations(@RequestParam(required = false) String q, @RequestParam(required = false) String kind,
                             @RequestParam(required = false) String territory,
                             @RequestParam(required = false) String page, Model model) {
        OrganisationKind knownKind = Arrays.stream(OrganisationKind.values()).filter(k -> k.name().equals(kind))
                .findFirst().orElse(null);
        Long territoryId = programmes.territories().stream().filter(t -> String.valueOf(t.id()).equals(territory))
                .map(Programmes.Territory::id).findFirst().orElse(null);
        int pageNumber = page != null && page.matches("\\d{1,6}") ? Integer.parseInt(page) : 1;
        String query = q == null ? "" : q.strip();
        if (query.length() > 100) {
            query = query.substring(0, 100);
        }
        var result = organisations.search(new Organisations.Filter(query, knownKind, territoryId, pageNumber));
        model.addAttribute("result", result);
        model.addAttribute("q", query);
        model.addAttribute("kind", knownKind);
        model.addAttribute("territoryId", territoryId);
        model.addAttribute("kinds", Arrays.asList(OrganisationKind.values()));
        model.addAttribute("territories", programmes.territories());
        return "organisation/organisations";
    }

    @GetMapping("/admin/organisations/new")
    String initOrganisationForm(Model model) {
        return form(model, new OrganisationForm(null, "", null, null, false, null, "", "", null, List.of(),
                        "", "", "", "", ""),
                FormErrors.none(), null);
    }

    private String form(Model model, OrganisationForm form, FormErrors errors, Organisations.Organisation editing) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("kinds", Arrays.stream(OrganisationKind.values())
                .filter(k -> k != OrganisationKind.PLATFORM).map(Enum::name).toList());
        model.addAttribute("territories", programmes.territories());
        model.addAttribute("consortia", organisations.consortia());
        model.addAttribute("prescriberKinds", organisations.prescriberKinds());
        model.addAttribute("legalForms", LEGAL_FORMS);
        model.addAttribute("editing", editing);
        return "organisation/new";
    }

    @PostMapping("/admin/organisations")
    String processOrganisationForm(@Valid @ModelAttribute("form") OrganisationForm form, BindingResult result,
                                   Model model, RedirectAttributes redirect) {
        OrganisationKind kind = form.kind();
        if (kind == null || kind == OrganisationKind.PLATFORM) {
            result.rejectValue("kind", "organisation.kind.required");
        }
        var checked = check(form, kind, result, null);
        if (result.hasErrors()) {
            return form(model, form, FormErrors.of(result), null);
        }
        organisations.create(new Organisations.NewOrganisation(kind, form.name().trim(),
                kind.hasTerritory() || kind.isPartner() ? form.territoryId() : null, form.consortiumId(),
                kind == OrganisationKind.MEMBER_STRUCTURE && Boolean.TRUE.equals(form.leadMember()),
                kind == OrganisationKind.MEMBER_STRUCTURE ? form.legalForm() : null, checked.siret(),
                checked.rna(), form.prescriberKind(), form.servedTerritoryIds(), checked.address()));
        redirect.addFlashAttribute("flash", "organisation.created");
        return "redirect:/admin/organisations";
    }

    @GetMapping("/admin/organisations/{id}/edit")
    String initEditForm(@PathVariable long id, Model model) {
        var o = organisations.find(id).filter(x -> x.kind() != OrganisationKind.PLATFORM)
                .orElseThrow(NotFoundException::new);
        List<Long> served = organisations.servedTerritoryIds(id);
        return form(model, new OrganisationForm(o.kind(), o.name(), o.territoryId(), o.consortiumId(), o.leadMember(),
                o.legalForm(), o.siret(), o.rna(), o.prescriberKind(), served, o.addressLine(), o.postcode(), o.city(),
                o.accessInfo(), o.phone()), FormErrors.none(), o);
    }

    @PostMapping("/admin/organisations/{id}")
    String processEditForm(CurrentUser admin, @PathVariable long id, @Valid @ModelAttribute("form") OrganisationForm form,
                           BindingResult result, Model model, RedirectAttributes redirect) {
        var o = organisations.find(id).filter(x -> x.kind() != OrganisationKind.PLATFORM)
                .orElseThrow(NotFoundException::new);
        // The kind is not editable (it decides what the organisation's users may see): the stored one counts.
        var checked = check(form, o.kind(), result, id);
        if (result.hasErrors()) {
            var shown = new OrganisationForm(o.kind(), form.name(), form.territoryId(), form.consortiumId(),
                    form.leadMember(), form.legalForm(), form.siret(), form.rna(), form.prescriberKind(),
                    form.servedTerritoryIds(), form.addressLine(), form.postcode(), form.city(), form.accessInfo(),
                    form.phone());
            return form(model, shown, FormErrors.of(result), o);
        }
        organisations.update(admin, id, new Organisations.Changes(form.name().trim(), form.territoryId(),
                form.consortiumId(), Boolean.TRUE.equals(form.leadMember()), form.legalForm(), checked.siret(),
                checked.rna(), form.prescriberKind(),
                form.servedTerritoryIds() == null ? List.of() : form.servedTerritoryIds(), checked.address()));
        redirect.addFlashAttribute("flash", "organisation.updated");
        return "redirect:/admin/organisations?q=" + java.net.URLEncoder.encode(form.name().trim(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What {@link #check} cleaned: identifiers without spaces, the address or null. */
    private record Checked(String siret, String rna, Organisations.Address address) {
    }

    /** The rules of the form for an organisation of this kind (new, or {@code editingId}). */
    private Checked check(OrganisationForm form, OrganisationKind kind, BindingResult result, Long editingId) {
        var territoryIds = programmes.territories().stream().map(Programmes.Territory::id).toList();
        if ((kind == OrganisationKind.EPT || kind == OrganisationKind.CONSORTIUM)
                && (form.territoryId() == null || !territoryIds.contains(form.territoryId()))) {
            result.rejectValue("territoryId", "organisation.territory.required");
        }
        if (kind != null && kind.isPartner() && form.territoryId() != null && !territoryIds.contains(form.territoryId())) {
            result.rejectValue("territoryId", "organisation.territory.required");
        }
        if (kind == OrganisationKind.MEMBER_STRUCTURE && (form.consortiumId() == null
                || organisations.consortia().stream().noneMatch(c -> c.id() == form.consortiumId()))) {
            result.rejectValue("consortiumId", "organisation.consortium.required");
        }
        if (kind == OrganisationKind.MEMBER_STRUCTURE) {
            if (!LEGAL_FORMS.contains(form.legalForm())) {
                result.rejectValue("legalForm", "organisation.legalForm.required");
            } else if (Boolean.TRUE.equals(form.leadMember()) && !LEAD_LEGAL_FORMS.contains(form.legalForm())) {
                // The call asks this of the coordinating structure only; other members may be of any form.
                result.rejectValue("legalForm", "organisation.legalForm.lead");
            }
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
        Organisations.Address address = kind == OrganisationKind.MEMBER_STRUCTURE && !addressHasCharacterErrors(result)
                ? address(form.addressLine(), form.postcode(), form.city(), form.accessInfo(), form.phone(), result)
                : null;
        if (!result.hasFieldErrors("name") && form.name() != null && organisations.findByName(form.name().trim())
                .filter(other -> editingId == null || other.id() != editingId).isPresent()) {
            result.rejectValue("name", "organisation.name.taken");
        }
        return new Checked(siret, rna == null ? null : rna.toUpperCase(), address);
    }

    private static boolean addressHasCharacterErrors(BindingResult result) {
        return result.hasFieldErrors("addressLine") || result.hasFieldErrors("postcode") || result.hasFieldErrors("city")
                || result.hasFieldErrors("accessInfo") || result.hasFieldErrors("phone");
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
    String processAddressForm(@PathVariable long id, @Valid @ModelAttribute("form") AddressForm form, BindingResult result,
                              Model model, RedirectAttributes redirect) {
        var o = memberStructure(id);
        var address = result.hasErrors() ? null
                : address(form.addressLine(), form.postcode(), form.city(), form.accessInfo(), form.phone(), result);
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
