package org.parcoursnumerique.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** What the mediator reads on a step: the scale's ends, the error summary, "je ne connais pas", length limits. */
@IntegrationTest
class DiagnosticFieldFeedbackIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    static final Referential DEFAULT = ReferentialJson.loadDefault();

    record Situation(TestData.TestUser mediator, long person, long diagnostic) {
    }

    Situation started() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().withStatus("ACCEPTED").create();
        String location = mvc.perform(post("/beneficiaries/" + person + "/diagnostics").with(csrf()).with(mediator.login()))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        return new Situation(mediator, person, Long.parseLong(location.split("/")[2]));
    }

    int version(long diagnostic) {
        return jdbc.sql("SELECT version FROM diagnostic WHERE id = :id").param("id", diagnostic).query(Integer.class).single();
    }

    MockHttpServletRequestBuilder step(Situation s, int step, String action, Map<String, List<String>> answers) {
        var request = post("/diagnostics/" + s.diagnostic() + "/steps/" + step).with(csrf()).with(s.mediator().login())
                .param("version", String.valueOf(version(s.diagnostic()))).param("action", action);
        DEFAULT.sections().get(step - 1).questions().forEach(q -> request.param("shown", q.key()));
        answers.forEach((k, v) -> request.param("q_" + k, v.toArray(String[]::new)));
        return request;
    }

    String html(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getContentAsString();
    }

    @Test
    void theScaleEndsSayTheirNumberOnce() throws Exception {
        var s = started();
        String page = html(get("/diagnostics/" + s.diagnostic() + "/steps/4").with(s.mediator().login()));
        assertThat(page).contains("0\u00a0: je ne sais pas faire").contains("4\u00a0: je sais très bien faire, seul(e)")
                .doesNotContain("0 : 0 :").doesNotContain("0\u00a0: 0 :");
        assertThat(DiagnosticController.scaleEnd(0, "je ne sais pas faire")).isEqualTo("0\u00a0: je ne sais pas faire");
        assertThat(DiagnosticController.scaleEnd(4, "4 – très bien")).isEqualTo("4\u00a0: très bien");
        assertThat(DiagnosticController.scaleEnd(1, null)).isEqualTo("1");
    }

    @Test
    void theErrorSummaryNamesEachQuestion() throws Exception {
        var s = started();
        String page = html(step(s, 1, "next", Map.of()));
        assertThat(page).contains("<a href=\"#q_equipment_owned\">Quels appareils avez-vous ?\u00a0: Répondez à cette question.</a>");
    }

    List<String> stored(long diagnostic, String question) {
        return jdbc.sql("SELECT answer_value FROM diagnostic_answer WHERE diagnostic_id = :id AND question_key = :q ORDER BY id")
                .param("id", diagnostic).param("q", question).query(String.class).list();
    }

    @Test
    void aCompetenceNeverHeardOfIsAnsweredJeNeConnaisPasAndStoredApartFromZero() throws Exception {
        var s = started();
        String page = html(get("/diagnostics/" + s.diagnostic() + "/steps/4").with(s.mediator().login()));
        assertThat(page).contains("id=\"q_pix_1_1-unknown\" name=\"q_pix_1_1\" value=\"unknown\"")
                .contains("Je ne connais pas");
        mvc.perform(step(s, 1, "next", Map.of("equipment_owned", List.of("none")))).andExpect(status().isFound());
        mvc.perform(step(s, 2, "next", Map.of("internet_access", List.of("none")))).andExpect(status().isFound());
        mvc.perform(step(s, 3, "next", Map.of("uses", List.of("none")))).andExpect(status().isFound());
        Map<String, List<String>> pix = new java.util.LinkedHashMap<>();
        DEFAULT.sections().get(3).questions().forEach(q -> pix.put(q.key(), List.of("4")));
        pix.put("pix_1_1", List.of("unknown"));
        mvc.perform(step(s, 4, "next", pix)).andExpect(status().isFound());
        assertThat(stored(s.diagnostic(), "pix_1_1")).containsExactly("unknown");
        assertThat(stored(s.diagnostic(), "pix_1_2")).containsExactly("4");
        String review = html(get("/diagnostics/" + s.diagnostic() + "/review").with(s.mediator().login()));
        assertThat(review.replaceAll("\\s+", " ")).contains("information</dt> <dd>Je ne connais pas</dd>");
    }

    @Test
    void theRulesCountJeNeConnaisPasAsTheLowestPointNotAsMissing() {
        Map<String, List<String>> everything = new java.util.LinkedHashMap<>();
        Map<String, List<String>> zeros = new java.util.LinkedHashMap<>();
        for (var q : DEFAULT.questions()) {
            if (q.type() == QuestionType.SCALE) {
                everything.put(q.key(), List.of(StepAnswers.UNKNOWN));
                zeros.put(q.key(), List.of("0"));
            }
        }
        // One competence known well, all the others never heard of: the average is low, not 4.
        everything.put("pix_1_1", List.of("4"));
        zeros.put("pix_1_1", List.of("4"));
        var unknown = RuleEngine.evaluate(DEFAULT, new Answers(everything));
        var zero = RuleEngine.evaluate(DEFAULT, new Answers(zeros));
        assertThat(unknown.profile().key()).isEqualTo(zero.profile().key()).isEqualTo("far");
        assertThat(unknown.recommendations()).isEqualTo(zero.recommendations());
        assertThat(StepAnswers.parse(List.of(DEFAULT.questionsByKey().get("pix_2_1")),
                Map.of("q_pix_2_1", new String[] {"unknown"})).values().get("pix_2_1")).containsExactly("unknown");
    }

    @Test
    void overLongTextsAreRefusedWithAFrenchMessageAndNothingIsStored() throws Exception {
        var s = started();
        String page = html(step(s, 7, "save", Map.of("project", List.of("job"), "project_details", List.of("x".repeat(2001)))));
        assertThat(page).contains("Le texte ne doit pas dépasser").contains("Pouvez-vous décrire votre projet en quelques mots ?\u00a0: Le texte");
        String option = html(step(s, 7, "save", Map.of("project", List.of("j".repeat(9_000)))));
        assertThat(option).contains("Choisissez une réponse dans la liste.");
        // Past the platform-wide limit of one parameter (10 000 characters) the request is refused before the form.
        mvc.perform(step(s, 7, "save", Map.of("project", List.of("j".repeat(100_000)))))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isBadRequest());
        assertThat(stored(s.diagnostic(), "project_details")).isEmpty();
        assertThat(stored(s.diagnostic(), "project")).isEmpty();
    }
}
