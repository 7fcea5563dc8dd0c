package org.parcoursnumerique.training;

import java.util.List;
import java.util.Set;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.diagnostic.TrainingTheme;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrators' table of how the standards' services and thématiques match the diagnostic's
 * training themes. A change applies to the next search at once (the mapping is joined at search time).
 */
@Controller
class ThemeMappingController {

    record Mapping(long id, String vocabulary, String term, String theme) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    ThemeMappingController(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @GetMapping("/admin/training-themes")
    String showMappings(CurrentUser user, Model model) {
        check(user);
        model.addAttribute("mappings", jdbc.sql("""
                SELECT id, vocabulary, term, theme FROM training_theme_mapping WHERE vocabulary <> 'theme'
                ORDER BY vocabulary, term, theme""").query(Mapping.class).list());
        model.addAttribute("themes", List.of(TrainingTheme.values()));
        model.addAttribute("lieuxV1", OfferParser.lieuxServices(OfferFormat.LIEUX_V1).stream().sorted().toList());
        model.addAttribute("lieuxV0", OfferParser.lieuxServices(OfferFormat.LIEUX_V0).stream().sorted().toList());
        model.addAttribute("thematiques", OfferParser.thematiques().stream().filter(t -> t.startsWith("numerique")
                || t.contains("numerique") || t.startsWith("se-former")).sorted().toList());
        return "training/themes";
    }

    @PostMapping("/admin/training-themes")
    @Transactional
    String processMapping(CurrentUser user, @RequestParam(required = false) String vocabulary,
                          @RequestParam(required = false) String value, @RequestParam(required = false) String theme,
                          RedirectAttributes redirect) {
        check(user);
        Set<String> known = switch (vocabulary == null ? "" : vocabulary) {
            case "lieux-v1" -> OfferParser.lieuxServices(OfferFormat.LIEUX_V1);
            case "lieux-v0" -> OfferParser.lieuxServices(OfferFormat.LIEUX_V0);
            case "data-inclusion" -> OfferParser.thematiques();
            default -> Set.of();
        };
        TrainingTheme t = DedicatedTrainings.theme(theme);
        if (value == null || !known.contains(value) || t == null) {
            Flash.error(redirect, "training.themes.invalid");
            return "redirect:/admin/training-themes";
        }
        boolean exists = jdbc.sql("""
                SELECT COUNT(*) FROM training_theme_mapping WHERE vocabulary = :v AND term = :value AND theme = :t""")
                .param("v", vocabulary).param("value", value).param("t", t.name()).query(Long.class).single() > 0;
        if (!exists) {
            try {
                jdbc.sql("INSERT INTO training_theme_mapping (vocabulary, term, theme) VALUES (:v, :value, :t)")
                        .param("v", vocabulary).param("value", value).param("t", t.name()).update();
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // Added meanwhile by another administrator: the same result.
            }
            audit.record(user, null, AuditAction.CHANGE, "training theme mapping added " + vocabulary + " « " + value
                    + " » → " + t.name());
        }
        Flash.success(redirect, "training.themes.added");
        return "redirect:/admin/training-themes";
    }

    @PostMapping("/admin/training-themes/{id}/delete")
    @Transactional
    String processMappingDeletion(CurrentUser user, @PathVariable long id, RedirectAttributes redirect) {
        check(user);
        var row = jdbc.sql("SELECT id, vocabulary, term, theme FROM training_theme_mapping WHERE id = :id AND vocabulary <> 'theme'")
                .param("id", id).query(Mapping.class).optional().orElseThrow(NotFoundException::new);
        jdbc.sql("DELETE FROM training_theme_mapping WHERE id = :id").param("id", id).update();
        audit.record(user, null, AuditAction.CHANGE, "training theme mapping removed " + row.vocabulary() + " « "
                + row.term() + " » → " + row.theme());
        Flash.success(redirect, "training.themes.removed");
        return "redirect:/admin/training-themes";
    }

    private static void check(CurrentUser user) {
        if (!user.has(Role.ADMINISTRATOR)) {
            throw new NotFoundException();
        }
    }
}
