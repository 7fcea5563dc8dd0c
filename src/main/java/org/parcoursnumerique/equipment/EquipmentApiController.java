package org.parcoursnumerique.equipment;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PlainText;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The equipment API for the software of a consortium or of a logistics manager's structure (tokens
 * scoped to their territory, ADR 0030): the stock, the people waiting for a device (ids, types and
 * dates only), reservations, handovers with their receipt, repairs and deliveries. Errors are
 * problem+json ({@code shared.ApiProblems}); a record of another territory is not found.
 */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "Équipement", description = "Stock d’appareils, personnes en attente, réservations, remises et réparations")
class EquipmentApiController {

    static final int MAX_PAGE_SIZE = 100;

    record ApiDevice(long id, String type, String brand, String model, Integer ramGb, Integer storageGb, String os,
                     String osVersion, String serialNumber, String imei, String source, String grade, int warrantyMonths,
                     LocalDate acquiredOn, long costCents, String status, long storagePlaceId, String storagePlace) {
    }

    record ApiPage<T>(List<T> items, int page, int size, boolean hasMore) {
    }

    record ApiWaiting(long personId, String recommendedType, LocalDate diagnosedOn) {
    }

    record ReservationRequest(@NotNull @Positive Long personId, @NotNull @Positive Long deviceId) {
    }

    record ApiReservation(long id, long personId, long deviceId, String status, OffsetDateTime reservedAt) {
    }

    record HandoverRequest(@NotNull @Positive Long personId, @NotNull @Positive Long deviceId,
                           @Min(0) @Max(100_000) Long contributionCents, Boolean signedOnPaper, String paymentMode,
                           @Size(max = 40) @PlainText(label = "receiptNumber") String receiptNumber, @Size(max = 300) @PlainText(label = "accessories") String accessories) {
    }

    record ApiHandover(long id, long personId, long deviceId, LocalDate handedOverOn, long contributionCents,
                       String signature, int warrantyMonths, LocalDate warrantyEndsOn, String receipt) {
    }

    record RepairRequest(@NotNull @Positive Long deviceId, @NotNull @Size(min = 1, max = 1000) @PlainText(label = "fault") String fault,
                         @NotNull @Positive Long repairerOrganisationId, @Positive Long loanDeviceId) {
    }

    record ApiRepair(long id, long deviceId, LocalDate requestedOn, long repairerOrganisationId, Long loanDeviceId,
                     String outcome) {
    }

    record ApiDeliveryError(int line, String column, String message) {
    }

    record ApiDelivery(long id, int accepted, int rejected, int duplicates, List<ApiDeliveryError> errors, String failure) {
    }

    private final Stock stock;
    private final Matching matching;
    private final Handovers handovers;
    private final Repairs repairs;
    private final Deliveries deliveries;
    private final Receipts receipts;
    private final Programmes programmes;
    private final AuditLog audit;
    private final MessageSource messages;

    EquipmentApiController(Stock stock, Matching matching, Handovers handovers, Repairs repairs, Deliveries deliveries,
                           Receipts receipts, Programmes programmes, AuditLog audit, MessageSource messages) {
        this.stock = stock;
        this.matching = matching;
        this.handovers = handovers;
        this.repairs = repairs;
        this.deliveries = deliveries;
        this.receipts = receipts;
        this.programmes = programmes;
        this.audit = audit;
        this.messages = messages;
    }

    private static TerritoryScope scope(ApiCaller caller) {
        TerritoryScope scope = caller.stockScope();
        if (scope.isNone()) {
            throw new NotFoundException();
        }
        return scope;
    }

    private static ApiDevice api(Stock.Device d) {
        return new ApiDevice(d.id(), d.deviceType(), d.brand(), d.model(), d.ramGb(), d.storageGb(), d.osName(),
                d.osVersion(), d.serialNumber(), d.imei(), d.source(), d.grade(), d.warrantyMonths(), d.acquiredOn(),
                d.costCents(), d.status(), d.storagePlaceId(), d.placeName());
    }

    @GetMapping("/api/v1/equipment/devices")
    @Operation(summary = "Appareils du stock", description = "Les appareils du territoire du jeton, les plus récents "
            + "d’abord, filtrés par statut (RECEIVED, READY, RESERVED, HANDED_OVER, LENT, IN_REPAIR, RETURNED, RECYCLED, "
            + "LOST, STOLEN) et par type (DESKTOP, LAPTOP, TABLET, SMARTPHONE). Aucune donnée personnelle.")
    ApiPage<ApiDevice> listDevices(@Parameter(hidden = true) ApiCaller caller,
                                   @RequestParam(required = false) String status,
                                   @RequestParam(required = false) String type,
                                   @RequestParam(defaultValue = "1") int page,
                                   @RequestParam(defaultValue = "50") int size) {
        TerritoryScope scope = scope(caller);
        page = Math.max(1, Math.min(page, 100_000));
        size = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        DeviceStatus s = status == null ? null : StockController.parseEnum(DeviceStatus.class, status);
        DeviceType t = type == null ? null : StockController.parseEnum(DeviceType.class, type);
        if ((status != null && s == null) || (type != null && t == null)) {
            throw new org.parcoursnumerique.shared.ConflictException("equipment.api.filter");
        }
        var rows = stock.list(scope, new Stock.Filter(s, t, null), size + 1, (long) (page - 1) * size);
        return new ApiPage<>(rows.stream().limit(size).map(EquipmentApiController::api).toList(), page, size,
                rows.size() > size);
    }

    @GetMapping("/api/v1/equipment/devices/{id}")
    @Operation(summary = "Un appareil", description = "Ses caractéristiques, sa source et son statut.")
    ApiDevice showDevice(@Parameter(hidden = true) ApiCaller caller, @PathVariable long id) {
        return api(stock.get(scope(caller), id));
    }

    @GetMapping("/api/v1/equipment/waiting")
    @Operation(summary = "Personnes en attente d’équipement", description = "Les personnes du territoire dont le "
            + "plan recommande un appareil et qui n’en ont pas encore, diagnostic le plus ancien d’abord : "
            + "identifiant, type recommandé, date du diagnostic (ni nom ni coordonnées).")
    ApiPage<ApiWaiting> listWaiting(@Parameter(hidden = true) ApiCaller caller,
                                    @RequestParam(defaultValue = "1") int page,
                                    @RequestParam(defaultValue = "50") int size) {
        TerritoryScope scope = scope(caller);
        page = Math.max(1, Math.min(page, 100_000));
        size = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        var rows = matching.waiting(scope, null, size + 1, (long) (page - 1) * size);
        audit.recordBy(null, "api:" + caller.tokenName(), caller.organisationId(), null, AuditAction.LIST,
                "equipment waiting queue, page " + page);
        return new ApiPage<>(rows.stream().limit(size).map(w -> new ApiWaiting(w.personId(), w.recommendedType(),
                w.diagnosedAt().atZoneSameInstant(PageContext.ZONE).toLocalDate())).toList(), page, size, rows.size() > size);
    }

    @PostMapping("/api/v1/equipment/reservations")
    @Operation(summary = "Réserver un appareil pour une personne", description = "L’appareil doit être prêt (READY) et "
            + "du territoire de la personne ; deux réservations du même appareil : la seconde reçoit 409.")
    ResponseEntity<ApiReservation> createReservation(@Parameter(hidden = true) ApiCaller caller,
                                                     @Valid @RequestBody ReservationRequest body) {
        scope(caller);
        long id = matching.reserve(Caller.of(caller), body.personId(), body.deviceId());
        var r = matching.reservation(caller.stockScope(), id);
        return ResponseEntity.created(URI.create("/api/v1/equipment/reservations/" + id))
                .body(new ApiReservation(id, r.personId(), r.deviceId(), r.status(), r.reservedAt()));
    }

    @PostMapping("/api/v1/equipment/handovers")
    @Operation(summary = "Remettre un appareil en don", description = "La personne devient propriétaire ; participation "
            + "de 0 € par défaut, au plus le plafond du programme (avec paymentMode CASH, CHEQUE, CARD ou TRANSFER et "
            + "receiptNumber). signedOnPaper = true : signé sur papier (scan à joindre sur la page) ; sinon la signature "
            + "est à recueillir sur la tablette. Enregistre l’étape EQUIPPED. Réponse 201 avec le lien de l’attestation PDF.")
    ResponseEntity<ApiHandover> createHandover(@Parameter(hidden = true) ApiCaller caller,
                                               @Valid @RequestBody HandoverRequest body) {
        scope(caller);
        long contribution = body.contributionCents() == null ? 0 : body.contributionCents();
        Handovers.PaymentMode mode = body.paymentMode() == null ? null
                : StockController.parseEnum(Handovers.PaymentMode.class, body.paymentMode());
        if (body.paymentMode() != null && mode == null) {
            throw new org.parcoursnumerique.shared.ConflictException("equipment.handover.payment");
        }
        Handovers.Signature signature = Boolean.TRUE.equals(body.signedOnPaper())
                ? new Handovers.Signature(Handovers.SignatureKind.PAPER, null, null) : Handovers.Signature.pending();
        long id = handovers.handOver(Caller.of(caller), new Handovers.HandoverRequest(body.personId(), body.deviceId(), null,
                contribution, mode, body.receiptNumber(), body.accessories(), signature));
        var h = handovers.get(caller.stockScope(), id);
        return ResponseEntity.created(URI.create("/api/v1/equipment/handovers/" + id)).body(api(h));
    }

    private static ApiHandover api(Handovers.Handover h) {
        return new ApiHandover(h.id(), h.personId(), h.deviceId(), h.handedOverOn(), h.contributionCents(),
                h.signatureKind(), h.warrantyMonths(), h.warrantyEndsOn(),
                "/api/v1/equipment/handovers/" + h.id() + "/receipt.pdf");
    }

    @GetMapping("/api/v1/equipment/handovers/{id}/receipt.pdf")
    @Operation(summary = "Attestation de remise (PDF)", description = "PDF accessible (balisé) à remettre à la personne.")
    ResponseEntity<byte[]> downloadReceipt(@Parameter(hidden = true) ApiCaller caller, @PathVariable long id) {
        var h = handovers.get(scope(caller), id);
        audit.recordBy(null, "api:" + caller.tokenName(), caller.organisationId(), h.personId(), AuditAction.READ,
                "equipment handover receipt " + id);
        var ctx = new PageContext(messages, null, null, null, null, null, false);
        return MatchingController.pdfResponse(receipts.render(ctx, h), "attestation-de-remise-" + id + ".pdf");
    }

    @PostMapping("/api/v1/equipment/repairs")
    @Operation(summary = "Demander une réparation", description = "La panne, le réparateur (une organisation partenaire : "
            + "repair café ou reconditionneur) et, pour un appareil remis, un appareil prêté en attendant.")
    ResponseEntity<ApiRepair> createRepair(@Parameter(hidden = true) ApiCaller caller,
                                           @Valid @RequestBody RepairRequest body) {
        scope(caller);
        long id = repairs.open(Caller.of(caller), body.deviceId(), body.fault(), body.repairerOrganisationId(),
                body.loanDeviceId(), null);
        var r = repairs.get(caller.stockScope(), id);
        return ResponseEntity.created(URI.create("/api/v1/equipment/repairs/" + id))
                .body(new ApiRepair(id, r.deviceId(), r.requestedOn(), r.repairerId(), r.loanDeviceId(), r.outcome()));
    }

    @PostMapping(value = "/api/v1/equipment/deliveries", consumes = "multipart/form-data")
    @Operation(summary = "Importer une livraison", description = "Fichier CSV (; ou , — UTF-8 avec ou sans BOM, ou "
            + "Windows-1252) ou XLSX, colonnes type;marque;modele;numero_serie;imei;grade;ram_go;stockage_go;systeme;"
            + "prix_ttc;garantie_mois. Réponse : acceptées, refusées, doublons et chaque erreur (ligne, colonne, message). "
            + "Le même fichier une seconde fois ne crée rien.")
    ApiDelivery importDelivery(@Parameter(hidden = true) ApiCaller caller,
                               @RequestParam("file") MultipartFile file,
                               @RequestParam(required = false) Long storagePlaceId) throws java.io.IOException {
        TerritoryScope scope = scope(caller);
        var places = stock.places(scope);
        Stock.Place place = storagePlaceId == null ? places.stream().findFirst().orElseThrow(NotFoundException::new)
                : places.stream().filter(p -> p.id() == storagePlaceId).findFirst().orElseThrow(NotFoundException::new);
        int warranty = stock.settings(programmes.defaultProgramme().id()).refurbishedWarrantyMonths();
        var report = deliveries.importFile(new Deliveries.Origin(place.territoryId(), place.id(), caller.organisationId(),
                null, null, null, null, null, null, warranty), file.getOriginalFilename(), file.getBytes());
        return new ApiDelivery(report.deliveryId(), report.accepted(), report.rejected(), report.duplicates(),
                report.errors().stream().map(e -> new ApiDeliveryError(e.line(), e.column(), e.message())).toList(),
                report.failure());
    }
}
