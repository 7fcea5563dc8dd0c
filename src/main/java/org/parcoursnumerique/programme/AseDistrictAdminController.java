package org.parcoursnumerique.programme;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators map each ASE district to a territory (it decides the territory of ASE youth). */
@Controller
class AseDistrictAdminController {

    record DistrictForm(
            @NotBlank(message = "{ase.code.required}") @Pattern(regexp = "[A-Z0-9-]{2,20}", message = "{ase.code.format}") String code,
            @NotBlank(message = "{ase.name.required}") @Size(max = 200, message = "{ase.name.size}") String name,
            @NotNull(message = "{ase.territory.required}") Long territoryId) {
    }

    record TerritoryForm(@NotNull(message = "{ase.territory.required}") Long territoryId) {
    }

    private final Programmes programmes;
    private final JdbcClient jdbc;

    AseDistrictAdminController(Programmes programmes, JdbcClient jdbc) {
        this.programmes = programmes;
        this.jdbc = jdbc;
    }

    @GetMapping("/admin/ase-districts")
    String showDistricts(Model model) {
        return page(model, new DistrictForm("", "", null), null);
    }

    private String page(Model model, DistrictForm form, BindingResult errors) {
        model.addAttribute("districts", programmes.aseDistricts());
        model.addAttribute("territories", programmes.territories());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors == null ? FormErrors.none() : FormErrors.of(errors));
        return "programme/ase-districts";
    }

    @PostMapping("/admin/ase-districts")
    @Transactional
    String processNewDistrict(@Valid @ModelAttribute("form") DistrictForm form, BindingResult result,
                              Model model, RedirectAttributes redirect) {
        if (!result.hasErrors() && programmes.territories().stream().noneMatch(t -> t.id() == form.territoryId())) {
            result.rejectValue("territoryId", "ase.territory.required");
        }
        if (!result.hasErrors() && jdbc.sql("SELECT count(*) FROM ase_district WHERE code = :code")
                .param("code", form.code()).query(Long.class).single() > 0) {
            result.rejectValue("code", "ase.code.taken");
        }
        if (result.hasErrors()) {
            return page(model, form, result);
        }
        jdbc.sql("INSERT INTO ase_district (code, name, territory_id) VALUES (:code, :name, :territory)")
                .param("code", form.code()).param("name", form.name().trim()).param("territory", form.territoryId())
                .update();
        redirect.addFlashAttribute("flash", "ase.created");
        return "redirect:/admin/ase-districts";
    }

    @PostMapping("/admin/ase-districts/{id}")
    @Transactional
    String processTerritoryChange(@PathVariable long id, @Valid TerritoryForm form, BindingResult result,
                                  RedirectAttributes redirect) {
        if (result.hasErrors() || programmes.territories().stream().noneMatch(t -> t.id() == form.territoryId())) {
            org.parcoursnumerique.shared.Flash.error(redirect, "ase.territory.required");
            return "redirect:/admin/ase-districts";
        }
        int updated = jdbc.sql("UPDATE ase_district SET territory_id = :territory WHERE id = :id")
                .param("territory", form.territoryId()).param("id", id).update();
        if (updated == 0) {
            throw new NotFoundException();
        }
        redirect.addFlashAttribute("flash", "ase.updated");
        return "redirect:/admin/ase-districts";
    }
}
