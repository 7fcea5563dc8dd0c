package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;


import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.parcoursnumerique.support.TestMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
class ReferralIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    /** The form of an RSA recipient of Saint-Denis, with some fields replaced by {@code changes} (name, value…). */
    private MockHttpServletRequestBuilder referralForm(TestData.TestUser prescriber, String... changes) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("lastName", "Diallo");
        fields.put("firstName", "Awa");
        fields.put("birthDate", "1988-04-02");
        fields.put("commune", "Saint-Denis");
        fields.put("eligibilityCategory", "RSA");
        fields.put("rsaSituation", "IN_TRAINING");
        fields.put("phone", "06 39 98 11 22");
        fields.put("preferredChannel", "SMS");
        fields.put("needs", "Un ordinateur pour ses démarches");
        fields.put("consent", "true");
        fields.put("shareWithPrescriber", "true");
        for (int i = 0; i < changes.length; i += 2) {
            fields.put(changes[i], changes[i + 1]);
        }
        var request = post("/referrals").with(csrf()).with(prescriber.login());
        fields.forEach(request::param);
        return request;
    }

    private long submit(TestData.TestUser prescriber, String... extra) throws Exception {
        String location = mvc.perform(referralForm(prescriber, extra)).andExpect(status().isFound())
                .andReturn().getResponse().getRedirectedUrl();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    @Test
    void thePersonsPageListsTheirReferralsForThoseWhoMayReadThem() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long id = submit(prescriber, "lastName", "Section", "firstName", "Page");
        long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", id)
                .query(Long.class).single();
        String page = mvc.perform(get("/beneficiaries/" + person).with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("href=\"/referrals/" + id + "\"").contains("Envoyée");
        // Logistics staff read the person's record but not the referrals: no section, no link.
        var logistics = data.consortiumStaff(Role.LOGISTICS_MANAGER, "T6");
        String theirs = mvc.perform(get("/beneficiaries/" + person).with(logistics.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(theirs).doesNotContain("/referrals/" + id);
    }

    @Test
    void aPrescriberRefersAPersonWhoGetsARecordInTheRightTerritory() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long id = submit(prescriber, "lastName", "Lefèvre", "firstName", "Élodie");

        Map<String, Object> row = jdbc.sql("""
                SELECT r.status, r.source, r.rsa_situation, r.notice_version, b.status AS person_status,
                       b.commune_insee, b.phone, t.code AS territory, b.referring_organisation_id
                FROM referral r JOIN beneficiary b ON b.id = r.beneficiary_id JOIN territory t ON t.id = r.territory_id
                WHERE r.id = :id""").param("id", id).query().singleRow();
        assertThat(row).containsEntry("status", "SUBMITTED").containsEntry("source", "WEB")
                .containsEntry("rsa_situation", "IN_TRAINING").containsEntry("notice_version", "2026-12")
                .containsEntry("person_status", "REFERRED").containsEntry("commune_insee", "93066")
                .containsEntry("phone", "+33639981122").containsEntry("territory", "T6")
                .containsEntry("referring_organisation_id", prescriber.organisationId());
        assertThat(jdbc.sql("""
                SELECT purpose || '=' || accepted FROM consent c JOIN referral r ON r.beneficiary_id = c.beneficiary_id
                WHERE r.id = :id ORDER BY purpose""").param("id", id).query(String.class).list())
                .containsExactly("EVALUATION_STUDY=false", "PATHWAY_PROCESSING=true", "SHARE_WITH_PRESCRIBER=true");
        assertThat(jdbc.sql("SELECT to_status FROM referral_transition WHERE referral_id = :id").param("id", id)
                .query(String.class).list()).containsExactly("SUBMITTED");

        String page = mvc.perform(get("/referrals/" + id).with(prescriber.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Lefèvre Élodie").contains("Envoyée");
        // The inbox is a queue, oldest first, of every referral of the territory: filter on this prescriber.
        String inbox = mvc.perform(get("/triage").param("organisation", String.valueOf(prescriber.organisationId()))
                        .with(coordinator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(inbox).contains("/referrals/" + id);
        assertThat(TestMail.awaitText(coordinator.email(), "Nouvelle orientation à traiter")).doesNotContain("Élodie");
    }

    @Test
    void refusesReferralsOutsideTheProgrammeOrNotEligibleWithClearMessages() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long before = jdbc.sql("SELECT COUNT(*) FROM beneficiary").query(Long.class).single();
        String[][] cases = {
                {"commune", "Paris", "n’est pas dans les territoires du programme"},
                {"commune", "Montreuil", "Votre structure n’intervient pas sur le territoire"},
                {"birthDate", "2031-01-01", "ne peut pas être dans le futur"},
                {"birthDate", "31/02/1990", "n’est pas une date valide"},
                {"birthDate", "2015-01-01", "entre 16 et 99 ans"},
                {"eligibilityCategory", "RETRAITE", "« RETRAITE » n’est pas un public reconnu. Codes acceptés : RSA, LONG_TERM_JOBSEEKER"},
                {"rsaSituation", "PAS_UNE_SITUATION", "Cette situation d’allocataire du RSA n’existe pas"},
                {"consent", "false", "donné son accord"},
                {"lastName", "R2-D2", "seulement des lettres"},
                {"phone", "12345", "numéro de téléphone n’est pas valide"},
                {"email", "pas@adresse", "adresse e-mail valide"},
                {"needs", "a\u0007b", "caractères spéciaux invisibles"},
                {"needs", "x".repeat(2001), "2000 caractères au plus"},
                {"aseDistrict", "ASE-SDN", "ne se remplit que pour un jeune en contrat jeune majeur"},
        };
        for (String[] c : cases) {
            var request = referralForm(prescriber, c[0], c[1]);
            String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(body).as("%s=%s", c[0], c[1]).contains("Il y a un problème").contains(c[2]);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void anAseYoungAdultGoesToTheTerritoryOfTheirDistrict() throws Exception {
        var aseService = data.user(Role.PRESCRIBER, data.prescriber("ASE_SERVICE", "T6", "T7", "T8", "T9"));
        var youngAge = java.time.LocalDate.now().minusYears(19).toString();
        long id = submit(aseService, "eligibilityCategory", "YOUNG_ADULT_ASE", "rsaSituation", "",
                "aseDistrict", "ASE-AUL", "commune", "Montreuil", "birthDate", youngAge);
        assertThat(jdbc.sql("SELECT t.code FROM referral r JOIN territory t ON t.id = r.territory_id WHERE r.id = :id")
                .param("id", id).query(String.class).single()).isEqualTo("T7");
    }

    @Test
    void aSuspectedDuplicateIsShownToTheCoordinatorOnlyAndCanBeMerged() throws Exception {
        var first = data.prescriberUser("T6");
        var second = data.prescriberUser("T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long existingReferral = submit(first, "lastName", "Doublon", "firstName", "Fatou", "birthDate", "1979-09-09");
        long existing = beneficiaryOf(existingReferral);
        long referral = submit(second, "lastName", "DOUBLON", "firstName", "fatou", "birthDate", "1979-09-09");
        long duplicate = beneficiaryOf(referral);

        String prescriberView = mvc.perform(get("/referrals/" + referral).with(second.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(prescriberView).doesNotContain("peut-être déjà connue").doesNotContain(first.email());
        String coordinatorView = mvc.perform(get("/referrals/" + referral).with(coordinator.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(coordinatorView).contains("Cette personne est peut-être déjà connue")
                .contains("même nom, prénom et date de naissance");

        long suspicion = jdbc.sql("SELECT id FROM duplicate_suspicion WHERE referral_id = :id").param("id", referral)
                .query(Long.class).single();
        // A record that already has an appointment cannot be folded away: refused, nothing changed.
        long structure = data.consortiumMember("T6");
        jdbc.sql("""
                INSERT INTO appointment (beneficiary_id, territory_id, referring_organisation_id, starts_at, structure_id,
                    mediator_id, status, created_at, updated_at)
                SELECT id, territory_id, referring_organisation_id, CURRENT_TIMESTAMP, :structure, :mediator, 'SCHEDULED',
                       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM beneficiary WHERE id = :id""")
                .param("structure", structure).param("mediator", data.user(Role.MEDIATOR, structure).id())
                .param("id", duplicate).update();
        String refused = mvc.perform(post("/referrals/" + referral + "/duplicates/" + suspicion + "/merge").with(csrf())
                .with(coordinator.login())).andExpect(status().isConflict()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("ne peut plus être fusionné");
        assertThat(beneficiaryOf(referral)).isEqualTo(duplicate);
        assertThat(jdbc.sql("SELECT status FROM duplicate_suspicion WHERE id = :id").param("id", suspicion)
                .query(String.class).single()).isEqualTo("OPEN");
        jdbc.sql("DELETE FROM appointment WHERE beneficiary_id = :id").param("id", duplicate).update();

        mvc.perform(post("/referrals/" + referral + "/duplicates/" + suspicion + "/merge").with(csrf())
                .with(coordinator.login())).andExpect(status().isFound());
        assertThat(beneficiaryOf(referral)).isEqualTo(existing);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE id = :id").param("id", duplicate)
                .query(Long.class).single()).isZero();
        mvc.perform(post("/referrals/" + referral + "/duplicates/" + suspicion + "/merge").with(csrf())
                .with(coordinator.login())).andExpect(status().isConflict());
    }

    @Test
    void duplicatesAreLookedForInTheSameTerritoryOnlyAndNeverRewindAPathway() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        // Known in T7: a T6 coordinator must not be shown this person.
        data.beneficiary().named("Ailleurs", "Connue").livingIn("93005", "T7").create();
        long elsewhere = submit(prescriber, "lastName", "Ailleurs", "firstName", "Connue", "birthDate", "1985-03-12");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM duplicate_suspicion WHERE referral_id = :id").param("id", elsewhere)
                .query(Long.class).single()).isZero();

        long first = submit(prescriber, "lastName", "Parcours", "firstName", "Engagé", "birthDate", "1975-01-01");
        long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", first)
                .query(Long.class).single();
        jdbc.sql("UPDATE beneficiary SET status = 'IN_PATHWAY' WHERE id = :id").param("id", person).update();
        long second = submit(data.prescriberUser("T6"), "lastName", "Parcours", "firstName", "Engagé", "birthDate",
                "1975-01-01");
        long suspicion = jdbc.sql("SELECT id FROM duplicate_suspicion WHERE referral_id = :id").param("id", second)
                .query(Long.class).single();
        mvc.perform(post("/referrals/" + second + "/duplicates/" + suspicion + "/merge").with(csrf())
                .with(coordinator.login())).andExpect(status().isFound());
        mvc.perform(post("/referrals/" + second + "/refuse").with(csrf()).with(coordinator.login())
                .param("reason", "ALREADY_FOLLOWED")).andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT status FROM beneficiary WHERE id = :id").param("id", person)
                .query(String.class).single()).isEqualTo("IN_PATHWAY");
    }

    @Test
    void aCoordinatorIsToldWhomToContactWhenThePersonIsFollowedInAnotherTerritoryWithoutSeeingTheirRecord()
            throws Exception {
        // Namesakes born another day, recorded first: never the same person, and they must not crowd
        // the real one out of the candidates.
        for (int i = 0; i < 55; i++) {
            data.beneficiary().named("Ndiaye", "Éloïse").bornOn(java.time.LocalDate.of(1960, 1, 1).plusDays(i))
                    .livingIn("93048", "T8").create();
        }
        // Followed in T7: referred there, accepted and assigned to a structure of the T7 consortium.
        var prescriberT7 = data.prescriberUser("T7");
        long structureT7 = data.consortiumMember("T7");
        var coordinatorT7 = data.user(Role.COORDINATOR, structureT7);
        var mediatorT7 = data.user(Role.MEDIATOR, structureT7);
        long inT7 = submit(prescriberT7, "lastName", "N'Diaye", "firstName", "Éloïse", "birthDate", "1991-06-15",
                "commune", "Aulnay-sous-Bois", "phone", "06 39 98 77 66", "needs", "Besoin connu en T7 seulement");
        mvc.perform(post("/referrals/" + inT7 + "/accept").with(csrf()).with(coordinatorT7.login())
                .param("structureId", String.valueOf(structureT7)).param("mediatorId", String.valueOf(mediatorT7.id())))
                .andExpect(status().isFound());
        long personT7 = beneficiaryOf(inT7);
        String structureName = jdbc.sql("SELECT name FROM organisation WHERE id = :id").param("id", structureT7)
                .query(String.class).single();

        // Referred again in T6, the name spoken differently and the phone written the international way.
        var prescriberT6 = data.prescriberUser("T6");
        var coordinatorT6 = data.consortiumStaff(Role.COORDINATOR, "T6");
        long inT6 = submit(prescriberT6, "lastName", "Ndiaye", "firstName", "eloise", "birthDate", "1991-06-15",
                "phone", "+33 6 39 98 77 66");
        String page = mvc.perform(get("/referrals/" + inT6).with(coordinatorT6.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("déjà suivie dans un autre territoire").contains("Territoire T7")
                .doesNotContain("Territoire T8")
                .contains(structureName).contains("01 99 00 00 12").contains(coordinatorT7.email())
                // Nothing of the T7 record: no link, no needs, no prescriber, no merge.
                .doesNotContain("/beneficiaries/" + personT7).doesNotContain("Besoin connu en T7")
                .doesNotContain(prescriberT7.email()).doesNotContain("Cette personne est peut-être déjà connue");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM duplicate_suspicion WHERE referral_id = :id").param("id", inT6)
                .query(Long.class).single()).isZero();
        // The prescriber is not told.
        assertThat(mvc.perform(get("/referrals/" + inT6).with(prescriberT6.login())).andReturn().getResponse()
                .getContentAsString()).doesNotContain("autre territoire");
        // Someone else with the same name but another birth date is not that person.
        long other = submit(prescriberT6, "lastName", "Ndiaye", "firstName", "Eloise", "birthDate", "1992-06-15",
                "phone", "06 39 98 00 01");
        assertThat(mvc.perform(get("/referrals/" + other).with(coordinatorT6.login())).andReturn().getResponse()
                .getContentAsString()).doesNotContain("autre territoire");
    }

    @Test
    void duplicatesInTheTerritoryUseNamesAsSpokenInEitherOrder() throws Exception {
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long first = submit(data.prescriberUser("T6"), "lastName", "D'Almeida", "firstName", "Jean-Luc",
                "birthDate", "1970-02-02", "phone", "06 39 98 55 44");
        long byName = submit(data.prescriberUser("T6"), "lastName", "Dalmeida", "firstName", "jean luc",
                "birthDate", "1970-02-02", "phone", "06 39 98 55 43");
        long swapped = submit(data.prescriberUser("T6"), "lastName", "Jean Luc", "firstName", "D’ALMEIDA",
                "birthDate", "1970-02-02", "phone", "+33 6 39 98 55 44");
        assertThat(jdbc.sql("SELECT existing_id FROM duplicate_suspicion WHERE referral_id = :id AND rule = 'NAME_BIRTH'")
                .param("id", byName).query(Long.class).list()).contains(beneficiaryOf(first));
        assertThat(jdbc.sql("SELECT existing_id FROM duplicate_suspicion WHERE referral_id = :id").param("id", swapped)
                .query(Long.class).list()).contains(beneficiaryOf(first));
        assertThat(mvc.perform(get("/referrals/" + byName).with(coordinator.login())).andReturn().getResponse()
                .getContentAsString()).contains("Cette personne est peut-être déjà connue");
    }

    @Test
    void theTriageWorkflowInformsThePrescriberAtEachStep() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long structure = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structure);
        var mediator = data.user(Role.MEDIATOR, structure);
        long id = submit(prescriber);

        mvc.perform(post("/referrals/" + id + "/request-information").with(csrf()).with(coordinator.login())
                .param("message", "Quelle est sa disponibilité ?")).andExpect(status().isFound());
        String asked = mvc.perform(get("/referrals/" + id).with(prescriber.login())).andReturn().getResponse()
                .getContentAsString();
        assertThat(asked).contains("Quelle est sa disponibilité ?").contains("Répondre au consortium");
        mvc.perform(post("/referrals/" + id + "/answer").with(csrf()).with(prescriber.login())
                .param("message", "Le matin.")).andExpect(status().isFound());
        mvc.perform(post("/referrals/" + id + "/accept").with(csrf()).with(coordinator.login())
                .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(mediator.id())))
                .andExpect(status().isFound());

        assertThat(jdbc.sql("SELECT to_status FROM referral_transition WHERE referral_id = :id ORDER BY id")
                .param("id", id).query(String.class).list())
                .containsExactly("SUBMITTED", "INFO_REQUESTED", "SUBMITTED", "ACCEPTED");
        assertThat(jdbc.sql("SELECT b.status FROM referral r JOIN beneficiary b ON b.id = r.beneficiary_id WHERE r.id = :id")
                .param("id", id).query(String.class).single()).isEqualTo("ACCEPTED");
        String mail = TestMail.awaitText(prescriber.email(), "Une orientation a changé");
        assertThat(mail).contains("http://parcours.test/referrals/" + id).doesNotContain("Diallo");

        // Accepted is not open any more: refusing or withdrawing now is a conflict, not a change.
        mvc.perform(post("/referrals/" + id + "/refuse").with(csrf()).with(coordinator.login()).param("reason", "OTHER"))
                .andExpect(status().isConflict());
        mvc.perform(post("/referrals/" + id + "/withdraw").with(csrf()).with(prescriber.login()))
                .andExpect(status().isConflict());
    }

    @Test
    void refusalNeedsAKnownReasonAndAssignmentAStructureOfTheTerritory() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long otherStructure = data.consortiumMember("T8");
        var otherMediator = data.user(Role.MEDIATOR, otherStructure);
        long id = submit(prescriber);
        mvc.perform(post("/referrals/" + id + "/refuse").with(csrf()).with(coordinator.login()).param("reason", "NOPE"))
                .andExpect(status().isConflict());
        // A wrong choice goes back to the form with the error next to the field (see ReferralListsIntegrationTests).
        mvc.perform(post("/referrals/" + id + "/accept").with(csrf()).with(coordinator.login())
                .param("structureId", String.valueOf(otherStructure)).param("mediatorId", String.valueOf(otherMediator.id())))
                .andExpect(status().isFound()).andExpect(flash().attribute("assignment", new TriageController.Assignment(
                        String.valueOf(otherStructure), String.valueOf(otherMediator.id()), "structureId",
                        "referral.assignment.structure")));
        // Same territory, but the mediator works for another member structure than the one chosen.
        long structureA = data.consortiumMember("T6");
        var mediatorOfB = data.user(Role.MEDIATOR, data.consortiumMember("T6"));
        mvc.perform(post("/referrals/" + id + "/accept").with(csrf()).with(coordinator.login())
                .param("structureId", String.valueOf(structureA)).param("mediatorId", String.valueOf(mediatorOfB.id())))
                .andExpect(status().isFound()).andExpect(flash().attribute("assignment", new TriageController.Assignment(
                        String.valueOf(structureA), String.valueOf(mediatorOfB.id()), "mediatorId",
                        "referral.assignment.mediator")));
        mvc.perform(post("/referrals/" + id + "/refuse").with(csrf()).with(coordinator.login())
                .param("reason", "NO_DIGITAL_NEED").param("note", "Déjà autonome")).andExpect(status().isFound());
        String page = mvc.perform(get("/referrals/" + id).with(prescriber.login())).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("Pas de besoin d’accompagnement numérique").contains("Déjà autonome");
    }

    @Test
    void otherTerritoriesAndOtherPrescribersSeeNothing() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long id = submit(prescriber);
        mvc.perform(get("/referrals/" + id).with(data.prescriberUser("T6").login())).andExpect(status().isNotFound());
        mvc.perform(get("/referrals/" + id).with(data.consortiumStaff(Role.COORDINATOR, "T7").login()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/referrals/" + id + "/accept").with(csrf()).with(data.consortiumStaff(Role.MEDIATOR, "T6").login())
                .param("structureId", "1").param("mediatorId", "1")).andExpect(status().isNotFound());
    }

    @Test
    void theInformationNoticeIsPublicAndVersioned() throws Exception {
        String notice = mvc.perform(get("/information-notice")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(notice).contains("Notice d’information").contains("Version 2026-12")
                .contains("numéro de sécurité sociale");
        mvc.perform(get("/information-notice/1999-01")).andExpect(status().isNotFound());
    }

    private long beneficiaryOf(long referral) {
        return jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", referral)
                .query(Long.class).single();
    }
}
