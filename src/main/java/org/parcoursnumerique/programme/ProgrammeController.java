package org.parcoursnumerique.programme;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.MapBindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The programme as data: calendar, budget and targets per territory, shown to everyone and changed by
 * the département's programme manager (every change audited by {@link Programmes#update}).
 */
@Controller
class ProgrammeController {

    /** The largest amount typed in euros (a hundred million): beyond, it is a typing mistake. */
    static final BigDecimal MAX_EUROS = new BigDecimal("100000000");
    static final int MAX_TARGET = 1_000_000;

    private final Programmes programmes;

    ProgrammeController(Programmes programmes) {
        this.programmes = programmes;
    }

    @GetMapping("/programme")
    String showProgramme(Model model) {
        var programme = programmes.defaultProgramme();
        model.addAttribute("programme", programme);
        model.addAttribute("budgets", programmes.budgets(programme.id()));
        model.addAttribute("targets", targets(programme.id()));
        model.addAttribute("indicators", programmes.indicators());
        return "programme/programme";
    }

    private Map<Long, Map<String, Integer>> targets(long programmeId) {
        Map<Long, Map<String, Integer>> targets = new LinkedHashMap<>();
        for (var t : programmes.targets(programmeId)) {
            targets.computeIfAbsent(t.territoryId(), k -> new LinkedHashMap<>()).put(t.indicatorCode(), t.targetValue());
        }
        return targets;
    }

    @GetMapping("/programme/edit")
    String initProgrammeForm(CurrentUser user, Model model) {
        requireManager(user);
        var programme = programmes.defaultProgramme();
        Map<String, String> values = new HashMap<>();
        values.put("startsOn", programme.startsOn().toString());
        values.put("endsOn", programme.endsOn().toString());
        values.put("diagnosticDeadline", programme.diagnosticDeadline().toString());
        values.put("budgetTotal", euros(programme.budgetTotalCents()));
        for (var b : programmes.budgets(programme.id())) {
            values.put("budget-" + b.territoryId(), euros(b.budgetCents()));
        }
        for (var t : programmes.targets(programme.id())) {
            values.put("target-" + t.territoryId() + "-" + t.indicatorCode(), String.valueOf(t.targetValue()));
        }
        return form(model, programme, values, FormErrors.none());
    }

    private String form(Model model, Programmes.Programme programme, Map<String, String> values, FormErrors errors) {
        model.addAttribute("programme", programme);
        model.addAttribute("budgets", programmes.budgets(programme.id()));
        model.addAttribute("targets", targets(programme.id()));
        model.addAttribute("indicators", programmes.indicators());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        return "programme/edit";
    }

    /**
     * Checks and saves the form: dates in order (start ≤ diagnostic deadline ≤ end), amounts in euros
     * (0 or more, at most two decimals), the territories' budgets adding up to no more than the total
     * budget, targets whole numbers from 0.
     */
    @PostMapping("/programme")
    String processProgrammeForm(CurrentUser user, @RequestParam Map<String, String> params, Model model,
                                RedirectAttributes redirect) {
        requireManager(user);
        var programme = programmes.defaultProgramme();
        var budgets = programmes.budgets(programme.id());
        var indicators = programmes.indicators();
        Map<String, String> values = new HashMap<>();
        BindingResult result = new MapBindingResult(values, "form");
        params.forEach((k, v) -> values.put(k, v == null ? "" : v.strip()));

        LocalDate startsOn = date(values, "startsOn", result);
        LocalDate endsOn = date(values, "endsOn", result);
        LocalDate deadline = date(values, "diagnosticDeadline", result);
        if (startsOn != null && endsOn != null && !endsOn.isAfter(startsOn)) {
            result.rejectValue("endsOn", "programme.endsOn.order");
        }
        if (deadline != null && startsOn != null && endsOn != null
                && (deadline.isBefore(startsOn) || deadline.isAfter(endsOn))) {
            result.rejectValue("diagnosticDeadline", "programme.deadline.order");
        }
        Long total = cents(values, "budgetTotal", result);
        Map<Long, Long> budgetCents = new HashMap<>();
        long sum = 0;
        for (var b : budgets) {
            Long cents = cents(values, "budget-" + b.territoryId(), result);
            if (cents != null) {
                budgetCents.put(b.territoryId(), cents);
                sum += cents;
            }
        }
        if (total != null && budgetCents.size() == budgets.size() && sum > total) {
            result.rejectValue("budgetTotal", "programme.budget.sum");
        }
        Map<Long, Map<String, Integer>> targets = new HashMap<>();
        for (var b : budgets) {
            for (String indicator : indicators) {
                String field = "target-" + b.territoryId() + "-" + indicator;
                String raw = values.getOrDefault(field, "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "");
                values.put(field, raw);
                if (raw.isEmpty()) {
                    result.rejectValue(field, "programme.target.required");
                } else if (!raw.matches("\\d{1,7}") || Integer.parseInt(raw) > MAX_TARGET) {
                    result.rejectValue(field, "programme.target.format");
                } else {
                    targets.computeIfAbsent(b.territoryId(), k -> new HashMap<>()).put(indicator, Integer.parseInt(raw));
                }
            }
        }
        if (result.hasErrors()) {
            return form(model, programme, values, FormErrors.of(result));
        }
        programmes.update(user, programme.id(), new Programmes.Changes(startsOn, endsOn, deadline, total, budgetCents,
                targets));
        redirect.addFlashAttribute("flash", "programme.updated");
        return "redirect:/programme";
    }

    private static void requireManager(CurrentUser user) {
        // Out of role answers 404, as everywhere: nobody learns that the page exists.
        if (!user.has(Role.PROGRAMME_MANAGER)) {
            throw new NotFoundException();
        }
    }

    private static LocalDate date(Map<String, String> values, String field, BindingResult result) {
        String raw = values.getOrDefault(field, "");
        if (raw.isEmpty()) {
            result.rejectValue(field, "programme.date.required");
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(raw);
            if (date.getYear() < 2000 || date.getYear() > 2100) {
                result.rejectValue(field, "programme.date.format");
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            result.rejectValue(field, "programme.date.format");
            return null;
        }
    }

    /** Euros as typed (187 500, 187500,50 or 187500.50) to cents; null with an error otherwise. */
    static Long cents(Map<String, String> values, String field, BindingResult result) {
        String raw = values.getOrDefault(field, "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
                .replace("€", "").replace(',', '.');
        if (raw.isEmpty()) {
            result.rejectValue(field, "programme.amount.required");
            return null;
        }
        if (!raw.matches("\\d{1,12}(\\.\\d{1,2})?")) {
            result.rejectValue(field, "programme.amount.format");
            return null;
        }
        BigDecimal euros = new BigDecimal(raw);
        if (euros.compareTo(MAX_EUROS) > 0) {
            result.rejectValue(field, "programme.amount.format");
            return null;
        }
        return euros.movePointRight(2).longValueExact();
    }

    /** Cents as shown back in the form: 187500 or 187500,50. */
    static String euros(long cents) {
        BigDecimal euros = BigDecimal.valueOf(cents).movePointLeft(2).stripTrailingZeros();
        return (euros.scale() <= 0 ? euros.setScale(0) : euros.setScale(2)).toPlainString().replace('.', ',');
    }
}
