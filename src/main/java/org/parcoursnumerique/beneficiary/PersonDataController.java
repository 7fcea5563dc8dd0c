package org.parcoursnumerique.beneficiary;

import java.util.HashMap;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PdfDocuments;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The right of access: everything the platform holds about the person, as a PDF in plain French to
 * hand over and as a JSON file, for the coordinator of the person's territory and the département
 * (ADR 0019). Out of scope, or for another role, the answer is 404; each download is audited.
 */
@Controller
class PersonDataController {

    private final BeneficiaryQueries queries;
    private final PersonInScope persons;
    private final PersonDataExport export;
    private final AuditLog audit;
    private final Fragments fragments;
    private final PdfDocuments pdf;

    PersonDataController(BeneficiaryQueries queries, PersonDataExport export, AuditLog audit, Fragments fragments,
                         PdfDocuments pdf, PersonInScope persons) {
        this.persons = persons;
        this.queries = queries;
        this.export = export;
        this.audit = audit;
        this.fragments = fragments;
        this.pdf = pdf;
    }

    @GetMapping("/beneficiaries/{id}/export.pdf")
    ResponseEntity<byte[]> downloadPersonDataPdf(CurrentUser user, @PathVariable long id,
                                                 @ModelAttribute("ctx") PageContext ctx) {
        var collected = collect(user, id);
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("export", collected);
        params.put("display", (java.util.function.Function<Object, String>) export::display);
        byte[] document = pdf.render(fragments.render("beneficiary/export-pdf", params));
        audit.record(user, id, AuditAction.EXPORT, "person data, PDF");
        return download(document, MediaType.APPLICATION_PDF, "donnees-personne-" + id + ".pdf");
    }

    @GetMapping("/beneficiaries/{id}/export.json")
    ResponseEntity<Map<String, Object>> downloadPersonDataJson(CurrentUser user, @PathVariable long id) {
        var collected = collect(user, id);
        audit.record(user, id, AuditAction.EXPORT, "person data, JSON");
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("donnees-personne-" + id + ".json").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(export.json(collected));
    }

    private PersonDataExport.Export collect(CurrentUser user, long id) {
        if (!PersonDataExport.mayExport(user)) {
            throw new NotFoundException();
        }
        persons.reach(user, id, queries::find);
        return export.collect(id);
    }

    private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String filename) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }
}
