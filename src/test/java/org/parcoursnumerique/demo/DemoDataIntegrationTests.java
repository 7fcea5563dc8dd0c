package org.parcoursnumerique.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.support.RequiresPostgres;
import org.parcoursnumerique.support.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Demo mode on PostgreSQL: a plausible, deterministic data set. */
@ExtendWith(RequiresPostgres.class)
@SpringBootTest(properties = {"parcours.demo.enabled=true", "parcours.demo.beneficiaries=1500",
        "parcours.outbox.initial-delay=PT1H"})
@AutoConfigureMockMvc
class DemoDataIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabases.fresh("demo"));
        registry.add("spring.datasource.username", () -> TestDatabases.USER);
        registry.add("spring.datasource.password", () -> TestDatabases.PASSWORD);
    }

    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;

    @Test
    void loadsTheDemoAccountsOfTheReadme() {
        List<String> emails = jdbc.sql("SELECT email FROM user_account").query(String.class).list();
        assertThat(emails).contains("admin@demo.parcours.test", "departement@demo.parcours.test",
                "ept.t6@demo.parcours.test", "coordination.t6@demo.parcours.test", "coordination.t7@demo.parcours.test",
                "mediation.t6@demo.parcours.test", "logistique.t6@demo.parcours.test",
                "prescripteur.t6@demo.parcours.test", "prescripteur.t7@demo.parcours.test");
        Map<String, Object> prescriberT6 = jdbc.sql("""
                SELECT o.prescriber_kind, t.code FROM user_account u JOIN organisation o ON o.id = u.organisation_id
                JOIN organisation_territory ot ON ot.organisation_id = o.id JOIN territory t ON t.id = ot.territory_id
                WHERE u.email = 'prescripteur.t6@demo.parcours.test'""").query().singleRow();
        assertThat(prescriberT6).containsEntry("prescriber_kind", "PIE").containsEntry("code", "T6");
        Map<String, Object> prescriberT7 = jdbc.sql("""
                SELECT o.prescriber_kind, t.code FROM user_account u JOIN organisation o ON o.id = u.organisation_id
                JOIN organisation_territory ot ON ot.organisation_id = o.id JOIN territory t ON t.id = ot.territory_id
                WHERE u.email = 'prescripteur.t7@demo.parcours.test'""").query().singleRow();
        assertThat(prescriberT7).containsEntry("prescriber_kind", "MISSION_LOCALE").containsEntry("code", "T7");
    }

    @Test
    void theDemoIndicatorTokensReadTheirTerritoriesOnly() throws Exception {
        Map<String, String> expected = Map.of("demo-departement", "T6,T7,T8,T9", "demo-ept-t6", "T6",
                "demo-coordination-t6", "T6");
        for (var entry : expected.entrySet()) {
            String body = mvc.perform(get("/api/v1/indicators").header("Authorization", "Bearer " + entry.getKey()))
                    .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            List<String> codes = new java.util.ArrayList<>();
            var m = java.util.regex.Pattern.compile("\\{\"code\":\"(T\\d)\"").matcher(body);
            while (m.find()) {
                codes.add(m.group(1));
            }
            assertThat(String.join(",", codes)).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        // The prescriber's demo token does not read the indicators.
        assertThat(mvc.perform(get("/api/v1/indicators").header("Authorization", "Bearer demo-prescripteur-t6"))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void peopleAreSpreadOverTerritoriesCategoriesAndStatusesAsInTheCall() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary").query(Long.class).single()).isEqualTo(1500);
        Map<String, Long> byCategory = count("eligibility_category");
        assertThat(byCategory.keySet()).containsExactlyInAnyOrder("RSA", "LONG_TERM_JOBSEEKER", "YOUNG_MISSION_LOCALE",
                "YOUNG_ADULT_ASE", "SIAE_EMPLOYEE");
        assertThat(byCategory.get("RSA")).isBetween(500L, 850L);
        assertThat(count("territory_id")).hasSize(4).allSatisfy((t, n) -> assertThat(n).isBetween(280L, 470L));
        assertThat(count("status")).hasSizeGreaterThanOrEqualTo(5);
        // Young people referred by a mission locale, ASE youth by the ASE service.
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM beneficiary b JOIN organisation o ON o.id = b.referring_organisation_id
                WHERE b.eligibility_category = 'YOUNG_MISSION_LOCALE' AND o.prescriber_kind <> 'MISSION_LOCALE'""")
                .query(Long.class).single()).isZero();
        // ASE youth are placed by their district's territory.
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM beneficiary b JOIN ase_district d ON d.id = b.ase_district_id
                WHERE b.territory_id <> d.territory_id""").query(Long.class).single()).isZero();
        // Contact data stays in ranges reserved for fiction.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE phone IS NOT NULL AND phone NOT LIKE '+3363998%'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE email IS NOT NULL AND email NOT LIKE '%@example.org'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent").query(Long.class).single()).isEqualTo(4500);
        // Everyone came through a referral, and the demo triage inbox is not empty.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM referral").query(Long.class).single()).isEqualTo(1500);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM referral WHERE status = 'SUBMITTED'").query(Long.class).single())
                .isEqualTo(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE status = 'REFERRED'").query(Long.class).single())
                .isPositive();
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM referral r JOIN user_account u ON u.id = r.referrer_user_id
                WHERE u.email = 'prescripteur.t6@demo.parcours.test'""").query(Long.class).single()).isPositive();
    }

    @Test
    void everyDiagnosedPersonHasACompletedDiagnosticWithItsPlan() {
        long diagnosed = jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE diagnosed_on IS NOT NULL").query(Long.class).single();
        assertThat(diagnosed).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM diagnostic WHERE status = 'COMPLETED'").query(Long.class).single())
                .isEqualTo(diagnosed);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM recommendation").query(Long.class).single()).isEqualTo(diagnosed * 4);
        // The engine gave varied plans, and the answers can be counted in SQL.
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT computed_value) FROM recommendation WHERE kind = 'EQUIPMENT'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM diagnostic_answer WHERE question_key = 'equipment_owned' AND answer_value = 'none'""")
                .query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM diagnostic d JOIN user_account u ON u.id = d.mediator_id
                WHERE u.email = 'mediation.t6@demo.parcours.test'""").query(Long.class).single()).isPositive();
    }

    @Test
    void datesAreRelativeToTodayInsideAShiftedProgramme() throws Exception {
        LocalDate today = LocalDate.now();
        var programme = programmes.defaultProgramme();
        // The programme file says July 2021; in demo mode today falls inside the programme, its
        // diagnostic deadline ahead, with the call's shape (a year to the deadline, two to the end).
        assertThat(programme.startsOn()).isBefore(today).isAfter(today.minusYears(1));
        assertThat(programme.diagnosticDeadline()).isAfter(today);
        assertThat(programme.startsOn().getDayOfMonth()).isEqualTo(1);
        assertThat(programme.diagnosticDeadline()).isEqualTo(programme.startsOn().plusMonths(12).minusDays(1));
        assertThat(programme.endsOn()).isEqualTo(programme.startsOn().plusMonths(24).minusDays(1));
        // Referrals of the last months, none in the future; the triage inbox waits days, not years.
        OffsetDateTime now = OffsetDateTime.now();
        assertThat(jdbc.sql("SELECT MIN(created_at) FROM referral").query(OffsetDateTime.class).single())
                .isAfter(now.minusMonths(9));
        assertThat(jdbc.sql("SELECT MAX(created_at) FROM referral").query(OffsetDateTime.class).single())
                .isBefore(now).isAfter(now.minusDays(7));
        assertThat(jdbc.sql("SELECT MIN(created_at) FROM referral WHERE status = 'SUBMITTED'")
                .query(OffsetDateTime.class).single()).isAfter(now.minusDays(16));
        assertThat(jdbc.sql("SELECT MAX(occurred_at) FROM referral_transition").query(OffsetDateTime.class).single())
                .isBefore(now.plusDays(1));
        assertThat(jdbc.sql("SELECT MAX(diagnosed_on) FROM beneficiary").query(LocalDate.class).single())
                .isBefore(today);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE diagnosed_on < CAST(created_at AS DATE)")
                .query(Long.class).single()).isZero();
        // The banner says so.
        assertThat(mvc.perform(get("/login")).andReturn().getResponse().getContentAsString())
                .contains("dates du programme décalées");
    }

    @Test
    void theSameSeedGivesTheSamePeople() {
        // Fingerprint of the generated set for seed 20210701: names, birth dates, communes in id order.
        List<String> firstFive = jdbc.sql("""
                SELECT last_name || ' ' || first_name || ' ' || birth_date || ' ' || commune_insee FROM beneficiary
                ORDER BY id LIMIT 5""").query(String.class).list();
        assertThat(firstFive).hasSize(5);
        assertThat(regenerate(5)).isEqualTo(firstFive);
        assertThat(regenerate(50)).isEqualTo(regenerate(50));
    }

    @Autowired org.parcoursnumerique.programme.Programmes programmes;

    /** Runs the generator again with the seed and the organisations of the database, in creation order. */
    private List<String> regenerate(int count) {
        List<DemoDataLoader.Prescriber> prescribers = jdbc.sql("""
                SELECT o.id, o.prescriber_kind FROM organisation o WHERE o.kind = 'PRESCRIBER' ORDER BY o.id""")
                .query((rs, i) -> new DemoDataLoader.Prescriber(rs.getLong("id"), rs.getString("prescriber_kind"),
                        jdbc.sql("""
                                SELECT t.code FROM organisation_territory ot JOIN territory t ON t.id = ot.territory_id
                                WHERE ot.organisation_id = :id ORDER BY t.code""")
                                .param("id", rs.getLong("id")).query(String.class).list()))
                .list();
        long user = jdbc.sql("SELECT id FROM user_account WHERE email = 'prescripteur.t6@demo.parcours.test'")
                .query(Long.class).single();
        long org = jdbc.sql("SELECT organisation_id FROM user_account WHERE id = :id").param("id", user)
                .query(Long.class).single();
        var generator = new DemoPeopleGenerator(20210701L, OffsetDateTime.now(), programmes.defaultProgramme(),
                programmes, prescribers, user, org);
        List<String> people = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            var p = generator.next();
            people.add(p.lastName() + " " + p.firstName() + " " + p.birthDate() + " " + p.communeInsee());
        }
        return people;
    }

    private Map<String, Long> count(String column) {
        Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT CAST(" + column + " AS VARCHAR) AS k, COUNT(*) AS n FROM beneficiary GROUP BY " + column)
                .query((rs, i) -> counts.put(rs.getString("k"), rs.getLong("n"))).list();
        return counts;
    }
}
