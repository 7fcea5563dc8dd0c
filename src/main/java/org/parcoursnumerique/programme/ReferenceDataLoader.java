package org.parcoursnumerique.programme;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.parcoursnumerique.shared.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads territories and communes from {@code reference/communes-93-ept.csv} (upserted at each
 * start, so a new merge in the file reaches the database), the initial ASE districts (inserted
 * once, then edited by administrators) and the default programme (created once).
 */
@Component
@Order(10)
class ReferenceDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReferenceDataLoader.class);

    private final JdbcClient jdbc;

    ReferenceDataLoader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        List<String[]> communes = readCsv("reference/communes-93-ept.csv");
        for (String[] row : communes) {
            String code = row[2];
            int updated = jdbc.sql("UPDATE territory SET name = :name, siren = :siren WHERE code = :code")
                    .param("name", row[3]).param("siren", row[4]).param("code", code).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO territory (code, name, siren) VALUES (:code, :name, :siren)")
                        .param("code", code).param("name", row[3]).param("siren", row[4]).update();
            }
        }
        for (String[] row : communes) {
            long territoryId = territoryId(row[2]);
            LocalDate validUntil = row.length > 5 && !row[5].isBlank() ? LocalDate.parse(row[5]) : null;
            String mergedInto = row.length > 6 && !row[6].isBlank() ? row[6] : null;
            int updated = jdbc.sql("""
                    UPDATE commune SET name = :name, name_norm = :norm, territory_id = :territory,
                           valid_until = :validUntil, merged_into = :mergedInto
                    WHERE insee_code = :insee""")
                    .param("name", row[1]).param("norm", Names.normalise(row[1])).param("territory", territoryId)
                    .param("validUntil", validUntil).param("mergedInto", mergedInto).param("insee", row[0])
                    .update();
            if (updated == 0) {
                jdbc.sql("""
                        INSERT INTO commune (insee_code, name, name_norm, territory_id, valid_until, merged_into)
                        VALUES (:insee, :name, :norm, :territory, :validUntil, :mergedInto)""")
                        .param("name", row[1]).param("norm", Names.normalise(row[1])).param("territory", territoryId)
                        .param("validUntil", validUntil).param("mergedInto", mergedInto).param("insee", row[0])
                        .update();
            }
        }
        for (String[] row : readCsv("reference/ase-districts.csv")) {
            boolean exists = jdbc.sql("SELECT count(*) FROM ase_district WHERE code = :code")
                    .param("code", row[0]).query(Long.class).single() > 0;
            if (!exists) {
                jdbc.sql("INSERT INTO ase_district (code, name, territory_id) VALUES (:code, :name, :territory)")
                        .param("code", row[0]).param("name", row[1]).param("territory", territoryId(row[2])).update();
            }
        }
        createDefaultProgramme();
        log.info("Reference data loaded: {} communes", communes.size());
    }

    private void createDefaultProgramme() {
        Properties p = new Properties();
        try (var in = new InputStreamReader(new ClassPathResource("reference/programme-default.properties")
                .getInputStream(), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String code = p.getProperty("code");
        boolean exists = jdbc.sql("SELECT count(*) FROM programme WHERE code = :code")
                .param("code", code).query(Long.class).single() > 0;
        if (exists) {
            return;
        }
        boolean anyDefault = jdbc.sql("SELECT count(*) FROM programme WHERE is_default")
                .query(Long.class).single() > 0;
        jdbc.sql("""
                INSERT INTO programme (code, name, starts_on, ends_on, diagnostic_deadline, budget_total_cents, is_default)
                VALUES (:code, :name, :startsOn, :endsOn, :deadline, :budget, :isDefault)""")
                .param("code", code).param("name", p.getProperty("name"))
                .param("startsOn", LocalDate.parse(p.getProperty("starts-on")))
                .param("endsOn", LocalDate.parse(p.getProperty("ends-on")))
                .param("deadline", LocalDate.parse(p.getProperty("diagnostic-deadline")))
                .param("budget", cents(p.getProperty("budget-total")))
                .param("isDefault", !anyDefault)
                .update();
        long programmeId = jdbc.sql("SELECT id FROM programme WHERE code = :code").param("code", code)
                .query(Long.class).single();
        for (String territory : p.getProperty("territories").split(",")) {
            long territoryId = territoryId(territory.trim());
            jdbc.sql("""
                    INSERT INTO programme_territory (programme_id, territory_id, budget_cents)
                    VALUES (:programme, :territory, :budget)""")
                    .param("programme", programmeId).param("territory", territoryId)
                    .param("budget", cents(p.getProperty("budget-per-territory"))).update();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("target.")) {
                    jdbc.sql("""
                            INSERT INTO programme_target (programme_id, territory_id, indicator_code, target_value)
                            VALUES (:programme, :territory, :indicator, :value)""")
                            .param("programme", programmeId).param("territory", territoryId)
                            .param("indicator", key.substring("target.".length()))
                            .param("value", Integer.parseInt(p.getProperty(key).trim())).update();
                }
            }
        }
        log.info("Default programme {} created", code);
    }

    private static long cents(String euros) {
        return new BigDecimal(euros.trim()).movePointRight(2).longValueExact();
    }

    private long territoryId(String code) {
        return jdbc.sql("SELECT id FROM territory WHERE code = :code").param("code", code)
                .query(Long.class).single();
    }

    private static List<String[]> readCsv(String path) {
        List<String[]> rows = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8))) {
            reader.readLine(); // header
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(line.split(";", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
