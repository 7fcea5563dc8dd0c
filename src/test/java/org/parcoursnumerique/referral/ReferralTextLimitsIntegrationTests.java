package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Every text of a referral and of its triage has a length limit, refused with a French message. */
@IntegrationTest
class ReferralTextLimitsIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;

    private long submit(TestData.TestUser prescriber, String lastName) throws Exception {
        String location = mvc.perform(post("/referrals").with(csrf()).with(prescriber.login())
                        .param("lastName", lastName).param("firstName", "Awa").param("birthDate", "1988-04-02")
                        .param("commune", "Saint-Denis").param("eligibilityCategory", "LONG_TERM_JOBSEEKER")
                        .param("consent", "true"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private String referralStatus(long referral) {
        return jdbc.sql("SELECT status FROM referral WHERE id = :id").param("id", referral).query(String.class).single();
    }

    @Test
    void aRefusalNoteOrAWithdrawalNoteTooLongIsRefusedWithoutAnError() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long refused = submit(prescriber, "Longue");
        String note = "a".repeat(2001);
        mvc.perform(post("/referrals/" + refused + "/refuse").with(csrf()).with(coordinator.login())
                        .param("reason", "OTHER").param("note", note))
                .andExpect(status().isFound())
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo("referral.note.tooLong"));
        assertThat(referralStatus(refused)).isEqualTo("SUBMITTED");
        mvc.perform(post("/referrals/" + refused + "/refuse").with(csrf()).with(coordinator.login())
                .param("reason", "OTHER").param("note", "b".repeat(2000))).andExpect(status().isFound());
        assertThat(referralStatus(refused)).isEqualTo("REFUSED");

        long withdrawn = submit(prescriber, "Retirée");
        mvc.perform(post("/referrals/" + withdrawn + "/withdraw").with(csrf()).with(prescriber.login())
                        .param("note", note))
                .andExpect(status().isFound())
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo("referral.note.tooLong"));
        assertThat(referralStatus(withdrawn)).isEqualTo("SUBMITTED");
    }

    @Test
    void everyTextOfTheFormIsLimitedWithItsOwnMessage() throws Exception {
        var prescriber = data.prescriberUser("T6");
        String page = mvc.perform(post("/referrals").with(csrf()).with(prescriber.login())
                        .param("lastName", "Diallo").param("firstName", "Awa").param("birthDate", "1988-04-02")
                        .param("commune", "Saint-Denis ".repeat(50)).param("eligibilityCategory", "LONG_TERM_JOBSEEKER")
                        .param("email", "a@" + "b".repeat(400) + ".fr").param("consent", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Ce texte tient en 100 caractères au plus")
                .contains("Ce texte tient en 320 caractères au plus");
    }

    @Test
    void theApiAnswersProblemJsonForATextTooLong() throws Exception {
        long org = data.prescriber("PIE", "T6");
        String token = "pn_len_" + System.nanoTime();
        tokens.store(org, "test", token, null);
        String body = """
                {"lastName":"Traoré","firstName":"Moussa","birthDate":"1979-11-05","inseeCode":"%s",
                 "eligibilityCategory":"LONG_TERM_JOBSEEKER","phone":"%s","consent":true}"""
                .formatted("9".repeat(5000), "0".repeat(40));
        var response = mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + token)
                        .contentType("application/json").content(body))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"inseeCode\"").contains("\"phone\"")
                .contains("tient en 100 caractères au plus").contains("tient en 30 caractères au plus")
                .doesNotContain("99999999999999999999");
    }
}
