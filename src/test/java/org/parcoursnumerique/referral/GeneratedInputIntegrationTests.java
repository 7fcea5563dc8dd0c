package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Thousands of malformed inputs from seeded generators (our own: see ENGINEERING.md) thrown at the
 * API and the CSV import: never a server error, never a half-written record, every refusal explained.
 * A failing seed is printed so the case can be replayed.
 */
@IntegrationTest
class GeneratedInputIntegrationTests {

    static final long SEED = Long.getLong("parcours.fuzz.seed", 20211001L);
    static final int BODIES = Integer.getInteger("parcours.fuzz.bodies", 1500);
    static final int ROWS = Integer.getInteger("parcours.fuzz.rows", 2000);

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;
    @Autowired ReferralImports imports;

    /** Seeded generator of nasty values. */
    static final class Nasty {
        private final Random random;

        Nasty(long seed) {
            this.random = new Random(seed);
        }

        String text() {
            return switch (random.nextInt(14)) {
                case 0 -> "";
                case 1 -> " ";
                case 2 -> "x".repeat(random.nextInt(3000));
                case 3 -> "Lefèvre\u0000";
                case 4 -> "\u202eevil\u202c";
                case 5 -> "<script>alert(1)</script>";
                case 6 -> "'; DROP TABLE beneficiary; --";
                case 7 -> "%_\\";
                case 8 -> "😀🙂";
                case 9 -> "93066";
                case 10 -> "31/02/2020";
                case 11 -> "2020-13-45";
                case 12 -> String.valueOf(random.nextLong());
                default -> randomString();
            };
        }

        String randomString() {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                s.append((char) random.nextInt(0x2FF));
            }
            return s.toString();
        }

        String jsonValue() {
            return switch (random.nextInt(9)) {
                case 0 -> "null";
                case 1 -> "true";
                case 2 -> String.valueOf(random.nextInt());
                case 3 -> "[1,2]";
                case 4 -> "{\"a\":1}";
                case 5 -> "1e999";
                default -> quote(text());
            };
        }

        String jsonBody() {
            Map<String, String> valid = new java.util.LinkedHashMap<>(Map.of(
                    "lastName", quote("Martin"), "firstName", quote("Léa"), "birthDate", quote("1985-03-12"),
                    "inseeCode", quote("93066"), "eligibilityCategory", quote("SIAE_EMPLOYEE"), "consent", "true"));
            int mutations = 1 + random.nextInt(3);
            List<String> keys = new ArrayList<>(valid.keySet());
            for (int i = 0; i < mutations; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> valid.remove(keys.get(random.nextInt(keys.size())));
                    case 1 -> valid.put(keys.get(random.nextInt(keys.size())), jsonValue());
                    case 2 -> valid.put(random.nextBoolean() ? "nir" : randomString(), jsonValue());
                    default -> valid.put(random.nextBoolean() ? "phone" : "email", jsonValue());
                }
            }
            StringBuilder body = new StringBuilder("{");
            valid.forEach((k, v) -> body.append(quote(k)).append(':').append(v).append(','));
            if (body.length() > 1) {
                body.setLength(body.length() - 1);
            }
            body.append('}');
            return switch (random.nextInt(12)) {
                case 0 -> body.substring(0, random.nextInt(body.length()));
                case 1 -> "[" + body + "]";
                case 2 -> randomString();
                default -> body.toString();
            };
        }

        String csvRow() {
            String[] row = {"Martin", "Léa", "12/03/1985", "Saint-Denis", "SIAE_EMPLOYEE", "", "", "", "", "oui"};
            int mutations = 1 + random.nextInt(3);
            for (int i = 0; i < mutations; i++) {
                row[random.nextInt(row.length)] = text().replace("\n", " ").replace("\r", " ");
            }
            StringBuilder line = new StringBuilder();
            // Never zero columns: an empty line is not a row.
            int columns = random.nextInt(10) == 0 ? 1 + random.nextInt(13) : row.length;
            for (int i = 0; i < columns; i++) {
                String v = i < row.length ? row[i] : text();
                line.append('"').append(v.replace("\"", "\"\"")).append('"').append(i < columns - 1 ? ";" : "");
            }
            return line.toString();
        }

        static String quote(String s) {
            StringBuilder q = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    q.append('\\').append(c);
                } else if (c < 0x20) {
                    q.append(String.format("\\u%04x", (int) c));
                } else {
                    q.append(c);
                }
            }
            return q.append('"').toString();
        }
    }

    @Test
    void malformedJsonBodiesAreRefusedWithAnExplanationAndWriteNothingPartial() throws Exception {
        long org = data.prescriber("CAP_EMPLOI", "T6");
        String token = "pn_fuzz_" + System.nanoTime();
        tokens.store(org, "fuzz", token, null);
        Nasty nasty = new Nasty(SEED);
        int created = 0;
        for (int i = 0; i < BODIES; i++) {
            String body = nasty.jsonBody();
            var response = mvc.perform(post("/api/v1/referrals").header("Authorization", "Bearer " + token)
                    .contentType("application/json").content(body.getBytes(StandardCharsets.UTF_8))).andReturn().getResponse();
            int status = response.getStatus();
            assertThat(status).as("seed %d body %d: %s", SEED, i, body).isIn(201, 400, 413, 422);
            if (status == 201) {
                created++;
            } else {
                assertThat(response.getContentType()).as("body %d", i).startsWith("application/problem+json");
                assertThat(response.getContentAsString(StandardCharsets.UTF_8)).as("body %d", i).contains("\"title\"");
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM referral WHERE referring_organisation_id = :o").param("o", org)
                .query(Long.class).single()).isEqualTo(created);
        assertNoPartialRecords(org);
    }

    @Test
    void malformedCsvRowsAreEachExplainedAndNoneIsHalfWritten() {
        var prescriber = data.user(org.parcoursnumerique.shared.Role.PRESCRIBER, data.prescriber("PIE", "T6"));
        Nasty nasty = new Nasty(SEED + 1);
        StringBuilder csv = new StringBuilder(String.join(";", ReferralImports.HEADERS)).append('\n');
        for (int i = 0; i < ROWS; i++) {
            csv.append(nasty.csvRow()).append('\n');
        }
        long id = imports.start(prescriber.organisationId(), prescriber.id(), "fuzz.csv");
        var report = imports.run(id, csv.toString().getBytes(StandardCharsets.UTF_8), new Referrals.Submitter(
                prescriber.organisationId(), prescriber.id(), prescriber.email(), Referrals.Source.CSV));
        assertThat(report.failure()).as("seed %d", SEED + 1).isNull();
        assertThat(report.accepted() + report.rejected() + report.duplicates()).isEqualTo(report.totalRows());
        assertThat(report.totalRows()).isEqualTo(ROWS);
        long rejectedLines = report.errors().stream().map(ReferralImports.RowError::line).distinct().count();
        assertThat(rejectedLines).isEqualTo(report.rejected());
        assertThat(report.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM referral WHERE referring_organisation_id = :o")
                .param("o", prescriber.organisationId()).query(Long.class).single()).isEqualTo(report.accepted());
        assertNoPartialRecords(prescriber.organisationId());
    }

    /** Every person has exactly one referral, its first transition and the three consent answers. */
    private void assertNoPartialRecords(long organisationId) {
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM beneficiary b WHERE b.referring_organisation_id = :o
                  AND ((SELECT COUNT(*) FROM referral r WHERE r.beneficiary_id = b.id) <> 1
                    OR (SELECT COUNT(*) FROM consent c WHERE c.beneficiary_id = b.id) <> 3)""")
                .param("o", organisationId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM referral r WHERE r.referring_organisation_id = :o
                  AND NOT EXISTS (SELECT 1 FROM referral_transition t WHERE t.referral_id = r.id)""")
                .param("o", organisationId).query(Long.class).single()).isZero();
    }
}
