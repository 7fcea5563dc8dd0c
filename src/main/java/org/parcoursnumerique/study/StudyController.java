package org.parcoursnumerique.study;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The study page of the département's programme manager (ADR 0042): the campaign in progress, the
 * latest productions with their files, a production now, a new campaign, and the data dictionary.
 * Nobody else reaches it (404). Each file downloaded is audited.
 */
@Controller
class StudyController {

    /** What was typed in the new campaign form, shown again next to its error. */
    record CampaignForm(String name, boolean continuity) implements java.io.Serializable {
    }

    private final StudyExports exports;
    private final StudyDictionary dictionary;
    private final AuditLog audit;

    StudyController(StudyExports exports, StudyDictionary dictionary, AuditLog audit) {
        this.exports = exports;
        this.dictionary = dictionary;
        this.audit = audit;
    }

    static void checkProgrammeManager(CurrentUser user) {
        if (user == null || !user.has(Role.PROGRAMME_MANAGER)) {
            throw new NotFoundException();
        }
    }

    static String fileName(StudyExports.Export export, String table) {
        String day = export.finishedAt() == null ? "" : "-" + export.finishedAt()
                .atZoneSameInstant(org.parcoursnumerique.shared.PageContext.ZONE).toLocalDate();
        return "etude-" + ("people".equals(table) ? "personnes" : "evenements") + day + "-" + export.id() + ".csv";
    }

    static void csvHeaders(HttpServletResponse response, String fileName) {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        response.setHeader("Cache-Control", "no-store");
    }

    @GetMapping("/study")
    String showStudy(CurrentUser user, Model model) {
        checkProgrammeManager(user);
        model.addAttribute("campaign", exports.current());
        model.addAttribute("campaigns", exports.campaigns());
        model.addAttribute("exports", exports.recent(12));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new CampaignForm("", false));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "study/index";
    }

    @PostMapping("/study/exports")
    String processExport(CurrentUser user, RedirectAttributes redirect) {
        checkProgrammeManager(user);
        var export = exports.request(StudyExports.Via.WEB, user.id());
        audit.record(user, null, AuditAction.CREATE, "study export " + export.id() + " requested");
        Flash.success(redirect, "study.export.requested");
        return "redirect:/study";
    }

    @PostMapping("/study/campaigns")
    String processCampaign(CurrentUser user, @RequestParam(required = false) String name,
                           @RequestParam(required = false) String continuity, RedirectAttributes redirect) {
        checkProgrammeManager(user);
        String clean = Names.freeText(name);
        Map<String, String> errors = new LinkedHashMap<>();
        if (clean == null) {
            errors.put("name", "study.campaign.name.required");
        } else if (clean.length() > 100 || clean.contains("\n") || clean.contains("\r")) {
            errors.put("name", "study.campaign.name.invalid");
        }
        boolean keep = "true".equals(continuity);
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("form", new CampaignForm(name == null ? "" : name.length() > 200
                    ? name.substring(0, 200) : name, keep));
            redirect.addFlashAttribute("errors", errors);
            return "redirect:/study#campaign";
        }
        var campaign = exports.startCampaign(user.id(), clean, keep);
        audit.record(user, null, AuditAction.CREATE, "study campaign " + campaign.id() + (keep ? " continuing" : " new keys"));
        Flash.success(redirect, keep ? "study.campaign.continued" : "study.campaign.started");
        return "redirect:/study";
    }

    @GetMapping("/study/exports/{id}/{table}.csv")
    void downloadFile(CurrentUser user, @PathVariable long id, @PathVariable String table, HttpServletResponse response)
            throws IOException {
        checkProgrammeManager(user);
        var export = exports.find(id).filter(StudyExports.Export::ready).orElseThrow(NotFoundException::new);
        if (!StudyExports.FILES.contains(table)) {
            throw new NotFoundException();
        }
        audit.record(user, null, AuditAction.EXPORT, "study export " + id + " " + table);
        csvHeaders(response, fileName(export, table));
        exports.copy(id, table, response.getOutputStream());
    }

    @GetMapping("/study/dictionary")
    String showDictionary(CurrentUser user, Model model) {
        checkProgrammeManager(user);
        model.addAttribute("columns", dictionary.columns());
        model.addAttribute("events", dictionary.events());
        return "study/dictionary";
    }

    @GetMapping("/study/dictionary.csv")
    void downloadDictionary(CurrentUser user, HttpServletResponse response) throws IOException {
        checkProgrammeManager(user);
        csvHeaders(response, "etude-dictionnaire.csv");
        dictionary.writeCsv(response.getOutputStream());
    }
}
