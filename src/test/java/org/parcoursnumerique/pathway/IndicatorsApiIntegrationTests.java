package org.parcoursnumerique.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GET /api/v1/indicators for each kind of token, and the routes those tokens may not reach. */
@IntegrationTest
class IndicatorsApiIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;
    @Autowired Milestones milestones;
    @Autowired JsonMapper json;

    String token(long organisationId) {
        String token = "pn_indicators_" + System.nanoTime();
        tokens.store(organisationId, "test", token, null);
        return token;
    }

    long consortiumOf(long memberStructure) {
        return jdbc.sql("SELECT consortium_id FROM organisation WHERE id = :id").param("id", memberStructure)
                .query(Long.class).single();
    }

    JsonNode indicators(String token) throws Exception {
        String body = mvc.perform(get("/api/v1/indicators").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith("application/json"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body);
    }

    static JsonNode indicator(JsonNode indicators, String code) {
        for (JsonNode i : indicators) {
            if (i.get("code").asString().equals(code)) {
                return i;
            }
        }
        throw new AssertionError("no indicator " + code);
    }

    static JsonNode territory(JsonNode body, String code) {
        for (JsonNode t : body.get("territories")) {
            if (t.get("code").asString().equals(code)) {
                return t;
            }
        }
        throw new AssertionError("no territory " + code);
    }

    @Test
    void theDepartementSeesEveryTerritoryAndTheirTotal() throws Exception {
        JsonNode body = indicators(token(data.departement()));
        assertThat(body.get("programme").get("code").asString()).isEqualTo("CD93-NUMERIQUE-INCLUSIF-2021");
        assertThat(body.get("programme").get("name").asString()).isNotBlank();
        assertThat(body.get("territories").valueStream().map(t -> t.get("code").asString()).toList())
                .containsExactly("T6", "T7", "T8", "T9");
        JsonNode t6 = territory(body, "T6");
        assertThat(t6.get("name").asString()).isEqualTo("Plaine Commune");
        assertThat(t6.get("indicators").valueStream().map(i -> i.get("code").asString()).toList())
                .containsExactly("DIAGNOSED", "EQUIPPED", "CONNECTED_6_MONTHS", "ORIENTED", "CERTIFIED");
        assertThat(indicator(t6.get("indicators"), "DIAGNOSED").get("target").asInt()).isEqualTo(250);
        // Exactly the four fields, nothing about a person.
        assertThat(indicator(t6.get("indicators"), "DIAGNOSED").propertyNames())
                .containsExactlyInAnyOrder("code", "target", "value", "afterDeadline");
        for (String code : List.of("DIAGNOSED", "EQUIPPED", "CONNECTED_6_MONTHS", "ORIENTED", "CERTIFIED")) {
            long value = 0;
            long after = 0;
            long target = 0;
            for (JsonNode t : body.get("territories")) {
                value += indicator(t.get("indicators"), code).get("value").asLong();
                after += indicator(t.get("indicators"), code).get("afterDeadline").asLong();
                target += indicator(t.get("indicators"), code).get("target").asLong();
            }
            JsonNode total = indicator(body.get("total").get("indicators"), code);
            assertThat(total.get("value").asLong()).as(code).isEqualTo(value);
            assertThat(total.get("afterDeadline").asLong()).as(code).isEqualTo(after);
            assertThat(total.get("target").asLong()).as(code).isEqualTo(target);
        }
    }

    @Test
    void aMilestoneReachedShowsAtOnceInsideThePeriodOrAfterTheDeadline() throws Exception {
        String token = token(data.departement());
        long inTime = data.beneficiary().livingIn("93048", "T8").create();
        long late = data.beneficiary().livingIn("93048", "T8").create();
        JsonNode before = territory(indicators(token), "T8");
        // The default programme of the tests keeps the call's dates: diagnostic deadline 2022-06-30.
        milestones.reach(inTime, Milestone.DIAGNOSED, LocalDate.of(2022, 6, 30), null, null);
        milestones.reach(late, Milestone.DIAGNOSED, LocalDate.of(2022, 7, 1), null, null);
        JsonNode after = territory(indicators(token), "T8");
        JsonNode was = indicator(before.get("indicators"), "DIAGNOSED");
        JsonNode now = indicator(after.get("indicators"), "DIAGNOSED");
        assertThat(now.get("value").asLong()).isEqualTo(was.get("value").asLong() + 1);
        assertThat(now.get("afterDeadline").asLong()).isEqualTo(was.get("afterDeadline").asLong() + 1);
    }

    @Test
    void anEptOrAConsortiumSeesItsTerritoryOnly() throws Exception {
        JsonNode ept = indicators(token(data.ept("T6")));
        assertThat(ept.get("territories")).hasSize(1);
        assertThat(ept.get("territories").get(0).get("code").asString()).isEqualTo("T6");
        // The total is the sum of what the token may see: its territory.
        assertThat(ept.get("total").get("indicators")).isEqualTo(ept.get("territories").get(0).get("indicators"));

        JsonNode consortium = indicators(token(consortiumOf(data.consortiumMember("T9"))));
        assertThat(consortium.get("territories")).hasSize(1);
        assertThat(consortium.get("territories").get(0).get("code").asString()).isEqualTo("T9");
    }

    @Test
    void aPrescriberTokenGets404AndNoTokenGets401AsProblems() throws Exception {
        String prescriber = token(data.prescriber("PIE", "T6"));
        mvc.perform(get("/api/v1/indicators").header("Authorization", "Bearer " + prescriber))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.status").value(404));
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE action = 'READ_DENIED' AND details LIKE 'GET /api/v1/indicators%'""")
                .query(Long.class).single()).isPositive();
        mvc.perform(get("/api/v1/indicators"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/v1/indicators").header("Authorization", "Bearer pn_unknown_token"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        // A logged-in session is no token.
        mvc.perform(get("/api/v1/indicators").with(data.programmeManager().login()))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void indicatorTokensReachNoReferralRoute() throws Exception {
        long prescriber = data.prescriber("PIE", "T6");
        long someReferral = jdbc.sql("SELECT COALESCE(MAX(id), 1) FROM referral").query(Long.class).single();
        List<Long> holders = List.of(data.departement(), data.ept("T6"), consortiumOf(data.consortiumMember("T6")));
        for (long org : holders) {
            String token = token(org);
            List<MockHttpServletRequestBuilder> calls = List.of(
                    get("/api/v1/referrals"),
                    get("/api/v1/referrals/" + someReferral),
                    post("/api/v1/referrals").contentType("application/json").content("""
                            {"lastName":"Traoré","firstName":"Moussa","birthDate":"1979-11-05","inseeCode":"93066",
                             "eligibilityCategory":"LONG_TERM_JOBSEEKER","consent":true}"""),
                    post("/api/v1/referral-imports"));
            for (var call : calls) {
                mvc.perform(call.header("Authorization", "Bearer " + token))
                        .andExpect(status().isNotFound())
                        .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE referring_organisation_id IN (:holders)")
                .param("holders", holders).query(Long.class).single()).isZero();
        // And the prescriber's own token still reaches them.
        mvc.perform(get("/api/v1/referrals").header("Authorization", "Bearer " + token(prescriber)))
                .andExpect(status().isOk());
    }

    @Test
    void theDepartementAnEptAndACoordinatorCreateTokensForTheirOrganisationAndAMediatorCannot() throws Exception {
        var manager = data.programmeManager();
        var eptViewer = data.eptViewer("T7");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T8");
        Map<TestData.TestUser, String> expectedTerritories = Map.of(manager, "T6,T7,T8,T9", eptViewer, "T7",
                coordinator, "T8");
        for (var entry : expectedTerritories.entrySet()) {
            var user = entry.getKey();
            String page = mvc.perform(get("/api-tokens").with(user.login())).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("lire les indicateurs du programme");
            var flash = mvc.perform(post("/api-tokens").param("name", "Tableau de bord").with(csrf()).with(user.login()))
                    .andExpect(status().is3xxRedirection()).andReturn().getFlashMap();
            String token = (String) flash.get("newToken");
            assertThat(token).startsWith("pn_");
            JsonNode body = indicators(token);
            assertThat(String.join(",", body.get("territories").valueStream().map(t -> t.get("code").asString()).toList()))
                    .isEqualTo(entry.getValue());
        }
        // The coordinator's token belongs to the consortium, not to their member structure.
        long holder = jdbc.sql("SELECT organisation_id FROM api_token WHERE created_by = :u")
                .param("u", coordinator.id()).query(Long.class).single();
        assertThat(holder).isEqualTo(consortiumOf(coordinator.organisationId()));

        var mediator = data.consortiumStaff(Role.MEDIATOR, "T8");
        mvc.perform(get("/api-tokens").with(mediator.login())).andExpect(status().isNotFound());
        mvc.perform(post("/api-tokens").param("name", "x").with(csrf()).with(mediator.login()))
                .andExpect(status().isNotFound());
    }

    @Test
    void aRevokedIndicatorTokenIsRefused() throws Exception {
        var manager = data.programmeManager();
        String token = token(manager.organisationId());
        indicators(token);
        long id = jdbc.sql("SELECT id FROM api_token WHERE organisation_id = :o").param("o", manager.organisationId())
                .query(Long.class).single();
        mvc.perform(post("/api-tokens/" + id + "/revoke").with(csrf()).with(manager.login()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/indicators").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized());
    }
}
