package org.parcoursnumerique;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each table belongs to one module, and no module names another module's table in its SQL: it goes
 * through the owner's public API or reads one of the views the owner publishes (ADR 0025). Spring
 * Modulith checks the Java dependencies; this checks the SQL that Modulith cannot see.
 */
class ModuleTablesUnitTests {

    /** The owner of every table. A new table needs its line here (the test says so). */
    static final Map<String, Set<String>> OWNERS = Map.ofEntries(
            Map.entry("account", Set.of("user_account", "api_token", "account_token", "spring_session",
                    "spring_session_attributes")),
            Map.entry("audit", Set.of("audit_event")),
            Map.entry("beneficiary", Set.of("beneficiary", "consent", "beneficiary_correction")),
            Map.entry("programme", Set.of("programme", "territory", "commune", "ase_district", "eligibility_category",
                    "indicator", "programme_target", "programme_territory")),
            Map.entry("organisation", Set.of("organisation", "organisation_territory", "prescriber_kind")),
            Map.entry("referral", Set.of("referral", "referral_transition", "duplicate_suspicion",
                    "eligibility_category_alias", "idempotency_key", "imported_row", "referral_import",
                    "referral_import_error", "referral_identity_correction", "refusal_reason", "information_notice")),
            Map.entry("appointment", Set.of("appointment", "appointment_transition")),
            Map.entry("diagnostic", Set.of("diagnostic", "diagnostic_answer", "diagnostic_correction",
                    "diagnostic_referential", "recommendation", "recommendation_adjustment")),
            Map.entry("notification", Set.of("outbox_message")),
            Map.entry("pathway", Set.of("milestone", "milestone_change", "milestone_daily_count", "milestone_monthly_count", "milestone_kind",
                    "early_exit", "exit_reason")),
            Map.entry("connection", Set.of("connection_offer", "connection_line", "connection_period", "connection_check")),
            Map.entry("certification", Set.of("certification_kind", "certification_competence", "certification_registration",
                    "certification_competence_result", "certification_transition", "certification_pix_import")),
            Map.entry("followup", Set.of("follow_up", "follow_up_link", "follow_up_stage", "follow_up_transition")),
            Map.entry("training", Set.of("training_offer", "training_offer_service", "training_offer_import",
                    "training_theme_mapping", "training_session", "training_dropout_reason", "training_orientation",
                    "training_transition")),
            Map.entry("equipment", Set.of("device", "device_transfer", "distribution_day", "equipment_delivery",
                    "equipment_delivery_error", "equipment_grade", "equipment_handover", "equipment_need",
                    "equipment_programme_setting", "equipment_repair", "equipment_reservation", "equipment_transition",
                    "storage_place")),
            Map.entry("study", Set.of("study_campaign", "study_export", "study_export_chunk")),
            // Infrastructure: the event publication registry, db-scheduler's table, the server's key.
            Map.entry("shared", Set.of("event_publication", "scheduled_tasks", "server_key")));

    private static final Path JAVA = Path.of("src/main/java/org/parcoursnumerique");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)");
    private static final Pattern VIEW = Pattern.compile("(?i)--\\s*owner:\\s*([a-z]+)[^\\n]*\\n\\s*CREATE VIEW ([a-z_]+)");
    private static final Pattern SQL_NAME = Pattern.compile("\\b(FROM|JOIN|UPDATE|INTO|TABLE)\\s+([a-z_]+)\\b");

    @Test
    void everyTableHasAnOwner() throws IOException {
        Map<String, String> owners = owners();
        Set<String> unowned = new TreeSet<>();
        for (Path file : files(MIGRATIONS, ".sql")) {
            Matcher m = CREATE_TABLE.matcher(Files.readString(file));
            while (m.find()) {
                if (!owners.containsKey(m.group(1).toLowerCase())) {
                    unowned.add(m.group(1).toLowerCase() + " (" + file.getFileName() + ")");
                }
            }
        }
        assertThat(unowned).as("tables without an owner: add them to ModuleTablesUnitTests.OWNERS").isEmpty();
    }

    @Test
    void publishedViewsBelongToAModuleAndNameTheirOwnersTables() throws IOException {
        Map<String, String> views = views();
        assertThat(views).as("views published by the owners (-- owner: module, then CREATE VIEW)").isNotEmpty();
        assertThat(OWNERS.keySet()).containsAll(views.values());
    }

    @Test
    void noModuleNamesAnotherModulesTableInSql() throws IOException {
        Map<String, String> owners = owners();
        Map<String, String> views = views();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> modules = Files.list(JAVA)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                String name = module.getFileName().toString();
                for (Path file : files(module, ".java")) {
                    // Flyway's Java migrations are the schema's history, not a module's code.
                    if (file.getFileName().toString().matches("V\\d+__.*")) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                            continue;
                        }
                        Matcher m = SQL_NAME.matcher(lines.get(i));
                        while (m.find()) {
                            String table = m.group(2);
                            String owner = owners.get(table);
                            boolean write = !m.group(1).equals("FROM") && !m.group(1).equals("JOIN");
                            if (owner != null && !owner.equals(name)) {
                                violations.add("%s:%d %s reads %s's table %s".formatted(
                                        JAVA.relativize(file), i + 1, name, owner, table));
                            } else if (write && views.containsKey(table) && !views.get(table).equals(name)) {
                                violations.add("%s:%d %s writes through %s's view %s".formatted(
                                        JAVA.relativize(file), i + 1, name, views.get(table), table));
                            }
                        }
                    }
                }
            }
        }
        assertThat(violations).as("use the owner's API or one of its published views (ADR 0025)").isEmpty();
    }

    private static Map<String, String> owners() {
        Map<String, String> owners = new HashMap<>();
        OWNERS.forEach((module, tables) -> tables.forEach(t -> owners.put(t, module)));
        return owners;
    }

    private static Map<String, String> views() throws IOException {
        Map<String, String> views = new HashMap<>();
        for (Path file : files(MIGRATIONS, ".sql")) {
            Matcher m = VIEW.matcher(Files.readString(file));
            while (m.find()) {
                views.put(m.group(2).toLowerCase(), m.group(1).toLowerCase());
            }
        }
        return views;
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
