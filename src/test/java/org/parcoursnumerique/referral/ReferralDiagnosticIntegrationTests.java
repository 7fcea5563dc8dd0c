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
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.diagnostic.DiagnosticCompleted;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.parcoursnumerique.support.TestMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** What the referring prescriber learns of the diagnostic: a link by email, a page, a PDF, the API. */
@IntegrationTest
class ReferralDiagnosticIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate tx;
    @Autowired Pathways pathways;

    record Case(long referralId, long personId, TestData.TestUser prescriber) {
    }

    /** A referral of Saint-Denis sent and accepted; the person's answer about sharing as given. */
    private Case acceptedReferral(boolean shareWithPrescriber, String lastName) throws Exception {
        var builder = pathways.person().named(lastName, "Awa");
        var p = (shareWithPrescriber ? builder.sharingWithPrescriber() : builder).accepted();
        return new Case(p.referralId(), p.personId(), p.prescriber());
    }

    /**
     * A completed diagnostic written as the diagnostic module stores it, then announced the way
     * that module does, inside the completing transaction.
     */
    private void completeDiagnostic(long person) {
        tx.executeWithoutResult(status -> {
            long referential = jdbc.sql("""
                    SELECT id FROM diagnostic_referential WHERE owner_territory_id IS NULL AND status = 'PUBLISHED'
                    ORDER BY version DESC LIMIT 1""").query(Long.class).single();
            var row = jdbc.sql("SELECT territory_id, referring_organisation_id FROM beneficiary WHERE id = :id")
                    .param("id", person).query().singleRow();
            OffsetDateTime now = OffsetDateTime.now();
            long id = Keys.insert(jdbc.sql("""
                    INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id,
                        status, current_step, started_at, updated_at, completed_at, profile, profile_label)
                    VALUES (:person, :territory, :referrer, :referential, 'COMPLETED', 8, :now, :now, :now,
                        'beginner', 'Débutant avec le numérique')""")
                    .param("person", person).param("territory", row.get("territory_id"))
                    .param("referrer", row.get("referring_organisation_id")).param("referential", referential)
                    .param("now", now));
            jdbc.sql("""
                    INSERT INTO diagnostic_answer (diagnostic_id, question_key, answer_value)
                    VALUES (:id, 'equipment_owned', 'none'), (:id, 'internet_access', 'mobile_only'),
                           (:id, 'project_details', 'Devenir aide à domicile')""").param("id", id).update();
            jdbc.sql("""
                    INSERT INTO recommendation (diagnostic_id, kind, computed_value, computed_themes)
                    VALUES (:id, 'EQUIPMENT', 'LAPTOP', NULL), (:id, 'CONNECTION', 'YES', NULL),
                           (:id, 'TRAINING', 'BEGINNER', 'EMAIL,ONLINE_PROCEDURES'), (:id, 'CERTIFICATION', 'PIX', NULL)""")
                    .param("id", id).update();
            jdbc.sql("UPDATE beneficiary SET status = 'DIAGNOSED', diagnosed_on = CURRENT_DATE WHERE id = :id")
                    .param("id", person).update();
            events.publishEvent(new DiagnosticCompleted(id, person, now));
        });
    }

    @Test
    void thePrescriberIsToldByEmailAndReadsTheSummaryAndItsAccessiblePdf() throws Exception {
        Case c = acceptedReferral(true, "Résumé");
        String before = mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic").with(c.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(before).contains("pas encore fait");

        completeDiagnostic(c.personId());

        String mail = TestMail.awaitText(c.prescriber().email(), "Le diagnostic d’une personne orientée est prêt");
        assertThat(mail).contains("http://parcours.test/referrals/" + c.referralId() + "/diagnostic")
                .doesNotContain("Résumé").doesNotContain("Awa");
        String referralPage = mvc.perform(get("/referrals/" + c.referralId()).with(c.prescriber().login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(referralPage).contains("href=\"/referrals/" + c.referralId() + "/diagnostic\"");

        String page = mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic").with(c.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Ce que le diagnostic recommande").contains("Débutant avec le numérique")
                .contains("/referrals/" + c.referralId() + "/diagnostic.pdf")
                // The plan, not the answers: barriers and the person's own words stay with the mediator.
                .doesNotContain("Devenir aide à domicile").contains("restent chez le médiateur");

        var response = mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic.pdf").with(c.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getHeader("Content-Disposition")).contains("attachment").doesNotContain("Résumé");
        try (var pdf = Loader.loadPDF(response.getContentAsByteArray())) {
            assertThat(pdf.getDocumentCatalog().getMarkInfo().isMarked()).as("tagged PDF").isTrue();
            assertThat(pdf.getDocumentCatalog().getLanguage()).isEqualTo("fr");
            assertThat(pdf.getDocumentInformation().getTitle()).isEqualTo("Diagnostic de Résumé Awa");
            assertThat(new PDFTextStripper().getText(pdf)).contains("Ce que le diagnostic recommande")
                    .contains("Débutant avec le numérique").doesNotContain("Devenir aide à domicile");
        }
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :id AND details LIKE 'diagnostic summary%'""")
                .param("id", c.personId()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void withoutThePersonsAgreementThePrescriberLearnsOnlyThatItIsDone() throws Exception {
        Case c = acceptedReferral(false, "Discrète");
        completeDiagnostic(c.personId());

        String page = mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic").with(c.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("n’a pas accepté").doesNotContain("Ce que le diagnostic recommande")
                .doesNotContain("Devenir aide à domicile").doesNotContain("diagnostic.pdf");
        mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic.pdf").with(c.prescriber().login()))
                .andExpect(status().isNotFound());

        // The consortium's coordinator, who works with the person, still sees it whole.
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        String theirs = mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic").with(coordinator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(theirs).contains("Ce que le diagnostic recommande");
    }

    @Test
    void aPrescriberWhoseReferralIsNoLongerAcceptedSeesNoSummary() throws Exception {
        Case c = acceptedReferral(true, "Retirée");
        completeDiagnostic(c.personId());
        jdbc.sql("UPDATE referral SET status = 'WITHDRAWN' WHERE id = :id").param("id", c.referralId()).update();

        String page = mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic").with(c.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("orientation acceptée").doesNotContain("Ce que le diagnostic recommande");
        mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic.pdf").with(c.prescriber().login()))
                .andExpect(status().isNotFound());
    }

    @Test
    void theApiGivesTheSummaryOnlyWhenThePersonAgreed() throws Exception {
        Case shared = acceptedReferral(true, "Api Oui");
        Case notShared = acceptedReferral(false, "Api Non");
        String token = token(shared);
        String otherToken = token(notShared);
        String before = mvc.perform(get("/api/v1/referrals/" + shared.referralId()).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(before).contains("\"diagnostic\":null").doesNotContain("completedAt");

        completeDiagnostic(shared.personId());
        completeDiagnostic(notShared.personId());

        String body = mvc.perform(get("/api/v1/referrals/" + shared.referralId()).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).contains("\"detailShared\":true").contains("\"equipment\":\"LAPTOP\"")
                .contains("\"connection\":true").contains("\"trainingLevel\":\"BEGINNER\"")
                .contains("\"EMAIL\"").contains("\"ONLINE_PROCEDURES\"").contains("\"certification\":\"PIX\"")
                .contains("\"profileLabel\":\"Débutant avec le numérique\"");
        String hidden = mvc.perform(get("/api/v1/referrals/" + notShared.referralId())
                        .header("Authorization", "Bearer " + otherToken))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(hidden).contains("\"detailShared\":false").contains("completedAt")
                .doesNotContain("LAPTOP").doesNotContain("BEGINNER").doesNotContain("Débutant");
    }

    @Test
    void aSharingConsentWithdrawnOnThePersonsPageHidesTheResultAtOnce() throws Exception {
        Case c = acceptedReferral(true, "Reprise");
        completeDiagnostic(c.personId());
        String before = mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic").with(c.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(before).contains("Ce que le diagnostic recommande");

        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        String person = mvc.perform(get("/beneficiaries/" + c.personId()).with(mediator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(person).contains("name=\"organisationId\" value=\"" + c.prescriber().organisationId() + "\"");
        mvc.perform(post("/beneficiaries/" + c.personId() + "/consents/withdraw").with(csrf()).with(mediator.login())
                .param("purpose", "SHARE_WITH_PRESCRIBER")
                .param("organisationId", String.valueOf(c.prescriber().organisationId())))
                .andExpect(status().isFound());

        String after = mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic").with(c.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(after).contains("n’a pas accepté").doesNotContain("Ce que le diagnostic recommande");
        mvc.perform(get("/referrals/" + c.referralId() + "/diagnostic.pdf").with(c.prescriber().login()))
                .andExpect(status().isNotFound());
        String token = token(c);
        String api = mvc.perform(get("/api/v1/referrals/" + c.referralId()).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(api).contains("\"detailShared\":false").doesNotContain("LAPTOP");
    }

    private String token(Case c) {
        String token = "pn_diag_" + System.nanoTime();
        tokens.store(c.prescriber().organisationId(), "test", token, null);
        return token;
    }
}
