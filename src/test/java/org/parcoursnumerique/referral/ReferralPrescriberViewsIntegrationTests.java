package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** What the referring prescriber sees of a result, and the identity they may still correct. */
@IntegrationTest
class ReferralPrescriberViewsIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Organisations organisations;

    record Case(long referral, long person, TestData.TestUser prescriber, TestData.TestUser coordinator, long structure) {
    }

    /** A referral of Saint-Denis sent by a new prescriber, the person agreeing to share the result. */
    Case sent(String lastName, String birthDate) throws Exception {
        var prescriber = data.prescriberUser("T6");
        long structure = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structure);
        String location = mvc.perform(post("/referrals").with(csrf()).with(prescriber.login())
                        .param("lastName", lastName).param("firstName", "Zoé").param("birthDate", birthDate)
                        .param("commune", "Saint-Denis").param("eligibilityCategory", "LONG_TERM_JOBSEEKER")
                        .param("consent", "true").param("shareWithPrescriber", "true"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", id).query(Long.class).single();
        return new Case(id, person, prescriber, coordinator, structure);
    }

    void accept(Case c) throws Exception {
        mvc.perform(post("/referrals/" + c.referral() + "/accept").with(csrf()).with(c.coordinator().login())
                .param("structureId", String.valueOf(c.structure())).param("mediatorId", String.valueOf(c.coordinator().id())))
                .andExpect(status().isFound());
    }

    /** A completed diagnostic by the coordinator of the structure, stored as the diagnostic module stores it. */
    void diagnose(Case c) {
        long referential = jdbc.sql("""
                SELECT id FROM diagnostic_referential WHERE owner_territory_id IS NULL AND status = 'PUBLISHED'
                ORDER BY version DESC LIMIT 1""").query(Long.class).single();
        var row = jdbc.sql("SELECT territory_id, referring_organisation_id FROM beneficiary WHERE id = :id")
                .param("id", c.person()).query().singleRow();
        OffsetDateTime now = OffsetDateTime.now();
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id, mediator_id,
                    status, current_step, started_at, updated_at, completed_at, profile, profile_label)
                VALUES (:person, :territory, :referrer, :referential, :mediator, 'COMPLETED', 8, :now, :now, :now,
                    'beginner', 'Débutant')""")
                .param("person", c.person()).param("territory", row.get("territory_id"))
                .param("referrer", row.get("referring_organisation_id")).param("referential", referential)
                .param("mediator", c.coordinator().id()).param("now", now));
        jdbc.sql("""
                INSERT INTO recommendation (diagnostic_id, kind, computed_value, computed_themes)
                VALUES (:id, 'EQUIPMENT', 'LAPTOP', NULL), (:id, 'CONNECTION', 'YES', NULL),
                       (:id, 'TRAINING', 'BEGINNER', 'EMAIL'), (:id, 'CERTIFICATION', 'PIX', NULL)""")
                .param("id", id).update();
        jdbc.sql("UPDATE beneficiary SET status = 'DIAGNOSED', diagnosed_on = CURRENT_DATE WHERE id = :id")
                .param("id", c.person()).update();
    }

    String html(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getContentAsString();
    }

    MockHttpServletRequestBuilder identity(Case c, String lastName, String birthDate) {
        return post("/referrals/" + c.referral() + "/identity").with(csrf()).with(c.prescriber().login())
                .param("lastName", lastName).param("firstName", "Zoé").param("birthDate", birthDate);
    }

    long openSuspicions(Case c) {
        return jdbc.sql("SELECT COUNT(*) FROM duplicate_suspicion WHERE referral_id = :r AND status = 'OPEN'")
                .param("r", c.referral()).query(Long.class).single();
    }

    @Test
    void theListAndTheReferralPageSayWhenTheResultIsReady() throws Exception {
        Case c = sent("Prete", "1988-04-02");
        String link = "href=\"/referrals/" + c.referral() + "/diagnostic\" class=\"tag tag-ready\"";
        assertThat(html(get("/referrals").with(c.prescriber().login()))).contains("<th scope=\"col\">Diagnostic</th>")
                .doesNotContain(link);
        accept(c);
        assertThat(html(get("/referrals").with(c.prescriber().login()))).doesNotContain(link);
        diagnose(c);
        assertThat(html(get("/referrals").with(c.prescriber().login()))).contains(link).contains("Résultat disponible");
        assertThat(html(get("/referrals/" + c.referral()).with(c.prescriber().login())))
                .contains("<span class=\"tag tag-ready\">Résultat disponible</span>");
    }

    @Test
    void thePrescriberCorrectsTheNameAndBirthDateUntilTheReferralIsAccepted() throws Exception {
        Case c = sent("Martn", "1988-04-02");
        assertThat(html(get("/referrals/" + c.referral()).with(c.prescriber().login())))
                .contains("action=\"/referrals/" + c.referral() + "/identity\"");
        mvc.perform(identity(c, "Martin", "1988-02-04")).andExpect(status().isFound());
        var person = jdbc.sql("SELECT last_name, birth_date, full_name_norm FROM beneficiary WHERE id = :id")
                .param("id", c.person()).query().singleRow();
        assertThat(person.get("last_name")).isEqualTo("Martin");
        assertThat(String.valueOf(person.get("birth_date"))).isEqualTo("1988-02-04");
        assertThat((String) person.get("full_name_norm")).contains("martin").doesNotContain("martn");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND details LIKE :d")
                .param("p", c.person()).param("d", "referral " + c.referral() + " identity corrected%")
                .query(Long.class).single()).isEqualTo(1);

        // A refused correction comes back to the form with the typed values and the reason.
        var refused = mvc.perform(identity(c, "", "2090-01-01")).andExpect(status().isFound()).andReturn();
        String page = html(get("/referrals/" + c.referral()).with(c.prescriber().login())
                .with(org.parcoursnumerique.support.Flashes.of(refused.getFlashMap())));
        assertThat(page).contains("Saisissez le nom.").contains("value=\"2090-01-01\"").contains("<details id=\"identity\" open>");

        accept(c);
        mvc.perform(identity(c, "Martine", "1988-02-04")).andExpect(status().isConflict());
        assertThat(jdbc.sql("SELECT last_name FROM beneficiary WHERE id = :id").param("id", c.person())
                .query(String.class).single()).isEqualTo("Martin");
        assertThat(html(get("/referrals/" + c.referral()).with(c.prescriber().login())))
                .doesNotContain("/identity\"").contains("pour corriger le nom ou la date de naissance, contactez");
    }

    @Test
    void aCorrectedIdentityIsCheckedForDuplicatesAgain() throws Exception {
        String last = "Doublon" + (char) ('a' + (System.nanoTime() % 26)) + (char) ('a' + (System.nanoTime() / 7 % 26));
        data.beneficiary().named(last, "Zoé").create();
        Case c = sent(last + "x", "1985-03-12");
        assertThat(openSuspicions(c)).isZero();
        mvc.perform(identity(c, last, "1985-03-12")).andExpect(status().isFound());
        assertThat(openSuspicions(c)).isEqualTo(1);
        mvc.perform(identity(c, last + "x", "1985-03-12")).andExpect(status().isFound());
        assertThat(openSuspicions(c)).isZero();
    }

    @Test
    void anotherPrescriberCannotCorrectTheIdentity() throws Exception {
        Case c = sent("Autre", "1988-04-02");
        var other = data.prescriberUser("T6");
        mvc.perform(post("/referrals/" + c.referral() + "/identity").with(csrf()).with(other.login())
                .param("lastName", "Pirate").param("firstName", "Zoé").param("birthDate", "1988-04-02"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/referrals/" + c.referral() + "/identity").with(csrf()).with(c.coordinator().login())
                .param("lastName", "Pirate").param("firstName", "Zoé").param("birthDate", "1988-04-02"))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT last_name FROM beneficiary WHERE id = :id").param("id", c.person())
                .query(String.class).single()).isEqualTo("Autre");
    }

    @Test
    void theResultPdfGivesTheAccompanyingStructuresContact() throws Exception {
        Case c = sent("Contact", "1988-04-02");
        accept(c);
        organisations.changeContactEmail(c.structure(), "accueil@structure.test");
        diagnose(c);
        String name = organisations.find(c.structure()).orElseThrow().name();
        var response = mvc.perform(get("/referrals/" + c.referral() + "/diagnostic.pdf").with(c.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse();
        try (var pdf = Loader.loadPDF(response.getContentAsByteArray())) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("Qui contacter").contains(name).contains("12 rue de l’Essai, 93200 Saint-Denis")
                    .contains("99 00 00 12").contains("accueil@structure.test");
        }
        assertThat(html(get("/referrals/" + c.referral() + "/diagnostic").with(c.prescriber().login())))
                .contains("accueil@structure.test");
    }
}
