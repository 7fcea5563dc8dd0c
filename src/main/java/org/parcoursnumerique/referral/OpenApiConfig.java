package org.parcoursnumerique.referral;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Title and authentication of the OpenAPI description served at /v3/api-docs. */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI parcoursOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Parcours Numérique — API des prescripteurs et des indicateurs").version("v1")
                        .description("Prescripteurs : orienter des personnes et suivre leurs orientations "
                                + "(/api/v1/referrals, /api/v1/referral-imports). Département, EPT et consortiums : "
                                + "lire les indicateurs du programme face à ses objectifs (/api/v1/indicators), des "
                                + "chiffres agrégés sans aucune donnée sur une personne. Jeton d’API créé par la "
                                + "structure dans l’application (page « Jetons d’API ») ; un jeton n’ouvre que les "
                                + "routes de son type de structure (404 pour les autres). Erreurs au format "
                                + "application/problem+json (RFC 9457) avec la liste errors des champs en cause."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")));
    }
}
