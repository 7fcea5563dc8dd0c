package org.parcoursnumerique.certification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.ConflictException;
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

/** The administrators' list of certification kinds: add one (name, issuer, result type), change the Pix levels. */
@Controller
class CertificationKindController {

    /** What the form sent, as typed. */
    record KindForm(String name, String issuer, String resultType) implements java.io.Serializable {
    }

    private final CertificationKinds kinds;
    private final AuditLog audit;

    CertificationKindController(CertificationKinds kinds, AuditLog audit) {
        this.kinds = kinds;
        this.audit = audit;
    }

    @GetMapping("/admin/certification-kinds")
    String showKinds(CurrentUser user, Model model) {
        adminOnly(user);
        model.addAttribute("kinds", kinds.all());
        model.addAttribute("types", List.of(CertificationKinds.ResultType.COMPETENCES, CertificationKinds.ResultType.PASS_FAIL));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new KindForm("", "", null));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "certification/kinds";
    }

    @PostMapping("/admin/certification-kinds")
    String processNewKind(CurrentUser user, @RequestParam(required = false) String name,
                          @RequestParam(required = false) String issuer, @RequestParam(required = false) String resultType,
                          RedirectAttributes redirect) {
        adminOnly(user);
        var form = new KindForm(cut(name), cut(issuer), cut(resultType));
        Map<String, String> errors = new LinkedHashMap<>();
        if (form.name() == null || form.name().isBlank() || form.name().strip().length() > 120
                || !Names.isCleanText(form.name(), false) || Names.compact(form.name()).isEmpty()) {
            errors.put("name", "certification.kind.name.required");
        }
        if (form.issuer() == null || form.issuer().isBlank() || form.issuer().strip().length() > 120
                || !Names.isCleanText(form.issuer(), false)) {
            errors.put("issuer", "certification.kind.issuer.required");
        }
        if (!"COMPETENCES".equals(form.resultType()) && !"PASS_FAIL".equals(form.resultType())) {
            errors.put("resultType", "certification.kind.type.required");
        }
        if (errors.isEmpty()) {
            try {
                String code = kinds.add(new CertificationKinds.NewKind(form.name(), form.issuer(), form.resultType()));
                audit.record(user, null, AuditAction.CHANGE, "certification kind added: " + code);
                Flash.success(redirect, "certification.kind.added");
                return "redirect:/admin/certification-kinds";
            } catch (ConflictException e) {
                errors.put("name", e.messageKey());
            }
        }
        redirect.addFlashAttribute("form", form);
        redirect.addFlashAttribute("errors", errors);
        return "redirect:/admin/certification-kinds";
    }

    @PostMapping("/admin/certification-kinds/{code}/levels")
    String processLevels(CurrentUser user, @PathVariable String code, @RequestParam(required = false) String thresholds,
                         @RequestParam(required = false) String passScore, RedirectAttributes redirect) {
        adminOnly(user);
        var kind = kinds.find(code).filter(k -> k.resultType() == CertificationKinds.ResultType.SCORE)
                .orElseThrow(NotFoundException::new);
        Integer pass = Certifications.parseInt(passScore);
        String problem = CertificationKinds.checkThresholds(cut(thresholds), kind.scoreMax());
        if (problem != null || pass == null || pass < 0 || pass > kind.scoreMax()) {
            Flash.error(redirect, problem != null ? problem : "certification.kind.passScore.invalid");
            return "redirect:/admin/certification-kinds";
        }
        kinds.changeThresholds(code, thresholds, pass);
        audit.record(user, null, AuditAction.CHANGE, "certification levels of " + code + ": " + thresholds + " / " + pass);
        Flash.success(redirect, "certification.kind.levelsChanged");
        return "redirect:/admin/certification-kinds";
    }

    private static void adminOnly(CurrentUser user) {
        if (!user.has(Role.ADMINISTRATOR)) {
            throw new NotFoundException();
        }
    }

    private static String cut(String value) {
        return value == null ? null : value.length() > 300 ? value.substring(0, 300) : value;
    }
}
