package org.parcoursnumerique.referral;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Problems;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** CSV import through the API: the same checks and report as the web page, answered at once. */
@RestController
class ReferralImportApiController {

    private final ReferralImports imports;
    private final MessageSource messages;

    ReferralImportApiController(ReferralImports imports, MessageSource messages) {
        this.imports = imports;
        this.messages = messages;
    }

    @PostMapping(value = "/api/v1/referral-imports", consumes = "multipart/form-data")
    @io.swagger.v3.oas.annotations.Operation(summary = "Importer un fichier CSV d’orientations",
            description = "Colonnes : nom;prenom;date_naissance;commune;categorie;circonscription_ase;telephone;email;"
                    + "besoins;consentement. Répond avec le rapport : accepted, rejected, duplicates, errors.")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "bearer")
    ResponseEntity<?> importReferrals(@io.swagger.v3.oas.annotations.Parameter(hidden = true) ApiCaller caller, @RequestPart("file") MultipartFile file) throws IOException {
        long id = imports.start(caller.organisationId(), null, file.getOriginalFilename());
        var report = imports.run(id, file.getBytes(), new Referrals.Submitter(caller.organisationId(), null,
                "api:" + caller.tokenName(), Referrals.Source.CSV));
        if (report.failure() != null) {
            return Problems.of(400, messages.getMessage("import.failure.title", null, PageContext.LOCALE),
                    report.failure(), null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("importId", report.importId());
        body.put("totalRows", report.totalRows());
        body.put("accepted", report.accepted());
        body.put("rejected", report.rejected());
        body.put("duplicates", report.duplicates());
        body.put("errors", report.errors());
        return ResponseEntity.ok(body);
    }
}
