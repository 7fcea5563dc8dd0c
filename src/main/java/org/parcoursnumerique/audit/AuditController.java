package org.parcoursnumerique.audit;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Administrators browse and filter the audit log. */
@Controller
class AuditController {

    static final int PAGE_SIZE = 50;

    private final AuditQueries queries;

    AuditController(AuditQueries queries) {
        this.queries = queries;
    }

    /** Search terms written in clear before they were hashed ("q=eloise ndiaye page=1 …"). */
    static final java.util.regex.Pattern LEGACY_SEARCH = java.util.regex.Pattern.compile(
            "q=(?!#)(.*?)(?=( (status|category|territory|commune|page)=)|$)");

    /** The administrator has no access to people: names once searched for are not shown to them. */
    static AuditLog.Entry maskLegacySearchTerms(AuditLog.Entry e) {
        if (e.details() == null || !e.details().contains("q=")) {
            return e;
        }
        String masked = LEGACY_SEARCH.matcher(e.details()).replaceAll("q=…");
        return new AuditLog.Entry(e.id(), e.occurredAt(), e.userEmail(), e.userName(), e.organisationName(),
                e.beneficiaryId(), e.action(), e.route(), masked);
    }

    @GetMapping("/admin/audit")
    String showAuditLog(@RequestParam(required = false) String email,
                        @RequestParam(required = false) Long beneficiary,
                        @RequestParam(required = false) String action,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                        @RequestParam(required = false) Long before,
                        Model model) {
        List<String> actions = Arrays.stream(AuditAction.values()).map(Enum::name).toList();
        String knownAction = action != null && actions.contains(action) ? action : null;
        var filter = new AuditQueries.Filter(email, beneficiary, knownAction, from, to, before);
        List<AuditLog.Entry> entries = queries.search(filter, PAGE_SIZE + 1);
        boolean more = entries.size() > PAGE_SIZE;
        if (more) {
            entries = entries.subList(0, PAGE_SIZE);
        }
        entries = entries.stream().map(AuditController::maskLegacySearchTerms).toList();
        model.addAttribute("filter", filter);
        model.addAttribute("actions", actions);
        model.addAttribute("entries", entries);
        model.addAttribute("nextBefore", more ? entries.get(entries.size() - 1).id() : null);
        return "audit/audit-log";
    }
}
