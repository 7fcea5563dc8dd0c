package org.parcoursnumerique.referral;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Pagination;
import org.parcoursnumerique.shared.Role;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Prescribers upload a CSV list of people to refer. The file is checked in the background while
 * the page shows the progress; the report lists every rejected row and offers them back as CSV.
 */
@Controller
class ReferralImportController {

    record ImportRow(long id, String fileName, OffsetDateTime createdAt, OffsetDateTime finishedAt, int totalRows,
                     int processedRows, int accepted, int rejected, int duplicates, String failure) {
    }

    record ErrorRow(int line, String columnName, String message) {
    }

    /** Explained errors per page of an import's report. */
    static final int ERRORS_PAGE_SIZE = 100;

    private final ReferralImports imports;
    private final JdbcClient jdbc;
    private final TaskExecutor executor;
    private final org.parcoursnumerique.audit.AuditLog audit;

    ReferralImportController(ReferralImports imports, JdbcClient jdbc,
                             @Qualifier("applicationTaskExecutor") TaskExecutor executor,
                             org.parcoursnumerique.audit.AuditLog audit) {
        this.audit = audit;
        this.imports = imports;
        this.jdbc = jdbc;
        this.executor = executor;
    }

    @GetMapping("/referral-imports")
    String showImports(CurrentUser user, Model model) {
        prescriberOnly(user);
        model.addAttribute("imports", jdbc.sql("""
                SELECT id, file_name, created_at, finished_at, total_rows, processed_rows, accepted, rejected, duplicates,
                       failure FROM referral_import WHERE organisation_id = :org ORDER BY created_at DESC LIMIT 20""")
                .param("org", user.organisationId()).query(ImportRow.class).list());
        model.addAttribute("headers", String.join(";", ReferralImports.HEADERS));
        model.addAttribute("maxRows", imports.maxRows());
        model.addAttribute("categories", imports.acceptedCategories());
        return "referral/imports";
    }

    @PostMapping("/referral-imports")
    String processUpload(CurrentUser user, @RequestParam(value = "file", required = false) MultipartFile file,
                         RedirectAttributes redirect) throws IOException {
        prescriberOnly(user);
        if (file == null || file.isEmpty()) {
            org.parcoursnumerique.shared.Flash.error(redirect, "import.failure.empty");
            return "redirect:/referral-imports";
        }
        byte[] content = file.getBytes();
        long id = imports.start(user.organisationId(), user.id(), file.getOriginalFilename());
        var submitter = new Referrals.Submitter(user.organisationId(), user.id(), user.email(), Referrals.Source.CSV);
        executor.execute(() -> imports.run(id, content, submitter));
        return "redirect:/referral-imports/" + id;
    }

    @GetMapping("/referral-imports/{id}")
    String showImport(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String page,
                      Model model) {
        ImportRow row = find(user, id);
        model.addAttribute("report", row);
        // Every refused row can be read, page by page (the list used to stop at 1 000 without a word).
        long counted = row.finishedAt() == null ? 0 : jdbc.sql("""
                SELECT COUNT(*) FROM (SELECT 1 FROM referral_import_error WHERE import_id = :id LIMIT :cap) x""")
                .param("id", id).param("cap", Pagination.DEFAULT_COUNT_CAP + 1).query(Long.class).single();
        Pagination pagination = Pagination.of(page, ERRORS_PAGE_SIZE, counted, Pagination.DEFAULT_COUNT_CAP,
                "/referral-imports/" + id);
        model.addAttribute("pagination", pagination);
        model.addAttribute("errors", row.finishedAt() == null ? List.of() : jdbc.sql("""
                SELECT line, column_name, message FROM referral_import_error WHERE import_id = :id ORDER BY line, id
                LIMIT :limit OFFSET :offset""").param("id", id).param("limit", pagination.limit())
                .param("offset", pagination.offset()).query(ErrorRow.class).list());
        return "referral/import";
    }

    @GetMapping("/referral-imports/{id}/progress")
    @ResponseBody
    Map<String, Object> showProgress(CurrentUser user, @PathVariable long id) {
        ImportRow row = find(user, id);
        return Map.of("processed", row.processedRows(), "total", row.totalRows(), "finished", row.finishedAt() != null);
    }

    @GetMapping("/referral-imports/{id}/rejected.csv")
    ResponseEntity<byte[]> downloadRejected(CurrentUser user, @PathVariable long id) {
        find(user, id);
        audit.record(user, null, org.parcoursnumerique.audit.AuditAction.LIST, "rejected rows of import " + id);
        return csv(imports.rejectedRowsCsv(id), "orientations-a-corriger-" + id + ".csv");
    }

    @GetMapping("/referral-imports/template.csv")
    ResponseEntity<byte[]> downloadTemplate(CurrentUser user) {
        prescriberOnly(user);
        return csv(imports.template(), "modele-orientations.csv");
    }

    private ImportRow find(CurrentUser user, long id) {
        prescriberOnly(user);
        return jdbc.sql("""
                SELECT id, file_name, created_at, finished_at, total_rows, processed_rows, accepted, rejected, duplicates,
                       failure FROM referral_import WHERE id = :id AND organisation_id = :org""")
                .param("id", id).param("org", user.organisationId()).query(ImportRow.class).optional()
                .orElseThrow(NotFoundException::new);
    }

    private static ResponseEntity<byte[]> csv(String content, String name) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(content.getBytes(StandardCharsets.UTF_8));
    }

    private static void prescriberOnly(CurrentUser user) {
        if (user.role() != Role.PRESCRIBER) {
            throw new NotFoundException();
        }
    }
}
