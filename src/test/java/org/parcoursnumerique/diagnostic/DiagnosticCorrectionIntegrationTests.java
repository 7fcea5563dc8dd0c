package org.parcoursnumerique.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** A completed diagnostic corrected by the territory's mediation, with a reason and a visible history. */
@IntegrationTest
@RecordApplicationEvents
class DiagnosticCorrectionIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Pathways pathways;
    @Autowired ApplicationEvents events;

    static final Referential DEFAULT = ReferentialJson.loadDefault();

    record Case(long referral, long person, long diagnostic, TestData.TestUser prescriber, TestData.TestUser coordinator) {
    }

    /** Referred by a prescriber (sharing accepted), accepted, diagnosed "far from digital" by the coordinator. */
    Case diagnosed() throws Exception {
        var p = pathways.person().named("Correction " + letters(), "Awa").sharingWithPrescriber().diagnosedFarFromDigital();
        assertThat(profile(p.diagnosticId())).isEqualTo("far");
        return new Case(p.referralId(), p.personId(), p.diagnosticId(), p.prescriber(), p.coordinator());
    }

    /** A name of letters only, different for each case, so that no duplicate suspicion stops the referral. */
    static String letters() {
        StringBuilder b = new StringBuilder();
        long n = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            b.append((char) ('a' + (n % 26)));
            n /= 26;
        }
        return b.toString();
    }

    int version(long diagnostic) {
        return jdbc.sql("SELECT version FROM diagnostic WHERE id = :id").param("id", diagnostic).query(Integer.class).single();
    }

    String profile(long diagnostic) {
        return jdbc.sql("SELECT profile FROM diagnostic WHERE id = :id").param("id", diagnostic).query(String.class).single();
    }

    long corrections(long diagnostic) {
        return jdbc.sql("SELECT COUNT(*) FROM diagnostic_correction WHERE diagnostic_id = :id").param("id", diagnostic)
                .query(Long.class).single();
    }

    /** The far-from-digital answers, with every competence at {@code pix} and the given autonomy. */
    static Map<String, List<String>> answers(String pix, String autonomy) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        DiagnosticCaptureIntegrationTests.farFromDigital().values().forEach(all::putAll);
        DEFAULT.questions().stream().filter(q -> q.type() == QuestionType.SCALE).forEach(q -> all.put(q.key(), List.of(pix)));
        all.put("admin_autonomy", List.of(autonomy));
        return all;
    }

    MockHttpServletRequestBuilder correction(Case c, TestData.TestUser user, Map<String, List<String>> answers, String reason) {
        var request = post("/diagnostics/" + c.diagnostic() + "/correction").with(csrf()).with(user.login())
                .param("version", String.valueOf(version(c.diagnostic())));
        if (reason != null) {
            request.param("reason", reason);
        }
        Answers typed = new Answers(answers);
        DEFAULT.questions().stream().filter(q -> RuleEngine.visible(q, typed)).forEach(q -> request.param("shown", q.key()));
        answers.forEach((k, v) -> request.param("q_" + k, v.toArray(String[]::new)));
        return request;
    }

    String html(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getContentAsString();
    }

    @Test
    void aCorrectionRecomputesTheResultAndKeepsTheEarlierOneAndTheHistoryVisible() throws Exception {
        Case c = diagnosed();
        String result = html(get("/diagnostics/" + c.diagnostic()).with(c.coordinator().login()));
        assertThat(result).contains("href=\"/diagnostics/" + c.diagnostic() + "/correction\"");
        String form = html(get("/diagnostics/" + c.diagnostic() + "/correction").with(c.coordinator().login()));
        assertThat(form).contains("name=\"reason\"").contains("Devenir aide-soignante")
                .contains("id=\"q_pix_1_1\" name=\"q_pix_1_1\" value=\"0\" checked");

        mvc.perform(correction(c, c.coordinator(), answers("3", "autonomous"),
                        "Les compétences avaient été notées sur la mauvaise échelle."))
                .andExpect(redirectedUrl("/diagnostics/" + c.diagnostic() + "#corrections"));

        assertThat(profile(c.diagnostic())).isEqualTo("autonomous");
        // The stages that follow the plan are told (after commit, through the publication registry).
        assertThat(events.stream(DiagnosticCorrected.class))
                .singleElement().satisfies(e -> assertThat(e.beneficiaryId()).isEqualTo(c.person()));
        assertThat(jdbc.sql("SELECT answer_value FROM diagnostic_answer WHERE diagnostic_id = :id AND question_key = 'pix_1_1'")
                .param("id", c.diagnostic()).query(String.class).single()).isEqualTo("3");
        var row = jdbc.sql("""
                SELECT corrected_by, reason, previous_profile, profile FROM diagnostic_correction WHERE diagnostic_id = :id""")
                .param("id", c.diagnostic()).query().singleRow();
        assertThat(row).containsEntry("corrected_by", c.coordinator().id()).containsEntry("previous_profile", "far")
                .containsEntry("profile", "autonomous")
                .containsEntry("reason", "Les compétences avaient été notées sur la mauvaise échelle.");
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND details LIKE :d""")
                .param("p", c.person()).param("d", "diagnostic " + c.diagnostic() + " corrected%").query(Long.class).single())
                .isEqualTo(1);

        String page = html(get("/diagnostics/" + c.diagnostic()).with(c.coordinator().login())).replaceAll("\\s+", " ");
        assertThat(page).contains("id=\"corrections\"").contains("Les compétences avaient été notées sur la mauvaise échelle.")
                .contains("Résultat avant la correction").contains("Profil\u00a0: Très éloigné du numérique")
                .contains("Profil\u00a0: Autonome")
                .contains("1.1 Mener une recherche et une veille d'information\u00a0: 0 / 4 → 3 / 4")
                .contains("Pour vos démarches administratives en ligne, vous diriez\u00a0: ");

        // The prescriber reads the corrected result, and that it was corrected.
        String summary = html(get("/referrals/" + c.referral() + "/diagnostic").with(c.prescriber().login()));
        assertThat(summary).contains("Autonome").doesNotContain("Très éloigné du numérique").contains("a été corrigé le");
    }

    @Test
    void theReasonIsRequiredAndLimitedAndNothingIsStoredWithout() throws Exception {
        Case c = diagnosed();
        String empty = html(correction(c, c.coordinator(), answers("3", "autonomous"), "  "));
        assertThat(empty).contains("Donnez la raison de la correction.").contains("href=\"#correction-reason\"");
        String tooLong = html(correction(c, c.coordinator(), answers("3", "autonomous"), "x".repeat(2001)));
        assertThat(tooLong).contains("La raison ne doit pas dépasser");
        String badAnswer = html(correction(c, c.coordinator(), Map.of("pix_1_1", List.of("9")), "Erreur de saisie"));
        assertThat(badAnswer).contains("Choisissez un nombre entre 0 et 4.");
        assertThat(corrections(c.diagnostic())).isZero();
        assertThat(profile(c.diagnostic())).isEqualTo("far");
    }

    @Test
    void aFormWhereNothingChangedIsNotACorrection() throws Exception {
        Case c = diagnosed();
        Map<String, List<String>> same = new LinkedHashMap<>();
        jdbc.sql("SELECT question_key, answer_value FROM diagnostic_answer WHERE diagnostic_id = :id ORDER BY id")
                .param("id", c.diagnostic()).query((rs, n) -> same.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                        .add(rs.getString(2))).list();
        String unchanged = html(correction(c, c.coordinator(), same, "Relu avec la personne"));
        assertThat(unchanged).contains("Aucune réponse n’a changé");
        assertThat(corrections(c.diagnostic())).isZero();
    }

    @Test
    void onlyTheTerritorysMediationCorrectsACompletedDiagnostic() throws Exception {
        Case c = diagnosed();
        var elsewhere = data.consortiumStaff(Role.COORDINATOR, "T8");
        for (var user : List.of(c.prescriber(), elsewhere)) {
            mvc.perform(get("/diagnostics/" + c.diagnostic() + "/correction").with(user.login())).andExpect(status().isNotFound());
            mvc.perform(correction(c, user, answers("3", "autonomous"), "Essai")).andExpect(status().isNotFound());
        }
        assertThat(corrections(c.diagnostic())).isZero();
        // A stale form (another tab corrected first) is refused, not merged.
        var stale = correction(c, c.coordinator(), answers("2", "partly"), "Premier onglet");
        mvc.perform(correction(c, c.coordinator(), answers("3", "autonomous"), "Second onglet")).andExpect(status().isFound());
        mvc.perform(stale).andExpect(status().isConflict());
        assertThat(corrections(c.diagnostic())).isEqualTo(1);
    }
}
