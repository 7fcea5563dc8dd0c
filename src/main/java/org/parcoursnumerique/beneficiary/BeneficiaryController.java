package org.parcoursnumerique.beneficiary;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.parcoursnumerique.shared.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The list of people in scope, the person's page, and the change of their contact details. */
@Controller
class BeneficiaryController {

    record ContactForm(@Size(max = 20, message = "{contact.phone.format}") String phone,
                       @Email(message = "{email.format}") @Size(max = 320, message = "{email.format}") String email,
                       @NotNull(message = "{contact.channel.required}") PreferredChannel preferredChannel,
                       @NotNull Integer version,
                       @Size(max = 200, message = "{contact.addressLine.tooLong}") String addressLine,
                       @Size(max = 200, message = "{contact.addressComplement.tooLong}") String addressComplement,
                       @Size(max = 5, message = "{contact.postcode.format}") String postcode,
                       @Size(max = 100, message = "{contact.city.tooLong}") String city) {
        ContactForm {
            // Spaces around a copied address or number are not an error.
            phone = phone == null ? null : phone.strip();
            email = email == null ? null : email.strip();
            addressLine = Names.freeText(addressLine);
            addressComplement = Names.freeText(addressComplement);
            // "93 200" as people write it is the postcode 93200.
            postcode = Names.freeText(postcode) == null ? null : Names.freeText(postcode).replaceAll("\\s", "");
            city = Names.freeText(city);
        }

        ContactForm(String phone, String email, PreferredChannel preferredChannel, Integer version,
                    BeneficiaryQueries.PostalAddress address) {
            this(phone, email, preferredChannel, version, address.addressLine(), address.addressComplement(),
                    address.postcode(), address.city());
        }

        boolean anyAddress() {
            return addressLine != null || addressComplement != null || postcode != null || city != null;
        }
    }

    enum PreferredChannel { SMS, EMAIL, PHONE, POST }

    private final BeneficiaryQueries queries;
    private final Programmes programmes;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectProvider<PersonPageSection> sections;
    private final Consents consents;
    private final PersonInScope persons;
    private final Corrections corrections;
    private final Timeline timeline;

    BeneficiaryController(BeneficiaryQueries queries, Programmes programmes, AuditLog audit, JdbcClient jdbc,
                          Clock clock, ObjectProvider<PersonPageSection> sections, Consents consents,
                          PersonInScope persons, Corrections corrections, Timeline timeline) {
        this.consents = consents;
        this.persons = persons;
        this.corrections = corrections;
        this.timeline = timeline;
        this.sections = sections;
        this.queries = queries;
        this.programmes = programmes;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping("/beneficiaries")
    String showList(CurrentUser user,
                    @RequestParam(required = false) String q,
                    @RequestParam(required = false) String status,
                    @RequestParam(required = false) String category,
                    @RequestParam(required = false) String territory,
                    @RequestParam(required = false) String commune,
                    @RequestParam(required = false) String sort,
                    @RequestParam(required = false) String page,
                    Model model) {
        List<String> statuses = Arrays.stream(BeneficiaryStatus.values()).map(Enum::name).toList();
        List<String> categories = programmes.eligibilityCategories();
        var territories = programmes.territories();
        var communes = programmes.communes();
        // Unknown filter values are ignored rather than refused: links from bookmarks keep working.
        Long territoryId = territories.stream().filter(t -> t.code().equals(territory)).map(Programmes.Territory::id)
                .findFirst().orElse(null);
        String communeCode = communes.stream().map(Programmes.Commune::inseeCode).filter(c -> c.equals(commune))
                .findFirst().orElse(null);
        var filter = new BeneficiaryQueries.Filter(
                q == null ? null : q.strip().substring(0, Math.min(q.strip().length(), 100)),
                statuses.contains(status) ? status : null,
                categories.contains(category) ? category : null,
                user.dataScope().kind() == DataScope.Kind.TERRITORY ? null : territoryId,
                communeCode,
                "name".equals(sort) ? BeneficiaryQueries.Sort.NAME : BeneficiaryQueries.Sort.RECENT,
                parsePage(page));
        var result = queries.list(user.dataScope(), filter);
        // Lists show personal data too: who looked for whom is part of the access log.
        audit.record(user, null, AuditAction.LIST, describe(filter, result.rows().size()));
        model.addAttribute("filter", filter);
        model.addAttribute("result", result);
        model.addAttribute("statuses", statuses);
        model.addAttribute("categories", categories);
        model.addAttribute("territories", user.dataScope().kind() == DataScope.Kind.TERRITORY ? List.of() : territories);
        model.addAttribute("communes", communes);
        model.addAttribute("territoryCode", territoryId == null ? "" : territory);
        return "beneficiary/list";
    }

    private String describe(BeneficiaryQueries.Filter filter, int shown) {
        StringBuilder d = new StringBuilder();
        if (filter.q() != null && !filter.q().isBlank()) {
            d.append(audit.searchTerm(filter.q())).append(' '); // never the names themselves
        }
        if (filter.status() != null) {
            d.append("status=").append(filter.status()).append(' ');
        }
        if (filter.category() != null) {
            d.append("category=").append(filter.category()).append(' ');
        }
        if (filter.territoryId() != null) {
            d.append("territory=").append(filter.territoryId()).append(' ');
        }
        if (filter.commune() != null) {
            d.append("commune=").append(filter.commune()).append(' ');
        }
        return d.append("page=").append(filter.page()).append(" shown=").append(shown).toString();
    }

    private static int parsePage(String page) {
        try {
            return page == null ? 1 : Math.max(1, Math.min(Integer.parseInt(page), 100_000));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @GetMapping("/beneficiaries/{id}")
    String showBeneficiary(CurrentUser user, @PathVariable long id, @ModelAttribute("ctx") PageContext ctx,
                           Model model) {
        var detail = persons.read(user, id, null, queries::find);
        model.addAttribute("person", detail);
        model.addAttribute("address", queries.address(id));
        model.addAttribute("sections", sections.orderedStream()
                .sorted(java.util.Comparator.comparingInt(PersonPageSection::order))
                .flatMap(section -> section.render(ctx, user, id).stream()).toList());
        var consentHistory = consents.history(id);
        model.addAttribute("consents", consentHistory);
        model.addAttribute("currentConsents", Consents.current(consentHistory));
        model.addAttribute("accesses", audit.accessGroups(id, 20));
        model.addAttribute("canEdit", canEdit(user) && !detail.anonymised());
        // The whole file and the history of corrections: for whoever answers the person's requests
        // about their data (ADR 0019), the territory's coordinator and the département.
        boolean dataOfficer = PersonDataExport.mayExport(user);
        model.addAttribute("canExport", dataOfficer);
        model.addAttribute("corrections", dataOfficer ? corrections.history(id) : List.of());
        return "beneficiary/show";
    }

    /** The whole timeline ("voir tout"), for the staff who see it on the person's page. */
    @GetMapping("/beneficiaries/{id}/timeline")
    String showTimeline(CurrentUser user, @PathVariable long id, @ModelAttribute("ctx") PageContext ctx, Model model) {
        if (!Timeline.shownTo(user)) {
            throw new NotFoundException();
        }
        var detail = persons.read(user, id, "timeline", queries::find);
        model.addAttribute("person", detail);
        model.addAttribute("view", timeline.of(ctx, user, id, Timeline.PAGE_SIZE));
        return "beneficiary/timeline";
    }

    @GetMapping("/beneficiaries/{id}/contact")
    String initContactForm(CurrentUser user, @PathVariable long id, Model model) {
        editorsOnly(user);
        var detail = persons.read(user, id, "contact form", queries::find);
        if (detail.anonymised()) {
            throw new org.parcoursnumerique.shared.ConflictException("beneficiary.anonymised.locked");
        }
        PreferredChannel channel = PreferredChannel.valueOf(detail.preferredChannel());
        return contactForm(model, detail, new ContactForm(Contacts.formatPhone(detail.phone()), detail.email(), channel, detail.version(),
                queries.address(id)), FormErrors.none());
    }

    private String contactForm(Model model, BeneficiaryQueries.Detail detail, ContactForm form, FormErrors errors) {
        model.addAttribute("person", detail);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("channels", Arrays.stream(PreferredChannel.values()).map(Enum::name).toList());
        return "beneficiary/contact";
    }

    @PostMapping("/beneficiaries/{id}/contact")
    @Transactional
    String processContactForm(CurrentUser user, @PathVariable long id, @Valid @ModelAttribute("form") ContactForm form,
                              BindingResult result, Model model, RedirectAttributes redirect) {
        var detail = findEditable(user, id);
        String phone = Contacts.normalisePhone(form.phone());
        String email = Contacts.normaliseEmail(form.email());
        if (phone != null && !result.hasFieldErrors("phone") && !Contacts.isValidPhone(phone)) {
            result.rejectValue("phone", "contact.phone.format");
        }
        if (email != null && !result.hasFieldErrors("email") && !Contacts.isValidEmail(email)) {
            result.rejectValue("email", "email.format");
        }
        if (form.preferredChannel() == PreferredChannel.SMS || form.preferredChannel() == PreferredChannel.PHONE) {
            if (phone == null && !result.hasFieldErrors("phone")) {
                result.rejectValue("phone", "contact.phone.neededForChannel");
            }
        }
        if (form.preferredChannel() == PreferredChannel.EMAIL && email == null && !result.hasFieldErrors("email")) {
            result.rejectValue("email", "contact.email.neededForChannel");
        }
        checkAddress(form, result);
        if (result.hasErrors()) {
            return contactForm(model, detail, form, FormErrors.of(result));
        }
        var addressBefore = queries.address(id);
        int updated = jdbc.sql("""
                UPDATE beneficiary SET phone = :phone, email = :email, preferred_channel = :channel,
                       address_line = :addressLine, address_complement = :complement, postcode = :postcode,
                       city = :city, updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version""")
                .param("phone", phone).param("email", email).param("channel", form.preferredChannel().name())
                .param("addressLine", form.addressLine()).param("complement", form.addressComplement())
                .param("postcode", form.postcode()).param("city", form.city())
                .param("now", OffsetDateTime.now(clock)).param("id", id).param("version", form.version())
                .update();
        if (updated == 0) {
            result.reject("contact.conflict");
            var fresh = findEditable(user, id);
            return contactForm(model, fresh, new ContactForm(Contacts.formatPhone(fresh.phone()), fresh.email(),
                    PreferredChannel.valueOf(fresh.preferredChannel()), fresh.version(), queries.address(id)),
                    FormErrors.of(result));
        }
        var origin = Corrections.Origin.CONTACT_FORM;
        corrections.record(id, Corrections.Field.PHONE, detail.phone(), phone, origin, user.id());
        corrections.record(id, Corrections.Field.EMAIL, detail.email(), email, origin, user.id());
        corrections.record(id, Corrections.Field.PREFERRED_CHANNEL, detail.preferredChannel(),
                form.preferredChannel().name(), origin, user.id());
        corrections.record(id, Corrections.Field.ADDRESS, oneLine(addressBefore), oneLine(new BeneficiaryQueries.PostalAddress(
                form.addressLine(), form.addressComplement(), form.postcode(), form.city())), origin, user.id());
        audit.record(user, id, AuditAction.CHANGE, "contact");
        redirect.addFlashAttribute("flash", "contact.saved");
        return "redirect:/beneficiaries/" + id;
    }

    /** The address as one line for the correction history: street, complement, postcode and town. */
    private static String oneLine(BeneficiaryQueries.PostalAddress a) {
        var parts = new java.util.ArrayList<String>();
        if (a.addressLine() != null) {
            parts.add(a.addressLine());
        }
        if (a.addressComplement() != null) {
            parts.add(a.addressComplement());
        }
        String town = ((a.postcode() == null ? "" : a.postcode()) + " " + (a.city() == null ? "" : a.city())).strip();
        if (!town.isEmpty()) {
            parts.add(town);
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /**
     * The postal address is optional, but whole when given (a street without its town reaches nobody),
     * and needed when the person wants to be contacted by post.
     */
    private static void checkAddress(ContactForm form, BindingResult result) {
        boolean byPost = form.preferredChannel() == PreferredChannel.POST;
        if (!byPost && !form.anyAddress()) {
            return;
        }
        if (form.addressLine() == null && !result.hasFieldErrors("addressLine")) {
            if (byPost) {
                result.rejectValue("addressLine", "contact.addressLine.neededForChannel");
            } else {
                result.rejectValue("addressLine", "contact.addressLine.incomplete");
            }
        }
        if (form.postcode() != null && !result.hasFieldErrors("postcode") && !form.postcode().matches("[0-9]{5}")) {
            result.rejectValue("postcode", "contact.postcode.format");
        } else if (form.postcode() == null && !result.hasFieldErrors("postcode")) {
            if (byPost) {
                result.rejectValue("postcode", "contact.postcode.neededForChannel");
            } else {
                result.rejectValue("postcode", "contact.postcode.incomplete");
            }
        }
        if (form.city() == null && !result.hasFieldErrors("city")) {
            if (byPost) {
                result.rejectValue("city", "contact.city.neededForChannel");
            } else {
                result.rejectValue("city", "contact.city.incomplete");
            }
        }
    }

    private BeneficiaryQueries.Detail findEditable(CurrentUser user, long id) {
        editorsOnly(user);
        var detail = persons.reach(user, id, queries::find);
        if (detail.anonymised()) {
            // Contact details of an anonymised person would be personal data again, with no one to reach.
            throw new org.parcoursnumerique.shared.ConflictException("beneficiary.anonymised.locked");
        }
        return detail;
    }

    private static void editorsOnly(CurrentUser user) {
        if (!canEdit(user)) {
            throw new NotFoundException();
        }
    }

    private static boolean canEdit(CurrentUser user) {
        return user.has(Role.COORDINATOR, Role.MEDIATOR, Role.PRESCRIBER);
    }
}
