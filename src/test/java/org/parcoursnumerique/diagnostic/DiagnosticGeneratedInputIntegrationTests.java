package org.parcoursnumerique.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Seeded random step submissions, well-formed and not: the server never answers 5xx, a request
 * that saved nothing leaves the answers exactly as they were, and what is stored is always valid
 * for its question and never belongs to a hidden question.
 */
@IntegrationTest
class DiagnosticGeneratedInputIntegrationTests {

    static final long SEED = 20211001L;
    static final int REQUESTS = 250;
    static final Referential DEFAULT = ReferentialJson.loadDefault();

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired DiagnosticRepository repository;

    static final String[] JUNK = {"", " ", "none", "computer", "autre", "-1", "5", "4", "0", "2.5", "1e3", "99999999999",
            "NaN", "'; DROP TABLE diagnostic; --", "<script>alert(1)</script>", "\u0000", "\u202e", "é", "😀",
            "a".repeat(1001), "x".repeat(20_000), "2022-02-30", "1899-12-31", "2022-06-15", "oui", "yes", "no"};

    @Test
    void randomSubmissionsNeverBreakTheServerNorLeaveHalfWrittenAnswers() throws Exception {
        Random random = new Random(SEED);
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().withStatus("ACCEPTED").create();
        String location = mvc.perform(post("/beneficiaries/" + person + "/diagnostics").with(csrf()).with(mediator.login()))
                .andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(location.split("/")[2]);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            int step = 1 + random.nextInt(DEFAULT.sections().size() + 1);
            var before = repository.answers(id);
            int version = version(id);
            var request = post("/diagnostics/" + id + "/steps/" + step).with(csrf()).with(mediator.login());
            switch (random.nextInt(10)) {
                case 0 -> { }
                case 1 -> request.param("version", "abc");
                case 2 -> request.param("version", String.valueOf(version - 1));
                default -> request.param("version", String.valueOf(version));
            }
            request.param("action", new String[] {"next", "save", "previous", "other", ""}[random.nextInt(5)]);
            Map<String, List<String>> sent = new HashMap<>();
            if (step <= DEFAULT.sections().size()) {
                for (var q : DEFAULT.sections().get(step - 1).questions()) {
                    if (random.nextBoolean()) {
                        request.param("shown", q.key());
                    }
                    int n = random.nextInt(4);
                    List<String> values = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        values.add(random.nextInt(3) == 0 || q.options() == null ? JUNK[random.nextInt(JUNK.length)]
                                : q.options().get(random.nextInt(q.options().size())).key());
                    }
                    if (!values.isEmpty()) {
                        request.param("q_" + q.key(), values.toArray(String[]::new));
                        sent.put(q.key(), values);
                    }
                }
            }
            if (random.nextInt(5) == 0) {
                request.param("q_unknown_question", "x");
            }
            int status = mvc.perform(request).andReturn().getResponse().getStatus();
            if (status >= 500) {
                failures.add("request " + i + " to step " + step + " → " + status + " with " + sent);
            }
            var after = repository.answers(id);
            if (version(id) == version && !after.equals(before)) {
                failures.add("request " + i + " changed answers without saving the step: " + sent);
            }
            for (var e : after.values().entrySet()) {
                Referential.Question q = DEFAULT.questionsByKey().get(e.getKey());
                if (q == null) {
                    failures.add("stored an unknown question " + e.getKey());
                    continue;
                }
                Map<String, String[]> params = Map.of("q_" + q.key(), e.getValue().toArray(String[]::new));
                var reparsed = StepAnswers.parse(List.of(q), params);
                if (!reparsed.problems().isEmpty() || !reparsed.values().get(q.key()).equals(e.getValue())) {
                    failures.add("stored an invalid answer " + e.getKey() + "=" + e.getValue());
                }
            }
            if (!RuleEngine.withoutHidden(DEFAULT, after).equals(after)) {
                failures.add("request " + i + " left answers of hidden questions: " + after.values().keySet());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM diagnostic_answer WHERE diagnostic_id = :id").param("id", id)
                .query(Long.class).single()).as("some submissions were valid and saved").isPositive();
    }

    int version(long id) {
        return jdbc.sql("SELECT version FROM diagnostic WHERE id = :id").param("id", id).query(Integer.class).single();
    }
}
