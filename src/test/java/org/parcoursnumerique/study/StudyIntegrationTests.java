package org.parcoursnumerique.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.HandOffsDelivered;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The study dataset (ADR 0042): only the people who agreed, no name, contact or birth date, a
 * keyed person id per campaign, every group of commune × age band × eligibility category of at
 * least 5 (recomputed on the downloaded file), the events of the people in the file only, the
 * département alone reaching it, each download audited.
 */
@IntegrationTest
class StudyIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired Pathways pathways;
    @Autowired JdbcClient jdbc;
    @Autowired StudyExports exports;
    @Autowired StudyDataset dataset;
    @Autowired ApiTokens tokens;

    long person(String commune, String territory, String category, LocalDate born, boolean study) {
        long id = data.beneficiary().named(TestData.unique("Étudié"), "Yasmina").livingIn(commune, territory)
                .bornOn(born).create();
        jdbc.sql("UPDATE beneficiary SET eligibility_category = :c WHERE id = :id").param("c", category).param("id", id)
                .update();
        if (study) {
            consent(id, true);
        }
        return id;
    }

    void consent(long id, boolean accepted) {
        jdbc.sql("""
                INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at)
                VALUES (:id, 'EVALUATION_STUDY', '2021-09', :a, :at)""")
                .param("id", id).param("a", accepted).param("at", OffsetDateTime.now()).update();
    }

    List<String> communes(String territory) {
        return jdbc.sql("""
                SELECT c.insee_code FROM commune c JOIN territory t ON t.id = c.territory_id
                WHERE t.code = :t AND c.valid_until IS NULL ORDER BY c.insee_code""").param("t", territory)
                .query(String.class).list();
    }

    /** Asks for a production and waits until it is ready (the scheduler may take it first). */
    StudyExports.Export produced() throws Exception {
        var export = exports.request(StudyExports.Via.WEB, null);
        exports.produce(export.id());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var now = exports.find(export.id()).orElseThrow();
            if (!now.waiting()) {
                assertThat(now.status()).isEqualTo("READY");
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("export " + export.id() + " not produced");
    }

    static List<Map<String, String>> csv(String text) {
        String[] lines = text.split("\n");
        String[] header = lines[0].split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertThat(cells).as("line %d: %s", i, lines[i]).hasSize(header.length);
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], cells[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    String download(long export, String table, TestData.TestUser user) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/study/exports/" + export + "/" + table + ".csv")
                .with(user.login())).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/csv");
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    String salt() {
        exports.current();
        return jdbc.sql("SELECT key_salt FROM study_campaign ORDER BY started_at DESC, id DESC LIMIT 1")
                .query(String.class).single();
    }

    @Test
    void onlyThePeopleWhoAgreedAreInPseudonymisedAndEveryGroupHoldsAtLeastFive() throws Exception {
        List<String> t6 = communes("T6");
        List<String> t8 = communes("T8");
        // Six people of Saint-Denis alike: their commune stays.
        List<Long> alike = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            alike.add(person("93066", "T6", "RSA", LocalDate.of(1984, 6, 1), true));
        }
        // Five people alike but each in another commune of T6: the territory instead of the commune.
        List<Long> spread = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            spread.add(person(t6.get(i + 1), "T6", "SIAE_EMPLOYEE", LocalDate.of(1950, 2, 1), true));
        }
        // Alone even in their territory: left out.
        long alone = person(t8.get(0), "T8", "SIAE_EMPLOYEE", LocalDate.of(1951, 2, 1), true);
        long refused = person("93066", "T6", "RSA", LocalDate.of(1984, 6, 1), false);
        long withdrawn = person("93066", "T6", "RSA", LocalDate.of(1984, 6, 1), true);
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        assertThat(mvc.perform(post("/beneficiaries/" + withdrawn + "/consents/withdraw").with(csrf())
                .with(coordinator.login()).param("purpose", "EVALUATION_STUDY")).andReturn().getResponse().getStatus())
                .isEqualTo(302);
        // A diagnosed person who agreed: recommendations and core answers in the events.
        var diagnosed = pathways.person().in("T6").diagnosedFarFromDigital();
        consent(diagnosed.personId(), true);
        // ...and five people alike, so that their group holds at least five.
        var alikeDiagnosed = jdbc.sql("SELECT commune_insee, eligibility_category, birth_date FROM beneficiary WHERE id = :id")
                .param("id", diagnosed.personId()).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2),
                        rs.getString(3)}).single();
        for (int i = 0; i < 5; i++) {
            person(alikeDiagnosed[0], "T6", alikeDiagnosed[1], LocalDate.parse(alikeDiagnosed[2]), true);
        }
        HandOffsDelivered.await(jdbc);

        var export = produced();
        var manager = data.programmeManager();
        String peopleCsv = download(export.id(), "people", manager);
        String eventsCsv = download(export.id(), "events", manager);
        var people = csv(peopleCsv);
        var events = csv(eventsCsv);
        assertThat(peopleCsv.lines().findFirst().orElseThrow()).startsWith(
                "person_key,territory,commune,age_band,eligibility_category,referred_on,accepted_on,diagnosed_on");
        assertThat(eventsCsv.lines().findFirst().orElseThrow()).isEqualTo("person_key,event,date,item,value");

        var keys = dataset.personKeys(salt());
        Map<String, Map<String, String>> byKey = new HashMap<>();
        people.forEach(p -> byKey.put(p.get("person_key"), p));
        for (long id : alike) {
            assertThat(byKey.get(keys.apply(Long.toString(id)))).as("person %d", id).isNotNull()
                    .containsEntry("commune", "93066").containsEntry("territory", "T6").containsEntry("age_band", "26_44")
                    .containsEntry("referred_on", LocalDate.now().toString());
        }
        for (long id : spread) {
            assertThat(byKey.get(keys.apply(Long.toString(id)))).as("person %d", id).isNotNull()
                    .containsEntry("commune", "T6").containsEntry("age_band", "55_PLUS");
        }
        for (long id : List.of(alone, refused, withdrawn)) {
            assertThat(byKey).as("person %d", id).doesNotContainKey(keys.apply(Long.toString(id)));
            assertThat(eventsCsv).doesNotContain(keys.apply(Long.toString(id)));
        }
        assertThat(export.suppressedPeople()).isGreaterThanOrEqualTo(1);
        assertThat(export.generalisedPeople()).isGreaterThanOrEqualTo(5);

        // k >= 5 on commune × age band × eligibility category, recomputed on the file.
        Map<String, Integer> groups = new HashMap<>();
        people.forEach(p -> groups.merge(p.get("commune") + "|" + p.get("age_band") + "|" + p.get("eligibility_category"),
                1, Integer::sum));
        assertThat(groups).allSatisfy((group, count) -> assertThat(count).as(group).isGreaterThanOrEqualTo(5));

        // Nothing that names or reaches a person.
        assertThat(peopleCsv + eventsCsv).doesNotContain("Étudié").doesNotContain("Yasmina").doesNotContain("1984-06-01")
                .doesNotContain("1950-02-01").doesNotContain("+33").doesNotContain("@");
        assertThat(people).allSatisfy(p -> assertThat(p.get("person_key")).matches("[0-9a-f]{32}"));
        // Events of the people in the file only, with their milestones and their diagnostic.
        assertThat(events).allSatisfy(e -> assertThat(byKey).containsKey(e.get("person_key")));
        String diagnosedKey = keys.apply(Long.toString(diagnosed.personId()));
        var own = events.stream().filter(e -> e.get("person_key").equals(diagnosedKey)).toList();
        assertThat(own).anySatisfy(e -> assertThat(e).containsEntry("event", "milestone").containsEntry("value", "DIAGNOSED"));
        assertThat(own).anySatisfy(e -> assertThat(e).containsEntry("event", "recommendation").containsEntry("item", "EQUIPMENT"));
        assertThat(own).anySatisfy(e -> assertThat(e).containsEntry("event", "core_answer"));

        // Each download is audited.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE user_id = :u AND action = 'EXPORT' AND details LIKE :d")
                .param("u", manager.id()).param("d", "study export " + export.id() + " %").query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void aNewCampaignChangesTheKeysUnlessItContinuesThePreviousOne() throws Exception {
        long id = person("93066", "T6", "RSA", LocalDate.of(1984, 6, 1), true);
        var manager = data.programmeManager();
        String before = dataset.personKeys(salt()).apply(Long.toString(id));
        // A name is required, on one line of 100 characters at most.
        for (String bad : List.of("", "   ", "x".repeat(101), "Ligne\nDeux")) {
            var refused = mvc.perform(post("/study/campaigns").with(csrf()).with(manager.login()).param("name", bad))
                    .andReturn();
            assertThat(refused.getFlashMap().get("errors")).isNotNull();
        }
        mvc.perform(post("/study/campaigns").with(csrf()).with(manager.login()).param("name", "Évaluation finale"));
        String renewed = dataset.personKeys(salt()).apply(Long.toString(id));
        assertThat(renewed).isNotEqualTo(before);
        mvc.perform(post("/study/campaigns").with(csrf()).with(manager.login()).param("name", "Évaluation finale bis")
                .param("continuity", "true"));
        assertThat(dataset.personKeys(salt()).apply(Long.toString(id))).isEqualTo(renewed);
        assertThat(exports.current().name()).isEqualTo("Évaluation finale bis");
        assertThat(mvc.perform(get("/study").with(manager.login())).andReturn().getResponse().getContentAsString())
                .contains("Évaluation finale bis").contains("Évaluation finale");
    }

    @Test
    void twoRequestsAtOnceMakeOneProduction() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        List<Callable<Long>> tasks = List.of(() -> {
            start.await();
            return exports.request(StudyExports.Via.API, null).id();
        }, () -> {
            start.await();
            return exports.request(StudyExports.Via.WEB, null).id();
        });
        var futures = tasks.stream().map(pool::submit).toList();
        start.countDown();
        List<Long> ids = new ArrayList<>();
        for (var f : futures) {
            ids.add(f.get());
        }
        pool.shutdown();
        assertThat(ids.get(0)).isEqualTo(ids.get(1));
        exports.produce(ids.get(0));
    }

    @Test
    void theDepartementsTokenAloneTakesTheFilesAndTheDictionary() throws Exception {
        person("93066", "T6", "RSA", LocalDate.of(1984, 6, 1), true);
        var export = produced();
        String departement = "pn_study_" + System.nanoTime();
        tokens.store(data.departement(), "étude", departement, null);
        String ept = "pn_study_ept_" + System.nanoTime();
        tokens.store(data.ept("T6"), "ept", ept, null);
        String prescriber = "pn_study_pie_" + System.nanoTime();
        tokens.store(data.prescriber("PIE", "T6"), "pie", prescriber, null);

        var people = mvc.perform(get("/api/v1/study/exports/latest").param("table", "people")
                .header("Authorization", "Bearer " + departement)).andReturn().getResponse();
        assertThat(people.getStatus()).isEqualTo(200);
        assertThat(people.getContentType()).startsWith("text/csv");
        assertThat(people.getContentAsString(StandardCharsets.UTF_8)).startsWith("person_key,territory,commune");
        assertThat(people.getHeader("Content-Disposition")).contains("etude-personnes");
        var events = mvc.perform(get("/api/v1/study/exports/latest").param("table", "events")
                .header("Authorization", "Bearer " + departement)).andReturn().getResponse();
        assertThat(events.getContentAsString(StandardCharsets.UTF_8)).startsWith("person_key,event,date,item,value");
        var dictionary = mvc.perform(get("/api/v1/study/exports/latest/dictionary")
                .header("Authorization", "Bearer " + departement)).andReturn().getResponse();
        assertThat(dictionary.getStatus()).isEqualTo(200);
        String dictionaryText = dictionary.getContentAsString(StandardCharsets.UTF_8);
        for (String column : StudyDataset.peopleColumns()) {
            assertThat(dictionaryText).contains("people," + column + ",");
        }
        assertThat(dictionaryText).contains("events.event,core_answer,").contains("events.event,follow_up_answer,");

        for (String bad : new String[] {null, "", "beneficiary", "people;DROP"}) {
            var request = get("/api/v1/study/exports/latest").header("Authorization", "Bearer " + departement);
            if (bad != null) {
                request.param("table", bad);
            }
            var response = mvc.perform(request).andReturn().getResponse();
            assertThat(response.getStatus()).as("table=%s", bad).isEqualTo(400);
            assertThat(response.getContentType()).startsWith("application/problem+json");
        }
        for (String other : List.of(ept, prescriber)) {
            assertThat(mvc.perform(get("/api/v1/study/exports/latest").param("table", "people")
                    .header("Authorization", "Bearer " + other)).andReturn().getResponse().getStatus()).isEqualTo(404);
            assertThat(mvc.perform(post("/api/v1/study/exports").header("Authorization", "Bearer " + other))
                    .andReturn().getResponse().getStatus()).isEqualTo(404);
        }
        assertThat(mvc.perform(get("/api/v1/study/exports/latest").param("table", "people")).andReturn().getResponse()
                .getStatus()).isEqualTo(401);

        var asked = mvc.perform(post("/api/v1/study/exports").header("Authorization", "Bearer " + departement))
                .andReturn().getResponse();
        assertThat(asked.getStatus()).isEqualTo(202);
        assertThat(asked.getContentAsString()).contains("\"status\"");
        var again = mvc.perform(post("/api/v1/study/exports").header("Authorization", "Bearer " + departement))
                .andReturn().getResponse();
        assertThat(again.getHeader("Location")).isEqualTo(asked.getHeader("Location"));
        assertThat(mvc.perform(get(asked.getHeader("Location")).header("Authorization", "Bearer " + departement))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE user_email = :e AND action = 'EXPORT' AND details LIKE :d")
                .param("e", "api:étude").param("d", "study export " + export.id() + " %").query(Long.class).single())
                .isGreaterThanOrEqualTo(2);

        // The pages are the programme manager's only.
        var manager = data.programmeManager();
        assertThat(mvc.perform(get("/study").with(manager.login())).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/study/dictionary").with(manager.login())).andReturn().getResponse().getStatus())
                .isEqualTo(200);
        for (var user : List.of(data.consortiumStaff(Role.COORDINATOR, "T6"), data.eptViewer("T6"), data.administrator(),
                data.prescriberUser("T6"))) {
            assertThat(mvc.perform(get("/study").with(user.login())).andReturn().getResponse().getStatus())
                    .as(user.role().name()).isEqualTo(404);
            assertThat(mvc.perform(get("/study/exports/" + export.id() + "/people.csv").with(user.login())).andReturn()
                    .getResponse().getStatus()).as(user.role().name()).isEqualTo(404);
        }
        assertThat(mvc.perform(get("/study/exports/" + export.id() + "/secrets.csv").with(manager.login())).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/study/exports/999999999/people.csv").with(manager.login())).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
    }
}
