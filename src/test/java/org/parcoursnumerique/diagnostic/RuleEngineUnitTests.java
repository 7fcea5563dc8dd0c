package org.parcoursnumerique.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RuleEngineUnitTests {

    static final Referential DEFAULT = ReferentialJson.loadDefault();
    static final List<String> PIX = DEFAULT.questions().stream().map(Referential.Question::key)
            .filter(k -> k.startsWith("pix_")).toList();

    /** "key=a|b" pairs; "pix=n" answers every Pix competence with n. */
    static Answers answers(String... pairs) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals("pix")) {
                PIX.forEach(p -> values.put(p, List.of(kv[1])));
            } else {
                values.put(kv[0], Arrays.asList(kv[1].split("\\|")));
            }
        }
        return new Answers(values);
    }

    record Case(String name, Answers answers, String profile, String equipment, String connection, String training,
                List<String> themes, String certification) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no device, no internet, beginner looking for a job",
                        answers("equipment_owned=none", "internet_access=none", "uses=none", "pix=0",
                                "admin_autonomy=accompanied", "barriers=reading|cost", "project=job",
                                "certification_interest=maybe"),
                        "far", "LAPTOP", "YES", "BEGINNER",
                        List.of("DEVICE_BASICS", "EMAIL", "ONLINE_PROCEDURES", "JOB_SEARCH", "OFFICE_TOOLS", "SECURITY"),
                        "CLEA_NUMERIQUE"),
                new Case("working computer, home box, autonomous and skilled",
                        answers("equipment_owned=computer|smartphone", "equipment_condition=good",
                                "internet_access=home_box", "internet_payer=self", "internet_sufficient=yes",
                                "uses=email|admin_procedures|job_search|video_calls", "pix=4",
                                "admin_autonomy=autonomous", "barriers=none", "project=job",
                                "certification_interest=yes"),
                        "autonomous", "NONE", "NO", "NONE", List.of(), "PIX"),
                new Case("smartphone only on mobile data that is not enough, daily life, prefers a tablet",
                        answers("equipment_owned=smartphone", "equipment_condition=worn", "equipment_preference=tablet",
                                "internet_access=mobile_only", "internet_payer=household", "internet_sufficient=no",
                                "uses=social_networks|video_calls", "uses_wanted=online_banking", "pix=2",
                                "admin_autonomy=partly", "barriers=confidence", "project=daily_life",
                                "certification_interest=no"),
                        "intermediate", "TABLET", "YES", "INTERMEDIATE",
                        List.of("EMAIL", "ONLINE_PROCEDURES", "ONLINE_BANKING"), "NONE"),
                new Case("tablet that works, daily life: no device needed, no smartphone but not asked",
                        answers("equipment_owned=tablet", "equipment_condition=good", "internet_access=home_box",
                                "internet_payer=other", "internet_sufficient=yes", "uses=email|admin_procedures",
                                "pix=3", "admin_autonomy=autonomous", "barriers=none", "project=daily_life",
                                "certification_interest=no"),
                        "autonomous", "NONE", "NO", "ADVANCED", List.of(), "NONE"),
                new Case("broken smartphone, no preference, daily life: a smartphone",
                        answers("equipment_owned=smartphone", "equipment_condition=broken",
                                "equipment_preference=no_preference", "internet_access=mobile_only",
                                "internet_payer=self", "internet_sufficient=yes", "uses=none", "pix=1",
                                "admin_autonomy=accompanied", "barriers=cost", "project=daily_life",
                                "certification_interest=yes"),
                        "far", "TABLET", "YES", "BEGINNER",
                        List.of("DEVICE_BASICS", "EMAIL", "ONLINE_PROCEDURES", "SECURITY"), "PIX"),
                new Case("no smartphone, worn computer, daily life: smartphone",
                        answers("equipment_owned=computer", "equipment_condition=worn", "internet_access=home_box",
                                "internet_payer=self", "internet_sufficient=yes", "uses=email", "pix=2",
                                "admin_autonomy=partly", "barriers=none", "project=daily_life",
                                "certification_interest=maybe"),
                        "intermediate", "SMARTPHONE", "NO", "INTERMEDIATE", List.of("ONLINE_PROCEDURES"), "NONE"),
                new Case("good level, training project, wants Pix, prefers a desktop",
                        answers("equipment_owned=smartphone", "equipment_condition=good",
                                "equipment_preference=desktop", "internet_access=home_box", "internet_payer=self",
                                "internet_sufficient=yes", "uses=email|admin_procedures|job_search", "pix=3",
                                "admin_autonomy=autonomous", "barriers=none", "project=training",
                                "certification_interest=yes"),
                        "autonomous", "DESKTOP", "NO", "ADVANCED", List.of(), "PIX"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDefaultReferentialRecommendsWhatAMediatorWould(Case c) {
        var outcome = RuleEngine.evaluate(DEFAULT, c.answers());
        assertThat(outcome.profile().key()).as("profile").isEqualTo(c.profile());
        var r = outcome.recommendations();
        assertThat(r.get(RecommendationKind.EQUIPMENT).value()).as("equipment").isEqualTo(c.equipment());
        assertThat(r.get(RecommendationKind.CONNECTION).value()).as("connection").isEqualTo(c.connection());
        assertThat(r.get(RecommendationKind.TRAINING).value()).as("training").isEqualTo(c.training());
        assertThat(r.get(RecommendationKind.TRAINING).themes()).as("themes").isEqualTo(c.themes());
        assertThat(r.get(RecommendationKind.CERTIFICATION).value()).as("certification").isEqualTo(c.certification());
    }

    @Test
    void firstMatchingRuleWinsAndTheDecidingRuleIsKept() {
        var outcome = RuleEngine.evaluate(DEFAULT, answers("equipment_owned=computer", "equipment_condition=good",
                "equipment_preference=laptop", "pix=4"));
        var equipment = outcome.recommendations().get(RecommendationKind.EQUIPMENT);
        assertThat(equipment.value()).isEqualTo("NONE");
        assertThat(equipment.ruleId()).isEqualTo("equipement-deja-equipe");
    }

    @Test
    void eachKindHasItsDefaultWhenNoRuleMatches() {
        Referential empty = new Referential("vide", 1, "Vide", null, DEFAULT.sections(), DEFAULT.profile(), List.of());
        var outcome = RuleEngine.evaluate(empty, Answers.none());
        for (RecommendationKind kind : RecommendationKind.values()) {
            assertThat(outcome.recommendations().get(kind).value()).isEqualTo(kind.defaultValue());
            assertThat(outcome.recommendations().get(kind).ruleId()).isNull();
        }
        assertThat(outcome.profile().key()).as("the last level is the default").isEqualTo("autonomous");
    }

    @Test
    void answersOfHiddenQuestionsAreClearedAndDoNotCount() {
        Answers a = answers("equipment_owned=none", "equipment_condition=good", "internet_access=none",
                "internet_payer=self", "internet_sufficient=no");
        Answers cleaned = RuleEngine.withoutHidden(DEFAULT, a);
        assertThat(cleaned.values()).containsOnlyKeys("equipment_owned", "internet_access");
        // "internet_sufficient=no" was hidden: the connection comes from "no access", not from it.
        assertThat(RuleEngine.evaluate(DEFAULT, a).recommendations().get(RecommendationKind.CONNECTION).ruleId())
                .isEqualTo("connexion-aucune");
    }

    @Test
    void missingRequiredListsOnlyVisibleQuestions() {
        List<String> missing = RuleEngine.missingRequired(DEFAULT, answers("equipment_owned=none")).stream()
                .map(Referential.Question::key).toList();
        assertThat(missing).doesNotContain("equipment_condition", "equipment_owned", "internet_payer")
                .contains("internet_access", "pix_1_1", "admin_autonomy");
        List<String> withDevice = RuleEngine.missingRequired(DEFAULT, answers("equipment_owned=tablet")).stream()
                .map(Referential.Question::key).toList();
        assertThat(withDevice).contains("equipment_condition");
    }

    static Referential.Condition question(String q) {
        return new Referential.Condition(q, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static Referential.Condition cond(String json) {
        String text = """
                {"code":"t","version":1,"title":"t","sections":[{"key":"s","title":"s","questions":[
                  {"key":"q","type":"TEXT","label":"q","showIf":%s}]}],"profile":{"levels":[{"key":"a","label":"a"}]}}"""
                .formatted(json);
        var read = ReferentialJson.read(text);
        assertThat(read.problem()).isNull();
        return read.referential().questions().get(0).showIf();
    }

    @Test
    void conditionsCoverEveryOperatorAndCombinator() {
        Answers a = answers("multi=a|b", "single=x", "n=3", "s1=1", "s2=3");
        List<Object[]> table = new ArrayList<>();
        table.add(new Object[] {"{\"question\":\"single\",\"equals\":\"x\"}", true});
        table.add(new Object[] {"{\"question\":\"single\",\"equals\":\"y\"}", false});
        table.add(new Object[] {"{\"question\":\"multi\",\"equals\":\"a\"}", false});
        // A number answer equals its value however it is written.
        table.add(new Object[] {"{\"question\":\"n\",\"equals\":\"3.0\"}", true});
        table.add(new Object[] {"{\"question\":\"n\",\"equals\":\"3\"}", true});
        table.add(new Object[] {"{\"question\":\"n\",\"equals\":\"4\"}", false});
        table.add(new Object[] {"{\"question\":\"multi\",\"anyOf\":[\"c\",\"b\"]}", true});
        table.add(new Object[] {"{\"question\":\"multi\",\"anyOf\":[\"c\"]}", false});
        table.add(new Object[] {"{\"question\":\"multi\",\"includes\":\"a\"}", true});
        table.add(new Object[] {"{\"question\":\"multi\",\"notIncludes\":\"a\"}", false});
        table.add(new Object[] {"{\"question\":\"unanswered\",\"notIncludes\":\"a\"}", true});
        table.add(new Object[] {"{\"question\":\"n\",\"answered\":true}", true});
        table.add(new Object[] {"{\"question\":\"unanswered\",\"answered\":false}", true});
        table.add(new Object[] {"{\"question\":\"n\",\"lessThan\":3}", false});
        table.add(new Object[] {"{\"question\":\"n\",\"atMost\":3}", true});
        table.add(new Object[] {"{\"question\":\"n\",\"greaterThan\":2.5}", true});
        table.add(new Object[] {"{\"question\":\"n\",\"atLeast\":3.5}", false});
        table.add(new Object[] {"{\"question\":\"unanswered\",\"lessThan\":10}", false});
        table.add(new Object[] {"{\"average\":[\"s1\",\"s2\"],\"lessThan\":2.5}", true});
        table.add(new Object[] {"{\"average\":[\"s1\",\"s2\",\"unanswered\"],\"atLeast\":2}", true});
        table.add(new Object[] {"{\"average\":[\"unanswered\"],\"lessThan\":10}", false});
        table.add(new Object[] {"{\"all\":[{\"question\":\"single\",\"equals\":\"x\"},{\"question\":\"n\",\"atLeast\":3}]}", true});
        table.add(new Object[] {"{\"all\":[{\"question\":\"single\",\"equals\":\"x\"},{\"question\":\"n\",\"atLeast\":4}]}", false});
        table.add(new Object[] {"{\"any\":[{\"question\":\"single\",\"equals\":\"y\"},{\"question\":\"n\",\"atLeast\":3}]}", true});
        table.add(new Object[] {"{\"not\":{\"question\":\"single\",\"equals\":\"x\"}}", false});
        for (Object[] row : table) {
            assertThat(RuleEngine.holds(cond((String) row[0]), a)).as((String) row[0]).isEqualTo(row[1]);
        }
        assertThat(RuleEngine.holds(null, a)).as("no condition").isTrue();
        assertThat(question("n")).isNotNull();
    }
}
