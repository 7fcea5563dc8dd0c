package org.parcoursnumerique.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

class ReferentialValidationUnitTests {

    static final Referential DEFAULT = ReferentialJson.loadDefault();
    static final String DEFAULT_JSON = ReferentialJson.write(DEFAULT);

    static List<ReferentialProblem> problemsOf(String json) {
        var read = ReferentialJson.read(json);
        if (read.problem() != null) {
            return List.of(read.problem());
        }
        return ReferentialValidator.validate(read.referential(), DEFAULT);
    }

    /** The default referential with one textual change. */
    static List<ReferentialProblem> problemsAfter(UnaryOperator<String> change) {
        String changed = change.apply(DEFAULT_JSON);
        assertThat(changed).as("the change applies").isNotEqualTo(DEFAULT_JSON);
        return problemsOf(changed);
    }

    static String french(ReferentialProblem p) throws Exception {
        Properties messages = new Properties();
        try (var in = new InputStreamReader(ReferentialValidationUnitTests.class.getResourceAsStream("/messages.properties"),
                StandardCharsets.UTF_8)) {
            messages.load(in);
        }
        var source = new StaticMessageSource();
        source.addMessage(p.key(), java.util.Locale.FRANCE, messages.getProperty(p.key()));
        return p.path() + ": " + source.getMessage(p.key(), p.arguments(), java.util.Locale.FRANCE);
    }

    @Test
    void theDefaultReferentialIsValidAndKeepsItsOwnCore() {
        assertThat(ReferentialValidator.validate(DEFAULT, DEFAULT)).isEmpty();
        assertThat(DEFAULT.questions().stream().filter(q -> q.key().startsWith("pix_"))).hasSize(16);
    }

    @Test
    void exportThenImportGivesAnEqualReferential() {
        var read = ReferentialJson.read(ReferentialJson.write(DEFAULT));
        assertThat(read.problem()).isNull();
        assertThat(read.referential()).isEqualTo(DEFAULT);
        assertThat(ReferentialJson.write(read.referential())).isEqualTo(DEFAULT_JSON);
    }

    @Test
    void duplicateOptionKeysAreReportedWithTheirPathInFrench() throws Exception {
        var problems = problemsAfter(s -> s.replace("\"key\" : \"tablet\",\n        \"label\" : \"Une tablette\"",
                "\"key\" : \"none\",\n        \"label\" : \"Une tablette\""));
        assertThat(problems).extracting(ReferentialProblem::key).contains("referential.error.duplicateOption");
        var duplicate = problems.stream().filter(p -> p.key().equals("referential.error.duplicateOption")).findFirst().orElseThrow();
        assertThat(french(duplicate)).isEqualTo("sections[0].questions[0].options: deux options ont la même clé « none ».");
    }

    @Test
    void malformedJsonGivesOneErrorWithLineAndColumn() throws Exception {
        var problems = problemsOf("{\n  \"code\": \"x\",\n  \"version\": 1,,\n}");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).key()).isEqualTo("referential.error.malformed");
        assertThat(french(problems.get(0))).contains("ligne 3");
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefused() {
        assertThat(problemsAfter(s -> s.replaceFirst("\"title\"", "\"titre\" : \"x\",\n  \"title\"")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.unknownField");
        var wrongType = problemsAfter(s -> s.replaceFirst("\"type\" : \"MULTIPLE_CHOICE\"", "\"type\" : \"CHECKBOXES\""));
        assertThat(wrongType).extracting(ReferentialProblem::key).containsExactly("referential.error.invalidValue");
        assertThat(wrongType.get(0).path()).isEqualTo("sections[0].questions[0].type");
    }

    @Test
    void eachStructuralErrorIsFound() {
        assertThat(problemsAfter(s -> s.replaceFirst("\"key\" : \"internet_access\"", "\"key\" : \"equipment_owned\"")))
                .extracting(ReferentialProblem::key).contains("referential.error.duplicateQuestion");
        assertThat(problemsAfter(s -> s.replaceFirst("\"label\" : \"Quels appareils avez-vous \\?\"", "\"label\" : \" \"")))
                .extracting(ReferentialProblem::path, ReferentialProblem::key)
                .contains(org.assertj.core.groups.Tuple.tuple("sections[0].questions[0].label", "referential.error.required"));
        assertThat(problemsAfter(s -> s.replaceFirst("\"min\" : 0", "\"min\" : 4")))
                .extracting(ReferentialProblem::key).contains("referential.error.scaleOrder");
        assertThat(problemsAfter(s -> s.replaceFirst("\"type\" : \"TEXT\",", "\"type\" : \"TEXT\",\n \"options\" : [],")))
                .extracting(ReferentialProblem::key).contains("referential.error.optionsNotAllowed");
        assertThat(problemsAfter(s -> s.replaceFirst("\"question\" : \"equipment_owned\"", "\"question\" : \"inconnue\"")))
                .extracting(ReferentialProblem::key).contains("referential.error.unknownQuestion");
        assertThat(problemsAfter(s -> s.replaceFirst("\"question\" : \"equipment_owned\"", "\"question\" : \"project\"")))
                .extracting(ReferentialProblem::key).contains("referential.error.laterQuestion");
        assertThat(problemsAfter(s -> s.replace("\"equals\" : \"accompanied\"", "\"equals\" : \"perhaps\"")))
                .extracting(ReferentialProblem::key).contains("referential.error.unknownOption");
        assertThat(problemsAfter(s -> s.replace("\"value\" : \"LAPTOP\"", "\"value\" : \"TELEVISION\"")))
                .extracting(ReferentialProblem::key).contains("referential.error.ruleValue");
        assertThat(problemsAfter(s -> s.replace("\"themes\" : [ \"EMAIL\" ]", "\"themes\" : [ \"KNITTING\" ]")))
                .extracting(ReferentialProblem::key).contains("referential.error.theme");
        assertThat(problemsAfter(s -> s.replace("\"question\" : \"internet_access\",\n", "\"question\" : \"internet_access\",\n \"atLeast\" : 2,\n")))
                .extracting(ReferentialProblem::key).contains("referential.error.conditionOperator");
        assertThat(problemsAfter(s -> s.replaceFirst("\"code\" : \"referentiel-commun\"", "\"code\" : \"Référentiel\"")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.code");
    }

    @Test
    void removingOrChangingTheCommonCoreIsRefused() {
        // Removing an option of a core question.
        assertThat(problemsAfter(s -> s.replace(", {\n        \"key\" : \"confidence\",\n        \"label\" : \"Le manque de confiance, la peur de mal faire\"\n      }", "")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.coreOption");
        // Changing a core question's type.
        var typeChanged = problemsOf(DEFAULT_JSON.replaceFirst(
                "\"key\" : \"project_details\",\n      \"type\" : \"TEXT\"", "\"key\" : \"project_details\",\n      \"type\" : \"DATE\"")
                .replace("\"maxLength\" : 1000,", ""));
        assertThat(typeChanged).as("the change applies").isNotEqualTo(List.of());
        assertThat(typeChanged).extracting(ReferentialProblem::key).containsExactly("referential.error.coreType");
        // Removing a core question (renaming its key removes it).
        assertThat(problemsAfter(s -> s.replace("\"key\" : \"pix_3_4\"", "\"key\" : \"pix_programmer\"")))
                .extracting(ReferentialProblem::key).contains("referential.error.coreMissing");
        // Adding a question and an option is allowed.
        assertThat(problemsAfter(s -> s.replace("\"label\" : \"Rien ne me gêne\"\n      }",
                "\"label\" : \"Rien ne me gêne\"\n      }, {\"key\":\"transport\",\"label\":\"Le transport\"}"))).isEmpty();
    }

    @Test
    void aCoreQuestionStaysRequiredAndKeepsItsDisplayCondition() {
        // Made optional: the figures of the common core would have holes.
        assertThat(problemsAfter(s -> s.replaceFirst(
                "(\"key\" : \"internet_access\",[^}]*?\"required\" : )true", "$1false")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.coreRequired");
        // Its display condition removed.
        var withoutCondition = problemsOf(DEFAULT_JSON.replaceFirst(
                "(?s)(\"key\" : \"equipment_condition\".*?)\"showIf\" : \\{[^}]*\\},?", "$1"));
        assertThat(withoutCondition).as("the change applies").isNotEmpty();
        assertThat(withoutCondition).extracting(ReferentialProblem::key).contains("referential.error.coreShowIf");
    }

    @Test
    void ruleIdsAreShortUniqueKeys() {
        assertThat(problemsAfter(s -> s.replace("\"id\" : \"equipement-autonome-sans-projet\"",
                "\"id\" : \"equipement-deja-equipe\"")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.duplicateRule");
        assertThat(problemsAfter(s -> s.replace("\"id\" : \"equipement-deja-equipe\"",
                "\"id\" : \"" + "x".repeat(101) + "\"")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.ruleId");
    }

    @Test
    void invisibleCharactersInTextsAreRefused() {
        assertThat(problemsAfter(s -> s.replace("\"label\" : \"Rien ne me gêne\"", "\"label\" : \"Rien ne me\\u0007 gêne\"")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.control");
        // Noncharacters and lone surrogates (written as JSON escapes) are refused like control characters.
        assertThat(problemsAfter(s -> s.replace("\"label\" : \"Rien ne me gêne\"", "\"label\" : \"Rien ne me\\uFFFE gêne\"")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.control");
        assertThat(problemsAfter(s -> s.replace("\"label\" : \"Rien ne me gêne\"", "\"label\" : \"Rien ne me\\uD800 gêne\"")))
                .extracting(ReferentialProblem::key).containsExactly("referential.error.control");
    }
}
