package org.parcoursnumerique.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
@RecordApplicationEvents
class DiagnosticCaptureIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired PathwayPlans plans;
    @Autowired Diagnostics diagnostics;
    @Autowired ApplicationEvents events;
    @Autowired CommonCore commonCore;
    @Autowired org.springframework.context.MessageSource messageSource;
    @Autowired org.parcoursnumerique.pathway.Milestones milestones;

    static final Referential DEFAULT = ReferentialJson.loadDefault();

    /** Answers for every step of the default referential: no computer, no internet, a job project. */
    static Map<Integer, Map<String, List<String>>> farFromDigital() {
        Map<Integer, Map<String, List<String>>> steps = new LinkedHashMap<>();
        steps.put(1, Map.of("equipment_owned", List.of("none")));
        steps.put(2, Map.of("internet_access", List.of("none")));
        steps.put(3, Map.of("uses", List.of("none")));
        Map<String, List<String>> pix4 = new LinkedHashMap<>();
        Map<String, List<String>> pix5 = new LinkedHashMap<>();
        DEFAULT.sections().get(3).questions().forEach(q -> pix4.put(q.key(), List.of("0")));
        DEFAULT.sections().get(4).questions().forEach(q -> pix5.put(q.key(), List.of("1")));
        steps.put(4, pix4);
        steps.put(5, pix5);
        steps.put(6, Map.of("admin_autonomy", List.of("accompanied"), "barriers", List.of("reading", "cost")));
        steps.put(7, Map.of("project", List.of("job"), "project_details", List.of("Devenir aide-soignante"),
                "certification_interest", List.of("maybe")));
        return steps;
    }

    record Situation(TestData.TestUser mediator, long person, long diagnostic) {
    }

    Situation started() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().withStatus("ACCEPTED").create();
        String location = mvc.perform(post("/beneficiaries/" + person + "/diagnostics").with(csrf()).with(mediator.login()))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).matches("/diagnostics/\\d+/steps/1");
        long id = Long.parseLong(location.split("/")[2]);
        return new Situation(mediator, person, id);
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

    List<String> stored(long diagnostic, String question) {
        return jdbc.sql("SELECT answer_value FROM diagnostic_answer WHERE diagnostic_id = :id AND question_key = :q ORDER BY id")
                .param("id", diagnostic).param("q", question).query(String.class).list();
    }

    void fillEverything(Situation s) throws Exception {
        for (var e : farFromDigital().entrySet()) {
            mvc.perform(step(s, e.getKey(), "next", e.getValue())).andExpect(status().isFound());
        }
    }

    @Test
    void eachStepIsSavedAsDraftAndTheDiagnosticResumesWhereItStopped() throws Exception {
        var s = started();
        mvc.perform(get("/diagnostics/" + s.diagnostic() + "/steps/1").with(s.mediator().login()))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("Étape 1 sur 7")));
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/steps/1").with(csrf()).with(s.mediator().login())
                        .param("version", String.valueOf(version(s.diagnostic()))).param("action", "next")
                        .param("shown", "equipment_owned", "equipment_preference")
                        .param("q_equipment_owned", "smartphone", "tablet"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("une ou plusieurs questions ont été ajoutées")));
        // The condition question appeared; once answered, the step moves on.
        mvc.perform(step(s, 1, "next", Map.of("equipment_owned", List.of("smartphone", "tablet"),
                        "equipment_condition", List.of("worn"))))
                .andExpect(redirectedUrl("/diagnostics/" + s.diagnostic() + "/steps/2"));
        assertThat(stored(s.diagnostic(), "equipment_owned")).containsExactly("smartphone", "tablet");
        // "Save and resume later" keeps an incomplete step without complaining.
        mvc.perform(step(s, 2, "save", Map.of("internet_access", List.of("mobile_only"))))
                .andExpect(redirectedUrl("/beneficiaries/" + s.person()));
        assertThat(stored(s.diagnostic(), "internet_access")).containsExactly("mobile_only");
        // The person's page offers to resume at step 2, and starting again resumes the same draft.
        mvc.perform(get("/beneficiaries/" + s.person()).with(s.mediator().login()))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("étape 2 sur 7")));
        mvc.perform(post("/beneficiaries/" + s.person() + "/diagnostics").with(csrf()).with(s.mediator().login()))
                .andExpect(redirectedUrl("/diagnostics/" + s.diagnostic() + "/steps/2"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM diagnostic WHERE beneficiary_id = :p").param("p", s.person())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void requiredAnswersAreCheckedWhenMovingOnOnly() throws Exception {
        var s = started();
        mvc.perform(step(s, 1, "next", Map.of())).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Répondez à cette question.")));
        assertThat(jdbc.sql("SELECT current_step FROM diagnostic WHERE id = :id").param("id", s.diagnostic())
                .query(Integer.class).single()).isEqualTo(1);
        mvc.perform(step(s, 1, "save", Map.of())).andExpect(status().isFound());
    }

    @Test
    void answersOfQuestionsThatBecomeHiddenAreCleared() throws Exception {
        var s = started();
        mvc.perform(step(s, 1, "next", Map.of("equipment_owned", List.of("computer"), "equipment_condition", List.of("good"))))
                .andExpect(status().isFound());
        assertThat(stored(s.diagnostic(), "equipment_condition")).containsExactly("good");
        mvc.perform(step(s, 1, "next", Map.of("equipment_owned", List.of("none"), "equipment_condition", List.of("good"))))
                .andExpect(status().isFound());
        assertThat(stored(s.diagnostic(), "equipment_condition")).isEmpty();
        assertThat(stored(s.diagnostic(), "equipment_owned")).containsExactly("none");
    }

    @Test
    void malformedValuesSaveNothingAndSayWhy() throws Exception {
        var s = started();
        int before = version(s.diagnostic());
        mvc.perform(step(s, 1, "next", Map.of("equipment_owned", List.of("none", "computer"))))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("ne peut pas être coché avec d’autres réponses")));
        mvc.perform(step(s, 4, "save", Map.of("pix_1_1", List.of("7"), "pix_1_2", List.of("2"))))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Choisissez un nombre entre 0 et 4.")));
        assertThat(version(s.diagnostic())).isEqualTo(before);
        assertThat(stored(s.diagnostic(), "pix_1_2")).isEmpty();
    }

    @Test
    void aStaleFormDoesNotOverwriteAnotherTab() throws Exception {
        var s = started();
        int old = version(s.diagnostic());
        mvc.perform(step(s, 1, "save", Map.of("equipment_owned", List.of("computer")))).andExpect(status().isFound());
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/steps/1").with(csrf()).with(s.mediator().login())
                        .param("version", String.valueOf(old)).param("action", "save").param("q_equipment_owned", "none"))
                .andExpect(status().isConflict());
        assertThat(stored(s.diagnostic(), "equipment_owned")).containsExactly("computer");
    }

    @Test
    void completionComputesThePlanMarksThePersonDiagnosedAndPublishesTheEvent() throws Exception {
        var s = started();
        fillEverything(s);
        mvc.perform(get("/diagnostics/" + s.diagnostic() + "/review").with(s.mediator().login()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Terminer le diagnostic")));
        // "Modifier" from the review comes back to the review.
        mvc.perform(step(s, 3, "next", Map.of("uses", List.of("video_calls"))).param("from", "review"))
                .andExpect(redirectedUrl("/diagnostics/" + s.diagnostic() + "/review"));
        mvc.perform(step(s, 3, "next", Map.of("uses", List.of("none"))))
                .andExpect(redirectedUrl("/diagnostics/" + s.diagnostic() + "/steps/4"));
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/complete").with(csrf()).with(s.mediator().login())
                        .param("version", String.valueOf(version(s.diagnostic()))))
                .andExpect(redirectedUrl("/diagnostics/" + s.diagnostic()));

        var person = jdbc.sql("SELECT status, diagnosed_on FROM beneficiary WHERE id = :id").param("id", s.person())
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, LocalDate.class)}).single();
        assertThat(person[0]).isEqualTo("DIAGNOSED");
        assertThat(person[1]).isNotNull();
        var plan = plans.forBeneficiary(s.person()).orElseThrow();
        assertThat(plan.equipment()).isEqualTo(EquipmentType.LAPTOP);
        assertThat(plan.connection()).isTrue();
        assertThat(plan.trainingLevel()).isEqualTo(TrainingLevel.BEGINNER);
        assertThat(plan.trainingThemes()).contains(TrainingTheme.DEVICE_BASICS, TrainingTheme.JOB_SEARCH);
        assertThat(plan.certification()).isEqualTo(CertificationFit.CLEA_NUMERIQUE);
        assertThat(plan.profileLabel()).isEqualTo("Très éloigné du numérique");
        assertThat(events.stream(DiagnosticCompleted.class))
                .anyMatch(e -> e.diagnosticId() == s.diagnostic() && e.beneficiaryId() == s.person());

        var summary = diagnostics.summary(s.person()).orElseThrow();
        assertThat(summary.referentialVersion()).isEqualTo(1);
        assertThat(summary.sections()).hasSize(7);
        assertThat(summary.sections().get(0).questions().get(0).answer()).containsExactly("Aucun de ces appareils");

        // Completed diagnostics are read-only.
        mvc.perform(step(s, 1, "save", Map.of("equipment_owned", List.of("computer")))).andExpect(status().isConflict());
        mvc.perform(get("/diagnostics/" + s.diagnostic()).with(s.mediator().login())).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Un ordinateur portable")));
        // The answers are queryable in SQL for the dashboards.
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM diagnostic_answer WHERE diagnostic_id = :id AND question_key = 'equipment_owned'
                  AND answer_value = 'none'""").param("id", s.diagnostic()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND action = 'CHANGE'")
                .param("p", s.person()).query(Long.class).single()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theCommonCoreIsAskedAgainWithTheSameEngineAndComparesWithTheDiagnostic() throws Exception {
        var s = started();
        fillEverything(s);
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/complete").with(csrf()).with(s.mediator().login())
                        .param("version", String.valueOf(version(s.diagnostic()))))
                .andExpect(redirectedUrl("/diagnostics/" + s.diagnostic()));
        assertThat(milestones.of(s.person())).anyMatch(m -> m.code() == org.parcoursnumerique.pathway.Milestone.DIAGNOSED
                && ("diagnostic:" + s.diagnostic()).equals(m.source()));

        long referential = commonCore.referentialOf(s.person()).orElseThrow();
        var core = commonCore.questions(referential);
        var coreKeys = DEFAULT.questions().stream().filter(Referential.Question::core).map(Referential.Question::key).toList();
        assertThat(core).extracting(CommonCore.CoreQuestion::key).containsExactlyElementsOf(coreKeys).isNotEmpty();
        var before = commonCore.diagnosticAnswers(s.person());
        assertThat(before.keySet()).isNotEmpty().allMatch(coreKeys::contains);

        var ctx = new org.parcoursnumerique.shared.PageContext(messageSource, null, "_csrf", "", "/", null, false);
        String html = commonCore.renderFields(ctx, referential, before, Map.of());
        coreKeys.forEach(k -> assertThat(html).contains("name=\"q_" + k + "\""));

        var empty = commonCore.check(referential, Map.of());
        assertThat(empty.ok()).isFalse();
        assertThat(empty.errors()).containsValue("Répondez à cette question.");
        Map<String, String[]> params = new java.util.HashMap<>();
        before.forEach((k, v) -> params.put("q_" + k, v.toArray(String[]::new)));
        var same = commonCore.check(referential, params);
        assertThat(same.errors()).isEmpty();
        assertThat(same.answers()).isEqualTo(before);
        String scaleKey = DEFAULT.questions().stream().filter(q -> q.core() && q.scale() != null).findFirst().orElseThrow().key();
        params.put("q_" + scaleKey, new String[] {"99"});
        assertThat(commonCore.check(referential, params).errors()).containsKey(scaleKey);
        assertThat(commonCore.label(referential, scaleKey, List.of("unknown"))).isEqualTo("Je ne connais pas");
    }

    @Test
    void completionIsRefusedWhileRequiredAnswersMiss() throws Exception {
        var s = started();
        mvc.perform(step(s, 1, "next", Map.of("equipment_owned", List.of("none")))).andExpect(status().isFound());
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/complete").with(csrf()).with(s.mediator().login())
                .param("version", String.valueOf(version(s.diagnostic())))).andExpect(status().isConflict());
        assertThat(plans.forBeneficiary(s.person())).isEmpty();
    }

    @Test
    void aRecommendationIsAdjustedWithAReasonAndTheComputedValueStays() throws Exception {
        var s = started();
        fillEverything(s);
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/complete").with(csrf()).with(s.mediator().login())
                .param("version", String.valueOf(version(s.diagnostic())))).andExpect(status().isFound());
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/recommendations/EQUIPMENT").with(csrf())
                        .with(s.mediator().login()).param("value", "TABLET").param("reason", " "))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Donnez la raison de l’ajustement.")));
        // What was typed comes back with the error, not the computed values.
        String refused = mvc.perform(post("/diagnostics/" + s.diagnostic() + "/recommendations/TRAINING").with(csrf())
                        .with(s.mediator().login()).param("value", "ADVANCED").param("themes", "SECURITY")
                        .param("reason", "x".repeat(2001)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("<option value=\"ADVANCED\" selected>").contains("x".repeat(2001) + "</textarea>");
        int security = refused.indexOf("id=\"TRAINING-theme-SECURITY\"");
        assertThat(refused.substring(security, refused.indexOf('>', security))).contains("checked");
        assertThat(plans.forBeneficiary(s.person()).orElseThrow().equipment()).isEqualTo(EquipmentType.LAPTOP);
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/recommendations/EQUIPMENT").with(csrf())
                        .with(s.mediator().login()).param("value", "TABLET")
                        .param("reason", "Elle préfère une tablette pour lire ses courriers."))
                .andExpect(status().isFound());
        mvc.perform(post("/diagnostics/" + s.diagnostic() + "/recommendations/TRAINING").with(csrf())
                        .with(s.mediator().login()).param("value", "INTERMEDIATE").param("themes", "EMAIL", "SECURITY")
                        .param("reason", "A déjà suivi un atelier."))
                .andExpect(status().isFound());
        var plan = plans.forBeneficiary(s.person()).orElseThrow();
        assertThat(plan.equipment()).isEqualTo(EquipmentType.TABLET);
        assertThat(plan.trainingThemes()).containsExactly(TrainingTheme.EMAIL, TrainingTheme.SECURITY);
        // Each adjustment is announced to the stages that follow the plan; refused forms are not.
        assertThat(events.stream(RecommendationAdjusted.class).filter(e -> e.diagnosticId() == s.diagnostic()))
                .extracting(RecommendationAdjusted::kind, RecommendationAdjusted::value, RecommendationAdjusted::themes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RecommendationKind.EQUIPMENT, "TABLET", List.of()),
                        org.assertj.core.groups.Tuple.tuple(RecommendationKind.TRAINING, "INTERMEDIATE",
                                List.of("EMAIL", "SECURITY")));
        var equipment = diagnostics.summary(s.person()).orElseThrow().recommendations().stream()
                .filter(r -> r.kind() == RecommendationKind.EQUIPMENT).findFirst().orElseThrow();
        assertThat(equipment.computedValue()).isEqualTo("LAPTOP");
        assertThat(equipment.value()).isEqualTo("TABLET");
        assertThat(equipment.adjustmentReason()).startsWith("Elle préfère");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM recommendation_adjustment WHERE diagnostic_id = :id")
                .param("id", s.diagnostic()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anotherTerritorysDiagnosticIsNotFound() throws Exception {
        var s = started();
        var elsewhere = data.consortiumStaff(Role.MEDIATOR, "T8");
        mvc.perform(get("/diagnostics/" + s.diagnostic()).with(elsewhere.login())).andExpect(status().isNotFound());
        mvc.perform(get("/diagnostics/" + s.diagnostic() + "/steps/1").with(elsewhere.login())).andExpect(status().isNotFound());
        mvc.perform(post("/beneficiaries/" + s.person() + "/diagnostics").with(csrf()).with(elsewhere.login()))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND action = 'READ_DENIED'")
                .param("p", s.person()).query(Long.class).single()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aPersonNotYetAcceptedCannotStartADiagnostic() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().create();
        mvc.perform(post("/beneficiaries/" + person + "/diagnostics").with(csrf()).with(mediator.login()))
                .andExpect(status().isConflict());
        assertThat(new ArrayList<>(jdbc.sql("SELECT id FROM diagnostic WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).list())).isEmpty();
    }
}
