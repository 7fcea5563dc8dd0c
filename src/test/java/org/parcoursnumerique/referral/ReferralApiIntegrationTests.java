package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class ReferralApiIntegrationTests {

    static final String VALID = """
            {"lastName":"Traoré","firstName":"Moussa","birthDate":"1979-11-05","inseeCode":"93066",
             "eligibilityCategory":"LONG_TERM_JOBSEEKER","phone":"06 39 98 44 55","consent":true}""";

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;

    record Caller(long organisationId, String token) {
    }

    private Caller caller(String... territories) {
        long org = data.prescriber("FRANCE_TRAVAIL", territories);
        String token = "pn_test_" + System.nanoTime();
        tokens.store(org, "test", token, null);
        return new Caller(org, token);
    }

    @Test
    void createsAReferralAndAnswersWithItsLocation() throws Exception {
        var caller = caller("T6");
        String location = mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("application/json").content(VALID))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("SUBMITTED"))
                .andExpect(jsonPath("$.territory").value("T6"))
                .andReturn().getResponse().getHeader("Location");
        assertThat(location).matches("/api/v1/referrals/\\d+");
        mvc.perform(get(location).header("Authorization", "Bearer " + caller.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.lastName").value("Traoré"))
                // Not accepted yet: the person's milestones are not this prescriber's to read yet.
                .andExpect(jsonPath("$.milestones").isArray()).andExpect(jsonPath("$.milestones.length()").value(0));
        assertThat(jdbc.sql("SELECT source FROM referral WHERE id = :id")
                .param("id", Long.parseLong(location.substring(location.lastIndexOf('/') + 1))).query(String.class).single())
                .isEqualTo("API");
        mvc.perform(get("/api/v1/referrals").param("status", "SUBMITTED").header("Authorization", "Bearer " + caller.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.totalItems").value(1));
    }

    @Test
    void anIdempotencyKeyMakesRetriesSafe() throws Exception {
        var caller = caller("T6");
        String first = mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .header("Idempotency-Key", "abc-123").contentType("application/json").content(VALID))
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        String second = mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .header("Idempotency-Key", "abc-123").contentType("application/json").content(VALID))
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        assertThat(second).isEqualTo(first);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM referral WHERE referring_organisation_id = :o")
                .param("o", caller.organisationId()).query(Long.class).single()).isEqualTo(1);
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .header("Idempotency-Key", "abc-123").contentType("application/json")
                        .content(VALID.replace("Moussa", "Adama")))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }

    @Test
    void explainsEachBadFieldInAProblemDocument() throws Exception {
        var caller = caller("T6");
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("application/json").content("""
                                {"lastName":42,"firstName":"A","birthDate":"1990-02-30","inseeCode":"75056",
                                 "eligibilityCategory":"RSA","consent":"oui","nir":"1 85 03 75 123 456 78"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[?(@.field == 'lastName')].message").value("Ce champ doit être une chaîne de caractères."))
                .andExpect(jsonPath("$.errors[?(@.field == 'nir')].message").value("Champ inconnu."))
                .andExpect(jsonPath("$.errors[?(@.field == 'consent')].message").value("Ce champ doit être true ou false."))
                .andExpect(jsonPath("$.errors[?(@.field == 'birthDate')].message").value("Date invalide : format attendu AAAA-MM-JJ."));
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("application/json").content(VALID.replace("93066", "75056")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("inseeCode"));
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("application/json").content("{\"lastName\": \"x\"".repeat(10_000)))
                .andExpect(status().isPayloadTooLarge());
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("text/plain").content(VALID))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .header("Content-Type", "application/json;;;=").content(VALID))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("application/json").content("[1,2]"))
                .andExpect(status().isBadRequest());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM referral WHERE referring_organisation_id = :o")
                .param("o", caller.organisationId()).query(Long.class).single()).isZero();
    }

    @Test
    void tokensAreScopedToTheirOrganisationAndCanBeRevoked() throws Exception {
        var first = caller("T6");
        var second = caller("T6");
        String location = mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + first.token())
                        .contentType("application/json").content(VALID))
                .andReturn().getResponse().getHeader("Location");
        mvc.perform(get(location).header("Authorization", "Bearer " + second.token())).andExpect(status().isNotFound());
        mvc.perform(get(location).header("Authorization", "Bearer wrong")).andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
        jdbc.sql("UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP WHERE organisation_id = :o")
                .param("o", first.organisationId()).update();
        mvc.perform(get(location).header("Authorization", "Bearer " + first.token())).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/referrals").param("page", "0").param("size", "1000").param("from", "hier")
                        .header("Authorization", "Bearer " + second.token()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(3));
    }

    @Test
    void demoTokensAreRefusedOutsideDemoMode() throws Exception {
        long org = data.prescriber("PIE", "T6");
        String token = ApiTokens.DEMO_PREFIX + "intrus-" + System.nanoTime();
        tokens.store(org, "démo", token, null);
        mvc.perform(get("/api/v1/referrals").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void theApiIsDescribedByOpenApiForLoggedInUsers() throws Exception {
        String docs = mvc.perform(get("/v3/api-docs").with(data.prescriberUser("T6").login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(docs).contains("/api/v1/referrals").contains("/api/v1/referral-imports").contains("ReferralRequest")
                .contains("eligibilityCategory").contains("\"bearer\"").doesNotContain("/beneficiaries")
                // The milestones of the person (kinds and dates only) are described.
                .contains("ApiMilestone").contains("milestones donne les étapes du parcours");
        mvc.perform(get("/v3/api-docs")).andExpect(status().isFound());
    }

    @Test
    void storesPhoneNumbersInOneInternationalFormAndExplainsAWrongOne() throws Exception {
        var caller = caller("T6");
        String body = VALID.replace("Moussa", "Téléphone").replace("06 39 98 44 55", "+33 (0)6.39.98.44.56");
        String location = mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("application/json").content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        long referral = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertThat(jdbc.sql("""
                SELECT b.phone FROM beneficiary b JOIN referral r ON r.beneficiary_id = b.id WHERE r.id = :id""")
                .param("id", referral).query(String.class).single()).isEqualTo("+33639984456");
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("application/json").content(VALID.replace("06 39 98 44 55", "06 39 98 44")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("phone"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith(
                        "Ce numéro de téléphone n’est pas valide. Saisissez 10 chiffres")));
    }

    @Test
    void importsACsvThroughTheApi() throws Exception {
        var caller = caller("T6");
        String csv = """
                nom;prenom;date_naissance;commune;categorie;circonscription_ase;telephone;email;besoins;consentement
                Sylla;Aminata;03/04/1985;93066;RSA;;0639981111;;;oui
                Sylla;Refusée;03/04/1985;Paris;RSA;;;;;oui
                """;
        mvc.perform(multipart("/api/v1/referral-imports")
                        .file(new MockMultipartFile("file", "liste.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + caller.token()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1)).andExpect(jsonPath("$.rejected").value(1))
                .andExpect(jsonPath("$.errors[0].line").value(3)).andExpect(jsonPath("$.errors[0].column").value("commune"));
        mvc.perform(multipart("/api/v1/referral-imports").header("Authorization", "Bearer " + caller.token()))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theApiKeepsCodesAndNamesThePublicItDidNotRecognise() throws Exception {
        var caller = caller("T6");
        mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + caller.token())
                        .contentType("application/json").content(VALID.replace("LONG_TERM_JOBSEEKER", "DELD")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("eligibilityCategory"))
                .andExpect(jsonPath("$.errors[0].message").value("« DELD » n’est pas un public reconnu. Codes acceptés : "
                        + "RSA, LONG_TERM_JOBSEEKER, YOUNG_MISSION_LOCALE, YOUNG_ADULT_ASE, SIAE_EMPLOYEE."));
    }
}
