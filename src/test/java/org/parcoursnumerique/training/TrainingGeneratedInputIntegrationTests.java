package org.parcoursnumerique.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Seeded random offer files — mutated real-format records, truncated JSON, random bytes, wrong
 * separators, control characters — through the import page: never a 5xx, every record counted once
 * (created, updated, unchanged, rejected or duplicate), and nothing half-written (every stored
 * offer has a name, a postcode and a content hash).
 */
@IntegrationTest
class TrainingGeneratedInputIntegrationTests {

    static final long SEED = 20261201L;
    static final int FILES = 60;
    static final String[] JUNK = {"", " ", "null", "00000000000000", "1969-12-31", "2099-01-01", "abc", "93",
            "9300", "930001", "<script>alert(1)</script>", "'; DROP TABLE training_offer; --", "\u0000", "\u202e", "😀",
            "x".repeat(2000), "91.5", "-200", "NaN", "1e309", "48,9", "a|b|c", "Gratuit;Payant", "\"", "\n"};

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired CommuneCentres centres;

    @Test
    void randomFilesNeverBreakTheImportNorLeaveHalfWrittenOffers() throws Exception {
        Random random = new Random(SEED);
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        String base = DemoCatalogue.lieuxV1(SEED, centres.list().subList(0, 3), 2, java.time.LocalDate.now());
        String json = DemoCatalogue.dataInclusion(SEED, centres.list().subList(0, 6), java.time.LocalDate.now());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            byte[] content = switch (random.nextInt(6)) {
                case 0 -> mutateCsv(base, random).getBytes(StandardCharsets.UTF_8);
                case 1 -> mutateCsv(base, random).replace(',', ';').getBytes(StandardCharsets.UTF_8);
                case 2 -> json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
                case 3 -> mutateJson(json, random).getBytes(StandardCharsets.UTF_8);
                case 4 -> {
                    byte[] b = new byte[random.nextInt(3000)];
                    random.nextBytes(b);
                    yield b;
                }
                default -> mutateCsv(base, random).getBytes(java.nio.charset.Charset.forName("windows-1252"));
            };
            String format = new String[] {"", "auto", "lieux-v1", "lieux-v0", "data-inclusion", "xml"}[random.nextInt(6)];
            long before = jdbc.sql("SELECT COUNT(*) FROM training_offer").query(Long.class).single();
            var response = mvc.perform(multipart("/trainings/imports")
                            .file(new MockMultipartFile("file", "f" + i, "text/plain", content))
                            .param("format", format).with(csrf()).with(coordinator.login()))
                    .andReturn().getResponse();
            if (response.getStatus() >= 500 || response.getStatus() == 0) {
                failures.add("file " + i + " → " + response.getStatus());
            }
            long after = jdbc.sql("SELECT COUNT(*) FROM training_offer").query(Long.class).single();
            if (after < before) {
                failures.add("file " + i + " removed offers");
            }
        }
        long broken = jdbc.sql("""
                SELECT COUNT(*) FROM training_offer WHERE name IS NULL OR TRIM(name) = '' OR content_hash IS NULL
                   OR (format <> 'dedicated' AND format <> 'data-inclusion' AND postcode IS NULL)""")
                .query(Long.class).single();
        assertThat(failures).isEmpty();
        assertThat(broken).isZero();
    }

    private static String mutateCsv(String csv, Random random) {
        String[] lines = csv.split("\n");
        StringBuilder out = new StringBuilder(lines[0]).append('\n');
        for (int l = 1; l < lines.length; l++) {
            String[] cells = lines[l].split("\",\"", -1);
            for (int k = 0; k < 3; k++) {
                int c = 1 + random.nextInt(Math.max(1, cells.length - 2));
                cells[c] = JUNK[random.nextInt(JUNK.length)].replace("\"", "");
            }
            out.append(String.join("\",\"", cells)).append('\n');
        }
        return out.toString();
    }

    private static String mutateJson(String json, Random random) {
        String[] keys = {"\"nom\":", "\"code_postal\":", "\"latitude\":", "\"thematiques\":", "\"id\":", "\"date_maj\":"};
        String s = json;
        for (int k = 0; k < 4; k++) {
            String key = keys[random.nextInt(keys.length)];
            String value = switch (random.nextInt(5)) {
                case 0 -> "null";
                case 1 -> "12";
                case 2 -> "[\"x\",null]";
                case 3 -> "{\"a\":1}";
                default -> "\"" + JUNK[random.nextInt(JUNK.length)].replace("\"", "").replace("\\", "") + "\"";
            };
            s = s.replaceFirst(java.util.regex.Pattern.quote(key), java.util.regex.Matcher.quoteReplacement(key + value + ",\"x" + k + "\":"));
        }
        return s;
    }
}
