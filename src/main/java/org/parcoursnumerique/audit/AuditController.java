package org.parcoursnumerique.audit;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.parcoursnumerique.shared.Pagination;

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
                        @RequestParam(required = false) String beneficiary,
                        @RequestParam(required = false) String action,
                        @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to,
                        @RequestParam(required = false) String page,
                        Model model) {
        // Filters are read as text: a value that cannot be read is left out and said so, never a 400 or 500.
        List<String> actions = Arrays.stream(AuditAction.values()).map(Enum::name).toList();
        String knownAction = action != null && actions.contains(action) ? action : null;
        List<String> notices = new ArrayList<>();
        Long beneficiaryId = null;
        if (beneficiary != null && !beneficiary.isBlank()) {
            if (beneficiary.strip().matches("\\d{1,18}")) {
                beneficiaryId = Long.valueOf(beneficiary.strip());
            } else {
                notices.add("audit.filter.beneficiaryInvalid");
            }
        }
        LocalDate fromDate = date(from, "audit.filter.fromInvalid", notices);
        LocalDate toDate = date(to, "audit.filter.toInvalid", notices);
        String cleanEmail = email == null || email.isBlank() ? null : email.strip().substring(0, Math.min(email.strip().length(), 254));
        var filter = new AuditQueries.Filter(cleanEmail, beneficiaryId, knownAction, fromDate, toDate);
        String base = Pagination.link("/admin/audit", "email", cleanEmail,
                "beneficiary", beneficiaryId == null ? null : String.valueOf(beneficiaryId), "action", knownAction,
                "from", fromDate == null ? null : fromDate.toString(), "to", toDate == null ? null : toDate.toString());
        var result = queries.search(filter, PAGE_SIZE, page, base);
        model.addAttribute("filter", filter);
        model.addAttribute("actions", actions);
        model.addAttribute("entries", result.entries().stream().map(AuditController::maskLegacySearchTerms).toList());
        model.addAttribute("pagination", result.pagination());
        model.addAttribute("notices", notices);
        return "audit/audit-log";
    }

    private static LocalDate date(String raw, String noticeKey, List<String> notices) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            notices.add(noticeKey);
            return null;
        }
    }
}
