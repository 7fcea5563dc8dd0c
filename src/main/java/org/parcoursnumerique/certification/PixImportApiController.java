package org.parcoursnumerique.certification;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Problems;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/v1/certification/pix-imports}: a consortium's software sends a Pix session's
 * results file with its token, for the people of its territory; the same checks and report as the
 * page, answered at once. Any other token finds nothing here (404, problem+json).
 */
@RestController
class PixImportApiController {

    private final PixImports imports;
    private final MessageSource messages;

    PixImportApiController(PixImports imports, MessageSource messages) {
        this.imports = imports;
        this.messages = messages;
    }

    @PostMapping(value = "/api/v1/certification/pix-imports", consumes = "multipart/form-data")
    @io.swagger.v3.oas.annotations.Operation(summary = "Importer le fichier de résultats d’une session Pix",
            description = "Le fichier CSV téléchargé par le centre de certification Pix (« ; » entre les valeurs). "
                    + "Répond avec le rapport : matched, unmatched, notValidated, alreadyImported, rejected, errors.")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "bearer")
    ResponseEntity<?> importApi(@io.swagger.v3.oas.annotations.Parameter(hidden = true) ApiCaller caller,
                                @RequestPart(value = "file", required = false) MultipartFile file) throws IOException {
        // A consortium's token imports for the people of its territory; any other token finds nothing here.
        if (caller.kind() != ApiCaller.Kind.CONSORTIUM || caller.territoryId() == null) {
            throw new NotFoundException();
        }
        var report = imports.run(new PixImports.Importer(DataScope.territory(caller.territoryId()), null,
                        "api:" + caller.tokenName(), caller.organisationId()),
                file == null ? null : file.getOriginalFilename(), file == null ? null : file.getBytes());
        if (report.failure() != null) {
            return Problems.of(400, messages.getMessage("pixImport.failure.title", null, PageContext.LOCALE),
                    report.failure(), null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("importId", report.importId());
        body.put("totalRows", report.totalRows());
        body.put("matched", report.matched());
        body.put("unmatched", report.unmatched());
        body.put("notValidated", report.notValidated());
        body.put("alreadyImported", report.alreadyImported());
        body.put("rejected", report.rejected());
        List<Map<String, Object>> errors = report.rows().stream()
                .filter(r -> r.outcome() != PixImports.Outcome.MATCHED)
                .map(r -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("line", r.line());
                    e.put("column", r.column());
                    e.put("outcome", r.outcome().name());
                    e.put("message", r.message());
                    return e;
                }).toList();
        body.put("errors", errors);
        return ResponseEntity.ok(body);
    }
}
