package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The call's rules on who may be referred: ASE young adults living anywhere, the RSA situation optional. */
@IntegrationTest
class CallRulesIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    private MockHttpServletRequestBuilder form(TestData.TestUser prescriber, String lastName, String... fields) {
        var request = post("/referrals").with(csrf()).with(prescriber.login()).param("lastName", lastName)
                .param("firstName", "Awa").param("phone", "06 39 98 11 22").param("preferredChannel", "SMS")
                .param("consent", "true");
        for (int i = 0; i < fields.length; i += 2) {
            request.param(fields[i], fields[i + 1]);
        }
        return request;
    }

    @Test
    void anAseYoungAdultLivingOutsideSeineSaintDenisGoesToTheTerritoryOfTheirDistrict() throws Exception {
        var aseService = data.user(Role.PRESCRIBER, data.prescriber("ASE_SERVICE", "T6", "T7", "T8", "T9"));
        String young = LocalDate.now().minusYears(19).toString();
        String lastName = TestData.unique("Horsdept").replaceAll("[^A-Za-z]", "");
        mvc.perform(form(aseService, lastName, "birthDate", young, "eligibilityCategory", "YOUNG_ADULT_ASE",
                        "aseDistrict", "ASE-AUL", "commune", "75111"))
                .andExpect(status().isFound());
        var row = jdbc.sql("""
                SELECT b.commune_insee, t.code FROM beneficiary b JOIN territory t ON t.id = b.territory_id
                WHERE b.last_name = :name""").param("name", lastName)
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2)).single();
        assertThat(row).isEqualTo("75111 T7");

        // The person is listed like any other, with the commune's code for want of its name.
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T7");
        assertThat(mvc.perform(get("/beneficiaries").param("q", lastName).with(coordinator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).contains("75111");
    }

    @Test
    void aCommuneOutsideTheProgrammeIsStillRefusedForEveryoneElse() throws Exception {
        var prescriber = data.prescriberUser("T6");
        String page = mvc.perform(form(prescriber, "Dehors", "birthDate", "1988-04-02", "eligibilityCategory", "RSA",
                        "commune", "75111"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("n’est pas dans les territoires du programme");

        var aseService = data.user(Role.PRESCRIBER, data.prescriber("ASE_SERVICE", "T6", "T7", "T8", "T9"));
        String ase = mvc.perform(form(aseService, "Dehors", "birthDate", LocalDate.now().minusYears(19).toString(),
                        "eligibilityCategory", "YOUNG_ADULT_ASE", "aseDistrict", "ASE-AUL", "commune", "Paris"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(ase).contains("saisissez le code INSEE de sa commune");
    }

    @Test
    void theRsaSituationIsOptional() throws Exception {
        var prescriber = data.prescriberUser("T6");
        String lastName = TestData.unique("Sanssituation").replaceAll("[^A-Za-z]", "");
        mvc.perform(form(prescriber, lastName, "birthDate", "1988-04-02", "eligibilityCategory", "RSA",
                        "commune", "Saint-Denis"))
                .andExpect(status().isFound());
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM referral r JOIN beneficiary b ON b.id = r.beneficiary_id
                WHERE b.last_name = :name AND r.rsa_situation IS NULL""").param("name", lastName).query(Long.class).single())
                .isEqualTo(1);
    }
}
