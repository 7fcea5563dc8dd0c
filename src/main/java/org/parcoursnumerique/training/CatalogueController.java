package org.parcoursnumerique.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.diagnostic.TrainingLevel;
import org.parcoursnumerique.diagnostic.TrainingTheme;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The offers catalogue: search, an offer, imports of offer files, the consortium's dedicated trainings. */
@Controller
class CatalogueController {

    private final OfferQueries offers;
    private final OfferImports imports;
    private final DedicatedTrainings dedicated;
    private final CommuneCentres centres;

    CatalogueController(OfferQueries offers, OfferImports imports, DedicatedTrainings dedicated, CommuneCentres centres) {
        this.offers = offers;
        this.imports = imports;
        this.dedicated = dedicated;
        this.centres = centres;
    }

    static boolean canRead(CurrentUser user) {
        return user.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR, Role.ADMINISTRATOR);
    }

    static boolean canImport(CurrentUser user) {
        return user.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.ADMINISTRATOR);
    }

    @GetMapping("/trainings")
    String showCatalogue(CurrentUser user, @ModelAttribute("search") SearchForm search,
                         @RequestParam(required = false) String page, Model model) {
        if (!canRead(user)) {
            throw new NotFoundException();
        }
        var result = offers.search(search.criteria(centres), TerritoryScope.toRead(user), page, search.link("/trainings"));
        model.addAttribute("search", search);
        model.addAttribute("result", result);
        model.addAttribute("communes", centres.list());
        model.addAttribute("canImport", canImport(user));
        model.addAttribute("canCreate", DedicatedTrainings.canWrite(user));
        return "training/catalogue";
    }

    @GetMapping("/trainings/offers/{id}")
    String showOffer(CurrentUser user, @PathVariable long id, Model model) {
        if (!canRead(user)) {
            throw new NotFoundException();
        }
        var offer = offers.find(id, TerritoryScope.toRead(user)).orElseThrow(NotFoundException::new);
        return offerPage(user, offer, new DedicatedTrainings.SessionForm("", "", "", offer.fullAddress(), "12"),
                FormErrors.none(), model);
    }

    private String offerPage(CurrentUser user, OfferQueries.Offer offer, DedicatedTrainings.SessionForm form,
                             FormErrors errors, Model model) {
        model.addAttribute("offer", offer);
        model.addAttribute("services", offers.services(offer.id()));
        model.addAttribute("themes", offers.themes(List.of(offer.id())).getOrDefault(offer.id(), List.of()));
        model.addAttribute("sessions", offers.sessions(offer.id(), false));
        model.addAttribute("trainer", offer.trainerOrganisationId() == null ? null
                : dedicated.trainers().stream().filter(o -> o.id() == offer.trainerOrganisationId()).findFirst()
                        .map(o -> o.name()).orElse(null));
        model.addAttribute("canAddSession", DedicatedTrainings.canWrite(user) && offer.dedicated() && offer.territoryId() != null
                && TerritoryScope.toWrite(user).includes(offer.territoryId()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "training/offer";
    }

    @PostMapping("/trainings/offers/{id}/sessions")
    String processSessionForm(CurrentUser user, @PathVariable long id,
                              @ModelAttribute("form") DedicatedTrainings.SessionForm form, BindingResult result,
                              Model model, RedirectAttributes redirect) {
        if (!DedicatedTrainings.canWrite(user)) {
            throw new NotFoundException();
        }
        var offer = offers.find(id, TerritoryScope.toRead(user)).filter(OfferQueries.Offer::dedicated)
                .filter(o -> o.territoryId() != null && TerritoryScope.toWrite(user).includes(o.territoryId()))
                .orElseThrow(NotFoundException::new);
        dedicated.sessionProblems(form).forEach((field, key) -> result.rejectValue(field, key));
        if (result.hasErrors()) {
            return offerPage(user, offer, form, FormErrors.of(result), model);
        }
        dedicated.addSession(user, id, form);
        Flash.success(redirect, "training.session.added");
        return "redirect:/trainings/offers/" + id;
    }

    @GetMapping("/trainings/dedicated/new")
    String initDedicatedForm(CurrentUser user, Model model) {
        if (!DedicatedTrainings.canWrite(user)) {
            throw new NotFoundException();
        }
        return dedicatedForm(user, new DedicatedTrainings.Form("", "", "BEGINNER", List.of(), null, "", "", "", "", false,
                false, "", "", "", "12"), FormErrors.none(), model);
    }

    @PostMapping("/trainings/dedicated")
    String processDedicatedForm(CurrentUser user, @ModelAttribute("form") DedicatedTrainings.Form form,
                                BindingResult result, Model model, RedirectAttributes redirect) {
        if (!DedicatedTrainings.canWrite(user)) {
            throw new NotFoundException();
        }
        dedicated.problems(user, form).forEach((field, key) -> result.rejectValue(field, key));
        if (result.hasErrors()) {
            return dedicatedForm(user, form, FormErrors.of(result), model);
        }
        long id = dedicated.create(user, form);
        Flash.success(redirect, "training.dedicated.created");
        return "redirect:/trainings/offers/" + id;
    }

    private String dedicatedForm(CurrentUser user, DedicatedTrainings.Form form, FormErrors errors, Model model) {
        TerritoryScope scope = TerritoryScope.toWrite(user);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("trainers", dedicated.trainers());
        model.addAttribute("communes", centres.list().stream().filter(c -> scope.includes(c.territoryId())).toList());
        model.addAttribute("levels", List.of(TrainingLevel.BEGINNER, TrainingLevel.INTERMEDIATE, TrainingLevel.ADVANCED));
        model.addAttribute("themes", List.of(TrainingTheme.values()));
        return "training/dedicated";
    }

    @GetMapping("/trainings/imports")
    String showImports(CurrentUser user, Model model) {
        if (!canImport(user)) {
            throw new NotFoundException();
        }
        return importPage(model, null, null);
    }

    @PostMapping("/trainings/imports")
    String processImport(CurrentUser user, @RequestParam(value = "file", required = false) MultipartFile file,
                         @RequestParam(required = false) String format, Model model) throws IOException {
        if (!canImport(user)) {
            throw new NotFoundException();
        }
        if (file == null || file.isEmpty()) {
            return importPage(model, null, "training.import.file.missing");
        }
        Optional<OfferFormat> requested = OfferFormat.ofCode(format);
        if (format != null && !format.isBlank() && !"auto".equals(format) && requested.isEmpty()) {
            return importPage(model, null, "training.import.file.badFormat");
        }
        try {
            var report = imports.run(requested, file.getOriginalFilename(), file.getBytes(), user.id(), null);
            return importPage(model, report, null);
        } catch (OfferParser.FileProblem e) {
            return importPage(model, null, e.key);
        } catch (ConflictException e) {
            return importPage(model, null, e.messageKey());
        }
    }

    private String importPage(Model model, OfferImports.Report report, String failure) {
        model.addAttribute("report", report);
        model.addAttribute("failure", failure);
        model.addAttribute("latest", imports.latest(10));
        model.addAttribute("formats", List.of(OfferFormat.values()));
        model.addAttribute("total", offers.count());
        return "training/imports";
    }

    /** A value list for the mapping form and the search: the diagnostic's themes. */
    static List<Map.Entry<String, String>> themeOptions() {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (TrainingTheme t : TrainingTheme.values()) {
            list.add(Map.entry(t.name(), "trainingTheme." + t.name()));
        }
        return list;
    }
}
