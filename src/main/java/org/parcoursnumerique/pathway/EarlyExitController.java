package org.parcoursnumerique.pathway;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The early exit page of a person (mediators and coordinators of the person's territory): record the
 * exit with its reason, or undo it. Linked from the person's page ({@link PathwaySection}).
 */
@Controller
class EarlyExitController {

    /** What was typed, shown again next to its errors. */
    record ExitForm(String reason, String text, String date) implements Serializable {
    }

    private final EarlyExits exits;
    private final Milestones milestones;
    private final java.time.Clock clock;

    EarlyExitController(EarlyExits exits, Milestones milestones, java.time.Clock clock) {
        this.exits = exits;
        this.milestones = milestones;
        this.clock = clock;
    }

    @GetMapping("/beneficiaries/{id}/exit")
    String showExit(CurrentUser user, @PathVariable long id, Model model) {
        var person = exits.readForDecision(user, id);
        var reached = milestones.of(id).stream().map(ReachedMilestone::code).toList();
        model.addAttribute("personId", id);
        model.addAttribute("personName", person.lastName() + " " + person.firstName());
        model.addAttribute("exit", exits.current(id).orElse(null));
        model.addAttribute("eligible", reached.contains(Milestone.ACCEPTED) && !reached.contains(Milestone.COMPLETED));
        model.addAttribute("reasons", exits.reasons());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new ExitForm(null, null,
                    java.time.LocalDate.now(clock.withZone(org.parcoursnumerique.shared.PageContext.ZONE)).toString()));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "pathway/exit";
    }

    @PostMapping("/beneficiaries/{id}/exit")
    String processExit(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String reason,
                       @RequestParam(required = false) String text, @RequestParam(required = false) String date,
                       RedirectAttributes redirect) {
        exits.checkMayDecide(user, id);
        var request = new EarlyExits.Request(reason, text, date);
        Map<String, String> errors = new LinkedHashMap<>();
        for (String[] e : exits.check(id, request)) {
            errors.putIfAbsent(e[0], e[1]);
        }
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("form", new ExitForm(cut(reason), cut(text), cut(date)));
            redirect.addFlashAttribute("errors", errors);
            return "redirect:/beneficiaries/" + id + "/exit";
        }
        try {
            exits.exit(user, id, request);
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/beneficiaries/" + id + "/exit";
        }
        Flash.success(redirect, "exit.recorded");
        return "redirect:/beneficiaries/" + id;
    }

    @PostMapping("/beneficiaries/{id}/exit/undo")
    String processUndo(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String note,
                       RedirectAttributes redirect) {
        exits.checkMayDecide(user, id);
        try {
            exits.undo(user, id, note);
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/beneficiaries/" + id + "/exit";
        }
        Flash.success(redirect, "exit.undone");
        return "redirect:/beneficiaries/" + id;
    }

    private static String cut(String value) {
        return value == null ? null : value.length() > 600 ? value.substring(0, 600) : value;
    }
}
