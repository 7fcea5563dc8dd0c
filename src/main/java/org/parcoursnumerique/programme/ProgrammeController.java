package org.parcoursnumerique.programme;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The programme as data: calendar, budget and targets per territory. */
@Controller
class ProgrammeController {

    private final Programmes programmes;

    ProgrammeController(Programmes programmes) {
        this.programmes = programmes;
    }

    @GetMapping("/programme")
    String showProgramme(Model model) {
        var programme = programmes.defaultProgramme();
        Map<Long, Map<String, Integer>> targets = new LinkedHashMap<>();
        for (var t : programmes.targets(programme.id())) {
            targets.computeIfAbsent(t.territoryId(), k -> new LinkedHashMap<>()).put(t.indicatorCode(), t.targetValue());
        }
        List<String> indicators = programmes.indicators();
        model.addAttribute("programme", programme);
        model.addAttribute("budgets", programmes.budgets(programme.id()));
        model.addAttribute("targets", targets);
        model.addAttribute("indicators", indicators);
        return "programme/programme";
    }
}
