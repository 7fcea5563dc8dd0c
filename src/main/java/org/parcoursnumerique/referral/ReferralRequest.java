package org.parcoursnumerique.referral;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/referrals}, for the OpenAPI description. The controller reads
 * the JSON itself, field by field, so that each mistake gets its own explanation.
 */
@Schema(name = "ReferralRequest", description = "Une personne orientée par le logiciel d’un prescripteur.")
record ReferralRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Martin") String lastName,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Léa") String firstName,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date", example = "1985-03-12") String birthDate,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Code INSEE (ou nom) de la commune où la personne habite",
                example = "93066") String inseeCode,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"RSA", "LONG_TERM_JOBSEEKER",
                "YOUNG_MISSION_LOCALE", "YOUNG_ADULT_ASE", "SIAE_EMPLOYEE"}) String eligibilityCategory,
        @Schema(description = "Circonscription ASE (code ou nom), seulement pour YOUNG_ADULT_ASE", example = "ASE-SDN")
        String aseDistrict,
        @Schema(allowableValues = {"IN_TRAINING", "ENTREPRENEURSHIP", "EQUIPMENT_FOR_INSERTION"},
                description = "Situation d’un allocataire du RSA (facultatif)") String rsaSituation,
        @Schema(example = "06 39 98 12 34") String phone,
        @Schema(format = "email", example = "lea.martin@example.org") String email,
        @Schema(allowableValues = {"SMS", "EMAIL", "PHONE", "POST"}) String preferredChannel,
        @Schema(maxLength = 2000, description = "Besoins repérés, sans information de santé") String needs,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "La personne a reçu la notice d’information et accepte : doit valoir true")
        Boolean consent,
        @Schema(description = "La personne accepte que le résultat de son diagnostic soit transmis au prescripteur (false si absent)") Boolean shareWithPrescriber,
        @Schema(description = "Participation à l’étude d’évaluation (false par défaut)") Boolean evaluationStudy) {
}
