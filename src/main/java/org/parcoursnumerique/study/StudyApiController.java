package org.parcoursnumerique.study;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Problems;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The study dataset for the département's software (ADR 0042): the latest files, the dictionary, and
 * a new production. A token of the département only; any other token gets 404, as a record out of
 * scope would. Each download is audited with the token's name.
 */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "Étude", description = "Jeu de données pseudonymisé pour l’étude d’évaluation (Département)")
class StudyApiController {

    /** A production of the dataset and where it stands. */
    record ApiExport(long id, String status, OffsetDateTime requestedAt, OffsetDateTime finishedAt, Long people,
                     Long events, Long generalisedPeople, Long suppressedPeople) {
        static ApiExport of(StudyExports.Export e) {
            return new ApiExport(e.id(), e.status(), e.requestedAt(), e.finishedAt(), e.peopleRows(), e.eventRows(),
                    e.generalisedPeople(), e.suppressedPeople());
        }
    }

    private final StudyExports exports;
    private final StudyDictionary dictionary;
    private final AuditLog audit;
    private final MessageSource messages;

    StudyApiController(StudyExports exports, StudyDictionary dictionary, AuditLog audit, MessageSource messages) {
        this.exports = exports;
        this.dictionary = dictionary;
        this.audit = audit;
        this.messages = messages;
    }

    static void checkDepartement(ApiCaller caller) {
        if (caller == null || caller.kind() != ApiCaller.Kind.DEPARTEMENT) {
            throw new NotFoundException();
        }
    }

    @GetMapping("/api/v1/study/exports/latest")
    @Operation(summary = "Derniers fichiers du jeu de données d’étude", description = "Le fichier des personnes "
            + "(table=people) ou des événements (table=events) de la dernière production prête : CSV séparé par des "
            + "virgules, UTF-8, avec une ligne d’en-tête. Personnes dont le consentement couvre l’étude seulement ; "
            + "identifiant pseudonyme par campagne ; commune remplacée par le territoire quand moins de 5 personnes "
            + "partagent commune × tranche d’âge × catégorie. Jeton du Département seulement.")
    @ApiResponse(responseCode = "200", description = "Le fichier CSV", content = @Content(mediaType = "text/csv"))
    @ApiResponse(responseCode = "400", description = "table absente ou inconnue",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Aucune production prête, ou jeton d’une autre structure",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<?> downloadLatest(@Parameter(hidden = true) ApiCaller caller,
                                     @Parameter(description = "people ou events") @RequestParam(required = false) String table,
                                     HttpServletResponse response) throws IOException {
        checkDepartement(caller);
        if (table == null || !StudyExports.FILES.contains(table)) {
            return Problems.of(400, t("api.invalid"), t("study.api.table"),
                    List.of(new Problems.FieldError("table", t("study.api.table"))));
        }
        var export = exports.latestReady().orElseThrow(NotFoundException::new);
        audit.recordBy(null, "api:" + caller.tokenName(), caller.organisationId(), null, AuditAction.EXPORT,
                "study export " + export.id() + " " + table);
        StudyController.csvHeaders(response, StudyController.fileName(export, table));
        exports.copy(export.id(), table, response.getOutputStream());
        return null;
    }

    @GetMapping("/api/v1/study/exports/latest/dictionary")
    @Operation(summary = "Dictionnaire des données", description = "Chaque colonne des deux fichiers (type, valeurs "
            + "possibles, source, généralisation) et chaque sorte d’événement, en CSV. Jeton du Département seulement.")
    @ApiResponse(responseCode = "200", description = "Le dictionnaire en CSV", content = @Content(mediaType = "text/csv"))
    void downloadDictionary(@Parameter(hidden = true) ApiCaller caller, HttpServletResponse response) throws IOException {
        checkDepartement(caller);
        StudyController.csvHeaders(response, "etude-dictionnaire.csv");
        dictionary.writeCsv(response.getOutputStream());
    }

    @PostMapping("/api/v1/study/exports")
    @Operation(summary = "Produire le jeu de données maintenant", description = "Demande une nouvelle production "
            + "avec les clés de la campagne en cours ; si une production attend ou tourne déjà, c’est elle qui est "
            + "renvoyée (pas de doublon). Réponse 202 : la production tourne en tâche de fond ; suivre son état avec "
            + "GET /api/v1/study/exports/{id}.")
    @ApiResponse(responseCode = "202", description = "Production demandée",
            content = @Content(schema = @Schema(implementation = ApiExport.class)))
    ResponseEntity<ApiExport> requestExport(@Parameter(hidden = true) ApiCaller caller) {
        checkDepartement(caller);
        var export = exports.request(StudyExports.Via.API, null);
        audit.recordBy(null, "api:" + caller.tokenName(), caller.organisationId(), null, AuditAction.CREATE,
                "study export " + export.id() + " requested");
        return ResponseEntity.accepted().header("Location", "/api/v1/study/exports/" + export.id())
                .body(ApiExport.of(export));
    }

    @GetMapping("/api/v1/study/exports/{id}")
    @Operation(summary = "État d’une production", description = "PENDING, RUNNING, READY, FAILED ou EXPIRED "
            + "(fichiers remplacés par des productions plus récentes), avec les nombres de lignes.")
    ApiExport showExport(@Parameter(hidden = true) ApiCaller caller, @PathVariable long id) {
        checkDepartement(caller);
        return exports.find(id).map(ApiExport::of).orElseThrow(NotFoundException::new);
    }

    private String t(String key) {
        return messages.getMessage(key, null, PageContext.LOCALE);
    }
}
