package org.parcoursnumerique.referral;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Problems;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * REST API for prescribers' software: create and follow referrals. The body is read and checked
 * field by field (unknown fields, wrong types, missing fields) so that every refusal is explained
 * in a problem document and nothing is ever half written.
 */
@RestController
@SecurityRequirement(name = "bearer")
class ReferralApiController {

    static final int MAX_BODY = 64 * 1024;
    static final int MAX_PAGE_SIZE = 100;

    private static final List<String> REQUIRED = List.of("lastName", "firstName", "birthDate", "inseeCode",
            "eligibilityCategory", "consent");
    private static final Set<String> TEXT_FIELDS = Set.of("lastName", "firstName", "birthDate", "inseeCode",
            "eligibilityCategory", "aseDistrict", "phone", "email", "needs", "preferredChannel", "rsaSituation");
    private static final Set<String> BOOLEAN_FIELDS = Set.of("consent", "shareWithPrescriber", "evaluationStudy");
    /** Rule fields that the API names differently. */
    private static final Map<String, String> API_FIELD = Map.of("commune", "inseeCode");

    record ApiReferral(long id, String status, String lastName, String firstName, LocalDate birthDate, String inseeCode,
                       String eligibilityCategory, String territory, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                       LocalDate diagnosedOn) {
    }

    /**
     * One referral with, once the person's diagnostic is done, its summary. The plan's fields are
     * filled only when the person accepted that the result is sent to the prescriber
     * ({@code detailShared}); otherwise only the date is given.
     */
    record ApiReferralDetail(long id, String status, String lastName, String firstName, LocalDate birthDate,
                             String inseeCode, String eligibilityCategory, String territory, OffsetDateTime createdAt,
                             OffsetDateTime updatedAt, LocalDate diagnosedOn, ApiDiagnostic diagnostic,
                             List<ApiMilestone> milestones) {
    }

    /**
     * A milestone the person has reached: its kind and its date, nothing else.
     *
     * @param code {@code REFERRED}, {@code ACCEPTED}, {@code DIAGNOSED}, {@code EQUIPPED}, {@code CONNECTED},
     *             {@code CONNECTED_6_MONTHS}, {@code ORIENTED}, {@code TRAINING_STARTED}, {@code TRAINING_COMPLETED},
     *             {@code CERTIFIED}, {@code FOLLOW_UP_3_MONTHS}, {@code FOLLOW_UP_6_MONTHS}, {@code COMPLETED}
     *             or {@code EXITED} (early exit)
     * @param date the day it was reached (YYYY-MM-DD)
     */
    record ApiMilestone(@Schema(example = "DIAGNOSED") String code, @Schema(example = "2026-03-02") LocalDate date) {
    }

    /**
     * @param equipment      {@code NONE}, {@code DESKTOP}, {@code LAPTOP}, {@code TABLET} or {@code SMARTPHONE}
     * @param trainingLevel  {@code NONE}, {@code BEGINNER}, {@code INTERMEDIATE} or {@code ADVANCED}
     * @param certification  {@code NONE}, {@code PIX} or {@code CLEA_NUMERIQUE}
     */
    record ApiDiagnostic(OffsetDateTime completedAt, boolean detailShared, String profile, String profileLabel,
                         String equipment, Boolean connection, String trainingLevel, List<String> trainingThemes,
                         String certification) {
    }

    private final Referrals referrals;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final MessageSource messages;
    private final AuditLog audit;
    private final DiagnosticSharing sharing;
    private final ReferralMilestones milestones;

    ReferralApiController(Referrals referrals, JdbcClient jdbc, JsonMapper json, MessageSource messages,
                          AuditLog audit, DiagnosticSharing sharing, ReferralMilestones milestones) {
        this.milestones = milestones;
        this.sharing = sharing;
        this.referrals = referrals;
        this.jdbc = jdbc;
        this.json = json;
        this.messages = messages;
        this.audit = audit;
    }

    @PostMapping("/api/v1/referrals")
    @Operation(summary = "Orienter une personne", description = "Crée une orientation. Avec l’en-tête Idempotency-Key, "
            + "renvoyer la même requête ne crée rien de plus et répond avec la même orientation.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReferralRequest.class)))
    @ApiResponse(responseCode = "201", description = "Orientation créée",
            content = @Content(schema = @Schema(implementation = ApiReferral.class)))
    @ApiResponse(responseCode = "400", description = "JSON mal formé, champ inconnu, de mauvais type ou manquant",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "Orientation contraire aux règles du programme",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Idempotency-Key déjà utilisée pour une autre requête",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<?> createReferral(@Parameter(hidden = true) ApiCaller caller,
                                     @Parameter(hidden = true) HttpServletRequest request,
                                     @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey)
            throws IOException {
        if (!isJson(request.getContentType())) {
            return Problems.of(415, text("api.unsupportedMediaType"), text("api.unsupportedMediaType.detail"), null);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            return Problems.of(400, text("api.invalid"), text("api.idempotency.format"), null);
        }
        byte[] body = readLimited(request.getInputStream());
        if (body == null) {
            return Problems.of(413, text("api.tooLarge"), text("api.tooLarge.detail", MAX_BODY / 1024), null);
        }
        JsonNode root;
        try {
            root = json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            if (org.parcoursnumerique.shared.JsonConfig.isDuplicateKey(e)) {
                return Problems.of(400, text("api.malformed"), text("api.duplicateKey"), null);
            }
            return Problems.of(400, text("api.malformed"), text("api.malformed.detail"), null);
        }
        if (root == null || !root.isObject()) {
            return Problems.of(400, text("api.malformed"), text("api.notAnObject"), null);
        }
        List<Problems.FieldError> errors = new ArrayList<>();
        Map<String, String> texts = new HashMap<>();
        Map<String, Boolean> flags = new HashMap<>();
        for (String name : root.propertyNames()) {
            JsonNode value = root.get(name);
            if (TEXT_FIELDS.contains(name)) {
                if (value.isNull()) {
                    continue;
                }
                if (!value.isString()) {
                    errors.add(new Problems.FieldError(name, text("api.field.string")));
                } else {
                    texts.put(name, value.asString());
                }
            } else if (BOOLEAN_FIELDS.contains(name)) {
                if (!value.isBoolean()) {
                    errors.add(new Problems.FieldError(name, text("api.field.boolean")));
                } else {
                    flags.put(name, value.asBoolean());
                }
            } else {
                errors.add(new Problems.FieldError(name, text("api.field.unknown")));
            }
        }
        for (String name : REQUIRED) {
            if (!texts.containsKey(name) && !flags.containsKey(name) && errors.stream().noneMatch(e -> e.field().equals(name))) {
                errors.add(new Problems.FieldError(name, text("api.field.required")));
            }
        }
        LocalDate birthDate = null;
        if (texts.containsKey("birthDate")) {
            try {
                birthDate = LocalDate.parse(texts.get("birthDate"));
            } catch (DateTimeParseException e) {
                errors.add(new Problems.FieldError("birthDate", text("api.field.date")));
            }
        }
        for (var entry : texts.entrySet()) {
            if (ReferralRules.hasControlCharacters(entry.getValue())
                    && errors.stream().noneMatch(e -> e.field().equals(entry.getKey()))) {
                errors.add(new Problems.FieldError(entry.getKey(), text("referral.text.control")));
            }
        }
        if (!errors.isEmpty()) {
            return Problems.of(400, text("api.invalid"), text("api.invalid.detail"), errors);
        }
        var referral = new NewReferral(texts.get("lastName"), texts.get("firstName"), birthDate, texts.get("inseeCode"),
                texts.get("eligibilityCategory"), texts.get("rsaSituation"), texts.get("aseDistrict"), texts.get("phone"),
                texts.get("email"), texts.get("preferredChannel"), texts.get("needs"), flags.get("consent"),
                flags.get("shareWithPrescriber"), flags.get("evaluationStudy"));
        var submitter = new Referrals.Submitter(caller.organisationId(), null, "api:" + caller.tokenName(),
                Referrals.Source.API);
        Referrals.Submission submission;
        if (idempotencyKey == null) {
            submission = referrals.submit(referral, submitter);
        } else {
            String hash = org.parcoursnumerique.shared.Hashes.sha256(body);
            try {
                submission = referrals.submitOnce(referral, submitter, idempotencyKey, hash);
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // The same key arrived twice at once: the other request won and its transaction holds.
                submission = referrals.replayed(caller.organisationId(), idempotencyKey, hash);
            }
        }
        if (!submission.accepted()) {
            for (ReferralProblem p : submission.problems()) {
                errors.add(new Problems.FieldError(API_FIELD.getOrDefault(p.field(), p.field()),
                        messages.getMessage(p.messageKey(), p.args(), PageContext.LOCALE)));
            }
            return Problems.of(422, text("api.refused"), text("api.refused.detail"), errors);
        }
        ApiReferral created = find(caller, submission.referralId());
        return ResponseEntity.created(URI.create("/api/v1/referrals/" + created.id())).body(created);
    }

    @GetMapping("/api/v1/referrals/{id}")
    @Operation(summary = "Suivre une orientation", description = "Statut et, une fois le diagnostic fait, son "
            + "résumé : date, et si la personne a accepté qu’il soit transmis au prescripteur, profil et préconisations. "
            + "Une fois l’orientation acceptée, milestones donne les étapes du parcours franchies par la personne "
            + "(code et date AAAA-MM-JJ seulement, dans l’ordre du parcours) ; avant, ou si l’orientation a été refusée "
            + "ou retirée, la liste est vide.")
    ApiReferralDetail showReferral(@Parameter(hidden = true) ApiCaller caller, @PathVariable long id) {
        ApiReferral r = find(caller, id);
        long person = beneficiaryOf(id);
        ApiDiagnostic diagnostic = sharing.forReferral(id, person, r.status(), true).map(shared -> {
            var plan = shared.plan();
            if (!shared.detailShared() || plan == null) {
                return new ApiDiagnostic(shared.completedAt(), false, null, null, null, null, null, null, null);
            }
            return new ApiDiagnostic(shared.completedAt(), true, plan.profile(), plan.profileLabel(),
                    plan.equipment().name(), plan.connection(), plan.trainingLevel().name(),
                    plan.trainingThemes().stream().map(Enum::name).toList(), plan.certification().name());
        }).orElse(null);
        List<ApiMilestone> reached = milestones.forReferral(person, r.status(), true).stream()
                .map(m -> new ApiMilestone(m.code().name(), m.reachedOn())).toList();
        audit.recordBy(null, "api:" + caller.tokenName(), caller.organisationId(), person, AuditAction.READ,
                "api referral " + id + (diagnostic == null ? "" : " with diagnostic")
                        + (reached.isEmpty() ? "" : " and milestones"));
        return new ApiReferralDetail(r.id(), r.status(), r.lastName(), r.firstName(), r.birthDate(), r.inseeCode(),
                r.eligibilityCategory(), r.territory(), r.createdAt(), r.updatedAt(), r.diagnosedOn(), diagnostic,
                reached);
    }

    @GetMapping("/api/v1/referrals")
    @Operation(summary = "Lister les orientations de la structure", description = "Paginé (page à partir de 1, "
            + "size jusqu’à 100), filtrable par status et par date d’envoi (from, to : AAAA-MM-JJ).")
    ResponseEntity<?> listReferrals(@Parameter(hidden = true) ApiCaller caller, @RequestParam(required = false) String status,
                                    @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                    @RequestParam(defaultValue = "1") String page,
                                    @RequestParam(defaultValue = "20") String size) {
        List<Problems.FieldError> errors = new ArrayList<>();
        if (status != null && !ReferralController.ALL_STATUSES.contains(status)) {
            errors.add(new Problems.FieldError("status", text("api.param.status")));
        }
        LocalDate fromDate = date(from, "from", errors);
        LocalDate toDate = date(to, "to", errors);
        int pageNumber = number(page, "page", 1, 100_000, errors);
        int pageSize = number(size, "size", 1, MAX_PAGE_SIZE, errors);
        if (!errors.isEmpty()) {
            return Problems.of(400, text("api.invalid"), text("api.invalid.detail"), errors);
        }
        Map<String, Object> params = new HashMap<>(caller.dataScope().parameters());
        StringBuilder where = new StringBuilder(caller.dataScope().predicate("r"));
        if (status != null) {
            where.append(" AND r.status = :status");
            params.put("status", status);
        }
        if (fromDate != null) {
            where.append(" AND r.created_at >= :from");
            params.put("from", fromDate.atStartOfDay(PageContext.ZONE).toOffsetDateTime());
        }
        if (toDate != null) {
            where.append(" AND r.created_at < :to");
            params.put("to", toDate.plusDays(1).atStartOfDay(PageContext.ZONE).toOffsetDateTime());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM referral r WHERE " + where).params(params).query(Long.class).single();
        params.put("limit", pageSize);
        params.put("offset", (long) (pageNumber - 1) * pageSize);
        List<ApiReferral> items = jdbc.sql(SELECT + " WHERE " + where + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit OFFSET :offset")
                .params(params).query(ApiReferral.class).list();
        audit.recordBy(null, "api:" + caller.tokenName(), caller.organisationId(), null, AuditAction.LIST,
                "api referrals page=" + pageNumber);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("page", pageNumber);
        body.put("size", pageSize);
        body.put("totalItems", total);
        return ResponseEntity.ok(body);
    }

    static final String SELECT = """
            SELECT r.id, r.status, b.last_name, b.first_name, b.birth_date, b.commune_insee AS insee_code,
                   b.eligibility_category, t.code AS territory, r.created_at, r.updated_at, b.diagnosed_on
            FROM referral r JOIN beneficiary_v b ON b.id = r.beneficiary_id JOIN territory_v t ON t.id = r.territory_id""";

    private ApiReferral find(ApiCaller caller, long id) {
        Map<String, Object> params = new HashMap<>(caller.dataScope().parameters());
        params.put("id", id);
        return jdbc.sql(SELECT + " WHERE r.id = :id AND " + caller.dataScope().predicate("r")).params(params)
                .query(ApiReferral.class).optional().orElseThrow(NotFoundException::new);
    }

    private long beneficiaryOf(long referralId) {
        return jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", referralId)
                .query(Long.class).single();
    }

    private LocalDate date(String value, String field, List<Problems.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new Problems.FieldError(field, text("api.field.date")));
            return null;
        }
    }

    private int number(String value, String field, int min, int max, List<Problems.FieldError> errors) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // explained below
        }
        errors.add(new Problems.FieldError(field, text("api.param.number", min, max)));
        return min;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The body, or null when it is larger than {@link #MAX_BODY}. */
    static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : bytes;
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
