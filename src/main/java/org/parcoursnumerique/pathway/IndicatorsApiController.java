package org.parcoursnumerique.pathway;

import java.util.List;

import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The programme's indicators for the software of the département (every territory), of an EPT or of
 * a consortium (its territory), live (ADR 0017, 0018). Aggregates only: nothing about a person.
 * A prescriber organisation's token is refused before it gets here (404, {@code ApiSecurityConfig});
 * the scope check below says the same in case a route rule ever changes.
 */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "Indicateurs", description = "Indicateurs du programme face à ses objectifs (Département, EPT, consortiums)")
class IndicatorsApiController {

    /** The programme the figures are about. */
    record ApiProgramme(String code, String name) {
    }

    /**
     * @param code          {@code DIAGNOSED}, {@code EQUIPPED}, {@code CONNECTED_6_MONTHS}, {@code ORIENTED} or {@code CERTIFIED}
     * @param target        the programme's target
     * @param value         people who reached the milestone inside the programme's period (to the diagnostic deadline for DIAGNOSED)
     * @param afterDeadline people who reached it after that period, counted apart
     */
    record ApiIndicator(String code, int target, long value, long afterDeadline) {
    }

    record ApiTerritory(String code, String name, List<ApiIndicator> indicators) {
    }

    /** The sum over the territories listed (the département's total for a département token). */
    record ApiTotal(List<ApiIndicator> indicators) {
    }

    record ApiIndicators(ApiProgramme programme, List<ApiTerritory> territories, ApiTotal total) {
    }

    private final Indicators indicators;
    private final Programmes programmes;

    IndicatorsApiController(Indicators indicators, Programmes programmes) {
        this.indicators = indicators;
        this.programmes = programmes;
    }

    @GetMapping("/api/v1/indicators")
    @Operation(summary = "Indicateurs du programme", description = "Les cinq indicateurs de l’appel (DIAGNOSED, "
            + "EQUIPPED, CONNECTED_6_MONTHS, ORIENTED, CERTIFIED) face à leurs objectifs, par territoire et au total, "
            + "calculés en direct. value compte les personnes qui ont atteint l’étape pendant la période du programme "
            + "(jusqu’à la date limite des diagnostics pour DIAGNOSED) ; afterDeadline, celles qui l’ont atteinte après. "
            + "Jeton du Département : tous les territoires ; jeton d’un EPT ou d’un consortium : son territoire. "
            + "Un jeton de prescripteur reçoit 404. Aucune donnée sur une personne.")
    @ApiResponse(responseCode = "200", description = "Indicateurs",
            content = @Content(schema = @Schema(implementation = ApiIndicators.class)))
    @ApiResponse(responseCode = "401", description = "Jeton absent, inconnu ou révoqué",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Jeton d’une structure qui ne lit pas les indicateurs (prescripteur)",
            content = @Content(mediaType = "application/problem+json"))
    ApiIndicators showIndicators(@Parameter(hidden = true) ApiCaller caller) {
        DataScope scope = caller.figuresScope();
        if (scope.isNone()) {
            throw new NotFoundException();
        }
        var board = indicators.indicators(programmes.defaultProgramme(), scope);
        return new ApiIndicators(new ApiProgramme(board.programme().code(), board.programme().name()),
                board.territories().stream()
                        .map(t -> new ApiTerritory(t.code(), t.name(), api(t.indicators()))).toList(),
                new ApiTotal(api(board.total())));
    }

    private static List<ApiIndicator> api(List<Indicators.Indicator> list) {
        return list.stream().map(i -> new ApiIndicator(i.code(), i.target(), i.value(), i.afterDeadline())).toList();
    }
}
