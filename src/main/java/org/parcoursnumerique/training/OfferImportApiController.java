package org.parcoursnumerique.training;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Problems;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Import of an offers file through the API, for the département's or a consortium's software (their
 * tokens): the same checks and report as the page, answered at once.
 */
@RestController
class OfferImportApiController {

    private final OfferImports imports;
    private final MessageSource messages;

    OfferImportApiController(OfferImports imports, MessageSource messages) {
        this.imports = imports;
        this.messages = messages;
    }

    @PostMapping(value = "/api/v1/training/offer-imports", consumes = "multipart/form-data")
    @io.swagger.v3.oas.annotations.Operation(summary = "Importer un fichier d’offres de formation",
            description = "Fichier du schéma des lieux de médiation numérique (v1 : lieux-v1, v0.1 : lieux-v0, CSV ou JSON) "
                    + "ou tableau JSON de services data·inclusion (data-inclusion) ; format détecté s’il est omis. "
                    + "Répond : accepted, updated, unchanged, rejected, duplicates, errors (record, field, message).")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "bearer")
    ResponseEntity<?> importOffers(@io.swagger.v3.oas.annotations.Parameter(hidden = true) ApiCaller caller,
                                   @RequestPart("file") MultipartFile file,
                                   @RequestParam(value = "format", required = false) String format) throws IOException {
        if (caller.kind() != ApiCaller.Kind.DEPARTEMENT && caller.kind() != ApiCaller.Kind.CONSORTIUM) {
            throw new NotFoundException();
        }
        Optional<OfferFormat> requested = OfferFormat.ofCode(format);
        if (format != null && !format.isBlank() && requested.isEmpty()) {
            return Problems.of(400, text("import.failure.title"), text("training.import.file.badFormat"), null);
        }
        if (file.isEmpty()) {
            return Problems.of(400, text("import.failure.title"), text("training.import.file.missing"), null);
        }
        try {
            var report = imports.run(requested, file.getOriginalFilename(), file.getBytes(), null,
                    "api:" + caller.tokenName());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("importId", report.importId());
            body.put("format", report.format());
            body.put("totalRecords", report.totalRecords());
            body.put("accepted", report.accepted());
            body.put("updated", report.updated());
            body.put("unchanged", report.unchanged());
            body.put("rejected", report.rejected());
            body.put("duplicates", report.duplicates());
            body.put("errors", report.errors());
            return ResponseEntity.ok(body);
        } catch (OfferParser.FileProblem e) {
            return Problems.of(400, text("import.failure.title"), text(e.key), null);
        }
    }

    private String text(String key) {
        return messages.getMessage(key, null, PageContext.LOCALE);
    }
}
