package org.parcoursnumerique.followup;

import java.util.Map;

import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
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

/** The page "Clore l'accompagnement" of a person, with its confirmation, and its undo. */
@Controller
class CloseController {

    private final Closings closings;
    private final Milestones milestones;
    private final FollowUps followUps;

    CloseController(Closings closings, Milestones milestones, FollowUps followUps) {
        this.closings = closings;
        this.milestones = milestones;
        this.followUps = followUps;
    }

    @GetMapping("/beneficiaries/{id}/close")
    String showClose(CurrentUser user, @PathVariable long id, Model model) {
        var person = closings.checkMayDecide(user, id);
        var reached = milestones.of(id);
        model.addAttribute("personId", id);
        model.addAttribute("personName", person.lastName() + " " + person.firstName());
        model.addAttribute("completed", reached.stream().filter(m -> m.code() == Milestone.COMPLETED).findFirst()
                .map(m -> m.reachedOn()).orElse(null));
        model.addAttribute("eligible", Closings.eligible(reached));
        model.addAttribute("schedule", followUps.schedule(person.programmeId()));
        if (!model.containsAttribute("date")) {
            model.addAttribute("date", followUps.today().toString());
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "followup/close";
    }

    @PostMapping("/beneficiaries/{id}/close")
    String processClose(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String date,
                        @RequestParam(required = false) String confirm, RedirectAttributes redirect) {
        closings.checkMayDecide(user, id);
        var errors = new java.util.LinkedHashMap<>(closings.check(id, date));
        if (!"yes".equals(confirm)) {
            errors.put("confirm", "close.confirm.required");
        }
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("date", date == null ? "" : date.length() > 40 ? date.substring(0, 40) : date);
            redirect.addFlashAttribute("errors", errors);
            return "redirect:/beneficiaries/" + id + "/close";
        }
        try {
            closings.close(user, id, date);
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/beneficiaries/" + id + "/close";
        }
        Flash.success(redirect, "close.recorded");
        return "redirect:/beneficiaries/" + id;
    }

    @PostMapping("/beneficiaries/{id}/close/undo")
    String processUndo(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String note,
                       RedirectAttributes redirect) {
        closings.checkMayDecide(user, id);
        try {
            closings.undo(user, id, note);
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/beneficiaries/" + id + "/close";
        }
        Flash.success(redirect, "close.undone");
        return "redirect:/beneficiaries/" + id;
    }
}
