package org.parcoursnumerique.connection;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Problems;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

/**
 * The connection API for the software of a consortium (and of any organisation whose token is scoped
 * to one territory's people): the territory's offers, lines opened for its people, paid periods, and
 * each line's computed coverage (ADR 0035). Bodies are read field by field (unknown fields, wrong
 * types and missing fields refused with their name), rules checked as on the pages; every refusal is
 * a problem document and nothing is half written. Any other token, or a line or person of another
 * territory, gets 404.
 */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "Connexion", description = "Offres de connexion, lignes des personnes et périodes payées (consortiums)")
class ConnectionApiController {

    /** Kinds of token that read no person of one territory: answered 404. */
    private static final Set<String> NOT_TERRITORY_STAFF = Set.of("PRESCRIBER", "DEPARTEMENT", "EPT");

    record ApiOffer(long id, @Schema(example = "DATA_SIM") String kind, String name, String operator,
                    int monthlyPriceCents, int programmeShareCents, boolean active) {
    }

    record ApiPeriod(long id, LocalDate start, LocalDate end, int amountCents,
                     @Schema(example = "PROGRAMME") String paidBy, boolean cancelled) {
    }

    /**
     * A line with its coverage computed from its paid periods.
     *
     * @param coveredDays whole days of continuous coverage since activation, as of today (tolerating gaps of a few days)
     * @param lapsesOn    the first day without coverage (the activation day when nothing covers it yet)
     * @param sixMonthsOn the day continuous coverage reaches 183 days with the periods paid, or null
     * @param state       {@code COVERED}, {@code LAPSING} (within 7 days), {@code LAPSED} or {@code UNPAID}
     */
    record ApiLine(long id, long personId, long offerId, String operator, String iccid, String contractReference,
                   String phone, LocalDate activationDate, long coveredDays, LocalDate lapsesOn, LocalDate sixMonthsOn,
                   String state, List<ApiPeriod> periods) {
    }

    @Schema(description = "Une ligne ouverte pour une personne : iccid (carte SIM) ou contractReference (box, contrat)")
    record LineRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) long personId,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long offerId,
                       String operator, @Schema(example = "89330123456789012344") String iccid,
                       String contractReference, @Schema(example = "+33612345678") String phone,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-06-01") LocalDate activationDate) {
    }

    @Schema(description = "Une période payée, du premier au dernier jour inclus")
    record PeriodRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-06-01") LocalDate start,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-06-30") LocalDate end,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "990") int amountCents,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "PROGRAMME") String paidBy) {
    }

    private final Offers offers;
    private final Lines lines;
    private final LineViews views;
    private final ConnectionQueries queries;
    private final PersonInScope people;
    private final TransactionTemplate tx;
    private final MessageSource messages;

    ConnectionApiController(Offers offers, Lines lines, LineViews views, ConnectionQueries queries,
                            PersonInScope people, TransactionTemplate tx, MessageSource messages) {
        this.offers = offers;
        this.lines = lines;
        this.views = views;
        this.queries = queries;
        this.people = people;
        this.tx = tx;
        this.messages = messages;
    }

    @GetMapping("/api/v1/connection/offers")
    @Operation(summary = "Offres de connexion du territoire", description = "Les offres négociées par le consortium : "
            + "type (DATA_SIM, BOX_4G, SOCIAL_TARIFF, EXISTING_SUBSCRIPTION), opérateur, prix mensuel et part payée par le "
            + "programme, en centimes. Jeton d’un consortium : son territoire ; tout autre jeton reçoit 404.")
    @ApiResponse(responseCode = "200", description = "Offres",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = ApiOffer.class))))
    @ApiResponse(responseCode = "404", description = "Jeton qui ne lit pas les personnes d’un territoire",
            content = @Content(mediaType = "application/problem+json"))
    List<ApiOffer> listOffers(@Parameter(hidden = true) ApiCaller caller) {
        DataScope scope = scope(caller);
        return offers.list(new TerritoryScope(TerritoryScope.Kind.TERRITORY, scope.id()), false).stream()
                .map(o -> new ApiOffer(o.id(), o.kind().name(), o.name(), o.operator(), o.monthlyPriceCents(),
                        o.programmeShareCents(), o.active()))
                .toList();
    }

    @PostMapping(value = "/api/v1/connection/lines", consumes = "application/json")
    @Operation(summary = "Ouvrir une ligne pour une personne", description = "La personne doit être suivie sur le "
            + "territoire du jeton et l’offre en être une offre active. iccid : 19 ou 20 chiffres commençant par 89, "
            + "avec sa clé de Luhn ; sinon contractReference. phone : numéro de la carte SIM, enregistré au format "
            + "international. activationDate ne peut pas être dans le futur. Envoyer deux fois la même carte SIM est "
            + "refusé (422).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LineRequest.class)))
    @ApiResponse(responseCode = "201", description = "Ligne ouverte", content = @Content(schema = @Schema(implementation = ApiLine.class)))
    @ApiResponse(responseCode = "400", description = "JSON mal formé, champ inconnu, de mauvais type ou manquant",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Personne hors du territoire du jeton, ou jeton d’un autre type",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "Ligne contraire aux règles (ICCID, offre, dates, doublon)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<?> createLine(@Parameter(hidden = true) ApiCaller caller, @RequestBody JsonNode body) {
        DataScope scope = scope(caller);
        StrictBody in = new StrictBody(body, Set.of("personId", "offerId", "operator", "iccid", "contractReference",
                "phone", "activationDate"));
        Long personId = in.id("personId", true);
        Long offerId = in.id("offerId", true);
        String operator = in.string("operator", false);
        String iccid = in.string("iccid", false);
        String reference = in.string("contractReference", false);
        String phone = in.string("phone", false);
        LocalDate activation = in.date("activationDate", true);
        if (!in.errors.isEmpty()) {
            return invalid(in.errors);
        }
        try {
            long id = tx.execute(status -> {
                var person = people.reachForApi(caller, scope, personId, true);
                return lines.open(Author.of(caller), person, new Lines.NewLine(offerId, operator, iccid, reference, phone,
                        activation));
            });
            return ResponseEntity.created(URI.create("/api/v1/connection/lines/" + id)).body(line(scope, id));
        } catch (LineProblem e) {
            return rules(e);
        }
    }

    @PostMapping(value = "/api/v1/connection/lines/{id}/periods", consumes = "application/json")
    @Operation(summary = "Ajouter une période payée", description = "Du premier au dernier jour inclus, un an au plus, "
            + "sans chevaucher une autre période de la ligne ; amountCents en centimes ; paidBy PROGRAMME ou PERSON. Les "
            + "dates peuvent être passées ; une période payée d’avance commence au plus 12 mois après aujourd’hui. "
            + "La couverture et les jalons CONNECTED / CONNECTED_6_MONTHS de la personne sont recalculés.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PeriodRequest.class)))
    @ApiResponse(responseCode = "201", description = "Période ajoutée ; la ligne avec sa couverture recalculée",
            content = @Content(schema = @Schema(implementation = ApiLine.class)))
    @ApiResponse(responseCode = "400", description = "JSON mal formé, champ inconnu, de mauvais type ou manquant",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Ligne hors du territoire du jeton, ou jeton d’un autre type",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "Période contraire aux règles (chevauchement, dates, montant)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<?> addPeriod(@Parameter(hidden = true) ApiCaller caller, @PathVariable long id,
                                @RequestBody JsonNode body) {
        DataScope scope = scope(caller);
        var line = queries.line(scope, id).orElseThrow(NotFoundException::new);
        StrictBody in = new StrictBody(body, Set.of("start", "end", "amountCents", "paidBy"));
        LocalDate start = in.date("start", true);
        LocalDate end = in.date("end", true);
        Long amount = in.integer("amountCents", true);
        String paidByText = in.string("paidBy", true);
        PaidBy paidBy = null;
        if (paidByText != null) {
            try {
                paidBy = PaidBy.valueOf(paidByText);
            } catch (IllegalArgumentException e) {
                in.errors.add(new Problems.FieldError("paidBy", text("connection.api.paidBy")));
            }
        }
        if (amount != null && (amount < 0 || amount > Lines.AMOUNT_MAX_CENTS)) {
            in.errors.add(new Problems.FieldError("amountCents",
                    text("connection.period.amount.range", Lines.AMOUNT_MAX_CENTS / 100)));
        }
        if (!in.errors.isEmpty()) {
            return invalid(in.errors);
        }
        var period = new Lines.NewPeriod(start, end, amount.intValue(), paidBy);
        try {
            tx.executeWithoutResult(status -> {
                people.reachForApi(caller, scope, line.beneficiaryId(), true);
                lines.addPeriods(Author.of(caller), line.beneficiaryId(), id, List.of(period));
            });
            return ResponseEntity.status(201).body(line(scope, id));
        } catch (LineProblem e) {
            return rules(e);
        }
    }

    @GetMapping("/api/v1/connection/lines/{id}")
    @Operation(summary = "Une ligne et sa couverture", description = "coveredDays : jours entiers de couverture continue "
            + "depuis l’activation à ce jour (écarts de quelques jours tolérés entre deux périodes) ; lapsesOn : premier "
            + "jour sans couverture ; sixMonthsOn : jour où la couverture atteint 183 jours avec les périodes payées.")
    @ApiResponse(responseCode = "200", description = "Ligne", content = @Content(schema = @Schema(implementation = ApiLine.class)))
    @ApiResponse(responseCode = "404", description = "Ligne hors du territoire du jeton, ou jeton d’un autre type",
            content = @Content(mediaType = "application/problem+json"))
    ApiLine showLine(@Parameter(hidden = true) ApiCaller caller, @PathVariable long id) {
        DataScope scope = scope(caller);
        var line = queries.line(scope, id).orElseThrow(NotFoundException::new);
        people.reachForApi(caller, scope, line.beneficiaryId(), false);
        people.auditApiRead(caller, line.beneficiaryId(), "connection line " + id);
        return line(scope, id);
    }

    private ApiLine line(DataScope scope, long id) {
        var v = views.of(queries.line(scope, id).orElseThrow(NotFoundException::new));
        var l = v.line();
        return new ApiLine(l.id(), l.beneficiaryId(), l.offerId(), l.operator(), l.iccid(), l.contractReference(),
                l.phone(), l.activationDate(), v.coveredDays(), v.lapsesOn(), v.coverage().sixMonthsOn(), v.state().name(),
                v.periods().stream().map(p -> new ApiPeriod(p.id(), p.start(), p.end(), p.amountCents(),
                        p.paidBy().name(), !p.active())).toList());
    }

    /** The people this token reaches: one territory's, for a token scoped to a territory's staff; else 404. */
    static DataScope scope(ApiCaller caller) {
        if (caller == null || caller.territoryId() == null || NOT_TERRITORY_STAFF.contains(caller.kind().name())) {
            throw new NotFoundException();
        }
        return DataScope.territory(caller.territoryId());
    }

    private ResponseEntity<Map<String, Object>> invalid(List<Problems.FieldError> errors) {
        return Problems.of(400, text("api.invalid"), text("api.invalid.detail"), errors);
    }

    private ResponseEntity<Map<String, Object>> rules(LineProblem e) {
        List<Problems.FieldError> errors = new ArrayList<>();
        for (var p : e.problems()) {
            errors.add(new Problems.FieldError(p.field(), text(p.key(), p.args())));
        }
        return Problems.of(422, text("connection.api.rules"), text("connection.api.rules.detail"), errors);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }

    /** A JSON object read strictly: only the fields named, each of its type; errors collected by field. */
    private final class StrictBody {
        final JsonNode root;
        final List<Problems.FieldError> errors = new ArrayList<>();

        StrictBody(JsonNode root, Set<String> allowed) {
            this.root = root;
            if (root == null || !root.isObject()) {
                errors.add(new Problems.FieldError("body", ConnectionApiController.this.text("api.notAnObject")));
                return;
            }
            for (String name : root.propertyNames()) {
                if (!allowed.contains(name)) {
                    errors.add(new Problems.FieldError(name, ConnectionApiController.this.text("api.field.unknown")));
                }
            }
        }

        private JsonNode value(String name, boolean required) {
            JsonNode v = root == null || !root.isObject() ? null : root.get(name);
            if (v == null || v.isNull()) {
                if (required && root != null && root.isObject()) {
                    errors.add(new Problems.FieldError(name, ConnectionApiController.this.text("api.field.required")));
                }
                return null;
            }
            return v;
        }

        String string(String name, boolean required) {
            JsonNode v = value(name, required);
            if (v == null) {
                return null;
            }
            if (!v.isString()) {
                errors.add(new Problems.FieldError(name, ConnectionApiController.this.text("api.field.string")));
                return null;
            }
            String s = v.asString();
            if (s.length() > 200 || !org.parcoursnumerique.shared.Names.isCleanText(s, false)) {
                errors.add(new Problems.FieldError(name, ConnectionApiController.this.text("connection.api.text")));
                return null;
            }
            return s;
        }

        Long integer(String name, boolean required) {
            JsonNode v = value(name, required);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                errors.add(new Problems.FieldError(name, ConnectionApiController.this.text("connection.api.integer")));
                return null;
            }
            return v.longValue();
        }

        Long id(String name, boolean required) {
            Long n = integer(name, required);
            if (n != null && n < 1) {
                errors.add(new Problems.FieldError(name, ConnectionApiController.this.text("connection.api.integer")));
                return null;
            }
            return n;
        }

        LocalDate date(String name, boolean required) {
            String s = string(name, required);
            if (s == null) {
                return null;
            }
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                errors.add(new Problems.FieldError(name, ConnectionApiController.this.text("api.field.date")));
                return null;
            }
        }
    }
}
