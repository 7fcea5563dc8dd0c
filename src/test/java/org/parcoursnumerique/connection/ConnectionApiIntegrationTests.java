package org.parcoursnumerique.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.pathway.ReachedMilestone;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connection API with a consortium's token: offers, a line, its periods and computed coverage;
 * tokens of other kinds and territories get 404; double submissions create one record; seeded
 * random bodies never give a 5xx nor a half-written record.
 */
@IntegrationTest
class ConnectionApiIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired Pathways pathways;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;
    @Autowired Milestones milestones;
    @Autowired JsonMapper json;

    static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/Paris"));
    }

    String consortiumToken(String territory) {
        long consortium = jdbc.sql("SELECT consortium_id FROM organisation WHERE id = :id")
                .param("id", data.consortiumMember(territory)).query(Long.class).single();
        String token = "pn_conn_" + territory + "_" + System.nanoTime();
        tokens.store(consortium, "logiciel du consortium", token, null);
        return token;
    }

    String prescriberToken() {
        String token = "pn_conn_prescriber_" + System.nanoTime();
        tokens.store(data.prescriber("FRANCE_TRAVAIL", "T6"), "logiciel", token, null);
        return token;
    }

    MockHttpServletResponse call(String method, String path, String token, String body) throws Exception {
        var request = method.equals("GET") ? get(path) : post(path).contentType("application/json").content(body);
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    @Test
    void aConsortiumOpensALineRecordsSixMonthsAndReadsItsCoverage() throws Exception {
        var c = pathways.person().in("T6").connected(5, 0);
        String token = consortiumToken("T6");
        var offers = call("GET", "/api/v1/connection/offers", token, null);
        assertThat(offers.getStatus()).isEqualTo(200);
        assertThat(offers.getContentAsString()).contains("\"id\":" + c.offerId());
        long person = pathways.person().in("T6").diagnosedFarFromDigital().personId();
        LocalDate activation = today().minusDays(190);
        var created = call("POST", "/api/v1/connection/lines", token, """
                {"personId": %d, "offerId": %d, "operator": "Mobile Test", "iccid": "%s", "phone": "06 12 34 56 78",
                 "activationDate": "%s"}""".formatted(person, c.offerId(), Pathways.iccid(), activation));
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
        JsonNode line = json.readTree(created.getContentAsString());
        long id = line.get("id").asLong();
        assertThat(created.getHeader("Location")).isEqualTo("/api/v1/connection/lines/" + id);
        assertThat(line.get("phone").asString()).isEqualTo("+33612345678");
        assertThat(line.get("coveredDays").asLong()).isZero();
        assertThat(line.get("state").asString()).isEqualTo("UNPAID");
        for (int m = 0; m < 7; m++) {
            var period = call("POST", "/api/v1/connection/lines/" + id + "/periods", token, """
                    {"start": "%s", "end": "%s", "amountCents": 990, "paidBy": "PROGRAMME"}"""
                    .formatted(activation.plusMonths(m), activation.plusMonths(m + 1).minusDays(1)));
            assertThat(period.getStatus()).as(period.getContentAsString()).isEqualTo(201);
        }
        JsonNode read = json.readTree(call("GET", "/api/v1/connection/lines/" + id, token, null).getContentAsString());
        assertThat(read.get("coveredDays").asLong()).isEqualTo(190);
        assertThat(read.get("lapsesOn").asString()).isEqualTo(activation.plusMonths(7).toString());
        assertThat(read.get("sixMonthsOn").asString()).isEqualTo(activation.plusDays(183).toString());
        assertThat(read.get("periods").size()).isEqualTo(7);
        assertThat(milestones.of(person)).extracting(ReachedMilestone::code)
                .contains(Milestone.CONNECTED, Milestone.CONNECTED_6_MONTHS);
        // Audited as the token's organisation.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND user_email LIKE 'api:%'")
                .param("p", person).query(Integer.class).single()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void otherTokensAndOtherTerritoriesGetNotFound() throws Exception {
        var c = pathways.person().in("T6").connected(5, 1);
        String t8 = consortiumToken("T8");
        String prescriber = prescriberToken();
        String body = """
                {"personId": %d, "offerId": %d, "contractReference": "BOX-1", "activationDate": "%s"}"""
                .formatted(c.person().personId(), c.offerId(), today());
        for (String token : List.of(t8, prescriber)) {
            for (var r : List.of(call("GET", "/api/v1/connection/lines/" + c.lineId(), token, null),
                    call("POST", "/api/v1/connection/lines", token, body),
                    call("POST", "/api/v1/connection/lines/" + c.lineId() + "/periods", token,
                            "{\"start\":\"2026-01-01\",\"end\":\"2026-01-31\",\"amountCents\":1,\"paidBy\":\"PERSON\"}"))) {
                assertThat(r.getStatus()).isEqualTo(404);
                assertThat(r.getContentType()).startsWith("application/problem+json");
            }
        }
        assertThat(call("GET", "/api/v1/connection/offers", prescriber, null).getStatus()).isEqualTo(404);
        // T8's offers do not include T6's.
        assertThat(call("GET", "/api/v1/connection/offers", t8, null).getContentAsString())
                .doesNotContain("\"id\":" + c.offerId() + ",");
        assertThat(mvc.perform(get("/api/v1/connection/offers")).andReturn().getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void concurrentDoubleSubmissionsCreateOneLineAndOnePeriod() throws Exception {
        var c = pathways.person().in("T6").connected(5, 0);
        String token = consortiumToken("T6");
        String lineBody = """
                {"personId": %d, "offerId": %d, "iccid": "%s", "activationDate": "%s"}"""
                .formatted(c.person().personId(), c.offerId(), Pathways.iccid(), today().minusDays(3));
        List<Integer> statuses = twice(() -> call("POST", "/api/v1/connection/lines", token, lineBody).getStatus());
        assertThat(statuses).containsExactlyInAnyOrder(201, 422);
        String periodBody = """
                {"start": "%s", "end": "%s", "amountCents": 990, "paidBy": "PROGRAMME"}"""
                .formatted(today().minusDays(5), today().plusDays(20));
        statuses = twice(() -> call("POST", "/api/v1/connection/lines/" + c.lineId() + "/periods", token, periodBody)
                .getStatus());
        assertThat(statuses).containsExactlyInAnyOrder(201, 422);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM connection_period WHERE line_id = :l").param("l", c.lineId())
                .query(Integer.class).single()).isEqualTo(1);
    }

    private List<Integer> twice(Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    static final String[] JUNK = {"null", "true", "0", "-1", "1.5", "\"\"", "\"abc\"", "\"2026-02-30\"", "\"2026-13-01\"",
            "\"1899-12-31\"", "[]", "{}", "\"PROGRAMME\"", "\"PERSON\"", "\"programme\"", "99999999999999999999",
            "\"" + "x".repeat(300) + "\"", "\"\\u0000\"", "\"<script>\"", "\"89014103211118510720\"",
            "\"89014103211118510721\"", "\"06 12 34 56 78\"", "\"+33 1\"", "1000001", "990"};

    @Test
    void randomBodiesNeverBreakTheServerNorHalfWriteALine() throws Exception {
        Random random = new Random(20261201L);
        var c = pathways.person().in("T6").connected(30, 1);
        String token = consortiumToken("T6");
        String[] lineFields = {"personId", "offerId", "operator", "iccid", "contractReference", "phone", "activationDate", "extra"};
        String[] periodFields = {"start", "end", "amountCents", "paidBy", "extra"};
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            boolean line = random.nextBoolean();
            StringBuilder body = new StringBuilder("{");
            String[] fields = line ? lineFields : periodFields;
            boolean first = true;
            for (String f : fields) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                String value = switch (random.nextInt(4)) {
                    case 0 -> JUNK[random.nextInt(JUNK.length)];
                    default -> good(f, c, random);
                };
                body.append(first ? "" : ",").append('"').append(f).append("\":").append(value);
                first = false;
            }
            body.append('}');
            String sent = random.nextInt(15) == 0 ? body.substring(0, body.length() / 2) : body.toString();
            long linesBefore = countLines(c.person().personId());
            long periodsBefore = countPeriods(c.lineId());
            var r = call("POST", line ? "/api/v1/connection/lines" : "/api/v1/connection/lines/" + c.lineId() + "/periods",
                    token, sent);
            long linesAfter = countLines(c.person().personId());
            long periodsAfter = countPeriods(c.lineId());
            if (r.getStatus() >= 500 || (r.getStatus() >= 400 && !String.valueOf(r.getContentType())
                    .startsWith("application/problem+json"))) {
                failures.add(r.getStatus() + " for " + sent);
            }
            long expectedLines = linesBefore + (line && r.getStatus() == 201 ? 1 : 0);
            long expectedPeriods = periodsBefore + (!line && r.getStatus() == 201 ? 1 : 0);
            if (linesAfter != expectedLines || periodsAfter != expectedPeriods) {
                failures.add("half-written for " + r.getStatus() + ": " + sent);
            }
        }
        assertThat(failures).isEmpty();
    }

    private String good(String field, Pathways.Connected c, Random random) {
        LocalDate day = today().minusDays(random.nextInt(400) - 30);
        return switch (field) {
            case "personId" -> String.valueOf(c.person().personId());
            case "offerId" -> String.valueOf(c.offerId());
            case "operator" -> "\"Mobile Test\"";
            case "iccid" -> "\"" + Pathways.iccid() + "\"";
            case "contractReference" -> "\"BOX-" + random.nextInt(1000) + "\"";
            case "phone" -> "\"06 12 34 56 78\"";
            case "activationDate", "start" -> "\"" + day + "\"";
            case "end" -> "\"" + day.plusDays(random.nextInt(40)) + "\"";
            case "amountCents" -> String.valueOf(random.nextInt(3000));
            case "paidBy" -> random.nextBoolean() ? "\"PROGRAMME\"" : "\"PERSON\"";
            default -> "1";
        };
    }

    private long countLines(long person) {
        return jdbc.sql("SELECT COUNT(*) FROM connection_line WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).single();
    }

    private long countPeriods(long line) {
        return jdbc.sql("SELECT COUNT(*) FROM connection_period WHERE line_id = :l").param("l", line)
                .query(Long.class).single();
    }
}
