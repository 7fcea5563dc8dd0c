package org.parcoursnumerique.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Seeded generated inputs on the registration and result forms: never an error page, never a row
 * that breaks the rules (a score beyond the scale, a code of the wrong shape, a date in the future),
 * and CERTIFIED exactly when a passed result stands.
 */
@IntegrationTest
class CertificationGeneratedInputIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired Pathways pathways;
    @Autowired JdbcClient jdbc;
    @Autowired Organisations organisations;

    private static final String[] PIECES = {"", " ", "-1", "0", "63", "64", "1024", "1025", "99999999999", "abc", "12,5",
            "P-2B3C4D6F", "P-AEIOUAEI", "p-2b3c4d6f", "P-2B3C4D6", "2026-02-30", "31/12/2026", "2999-01-01", "\u0000",
            "\u202e", "x".repeat(700), "PIX", "CLEA_NUMERIQUE", "INCONNU", "PASSED", "FAILED", "YES", "NO", "CPF", "OTHER"};

    private String pick(Random random) {
        return PIECES[random.nextInt(PIECES.length)];
    }

    @Test
    void generatedFormsNeverFailAndNeverWriteAResultOutsideTheRules() throws Exception {
        var p = pathways.person().in("T6").diagnosedFarFromDigital();
        long centre = organisations.create(new Organisations.NewOrganisation(OrganisationKind.CERTIFICATION_CENTRE,
                TestData.unique("Centre généré"), null, null, false, null, null, null, null, List.of()));
        Random random = new Random(20261201L);
        String yesterday = LocalDate.now().minusDays(1).toString();
        for (int i = 0; i < 40; i++) {
            int status = mvc.perform(post("/beneficiaries/" + p.personId() + "/certifications").with(csrf())
                            .with(p.mediator().login())
                            .param("kind", random.nextBoolean() ? "PIX" : pick(random))
                            .param("centre", random.nextBoolean() ? String.valueOf(centre) : pick(random))
                            .param("sessionDate", random.nextBoolean() ? yesterday : pick(random))
                            .param("funding", random.nextBoolean() ? "CPF" : pick(random))
                            .param("cost", pick(random)))
                    .andReturn().getResponse().getStatus();
            assertThat(status).isEqualTo(302);
        }
        // Two valid registrations at least, whose results the generated result forms then hit.
        for (String kind : List.of("PIX", "CLEA_NUMERIQUE")) {
            mvc.perform(post("/beneficiaries/" + p.personId() + "/certifications").with(csrf()).with(p.mediator().login())
                    .param("kind", kind).param("centre", String.valueOf(centre)).param("sessionDate", yesterday)
                    .param("funding", "CPF").param("cost", "45"));
        }
        List<Long> registrations = jdbc.sql("SELECT id FROM certification_registration WHERE beneficiary_id = :p")
                .param("p", p.personId()).query(Long.class).list();
        assertThat(registrations).isNotEmpty();
        for (int i = 0; i < 60; i++) {
            long reg = registrations.get(random.nextInt(registrations.size()));
            int version = jdbc.sql("SELECT version FROM certification_registration WHERE id = :id").param("id", reg)
                    .query(Integer.class).single();
            var request = post("/certifications/" + reg + "/result").with(csrf()).with(p.mediator().login())
                    .param("version", random.nextInt(5) == 0 ? pick(random) : String.valueOf(version))
                    .param("score", pick(random)).param("outcome", pick(random))
                    .param("resultOn", random.nextBoolean() ? yesterday : pick(random))
                    .param("verificationCode", pick(random)).param("note", pick(random))
                    .param("c_1.1", pick(random)).param("c_C1", pick(random));
            int status = mvc.perform(request).andReturn().getResponse().getStatus();
            assertThat(status).as("result form %d", i).isEqualTo(302);
        }
        var rows = jdbc.sql("""
                SELECT kind_code, status, score, level, verification_code, result_on, cost_cents
                FROM certification_registration WHERE beneficiary_id = :p""").param("p", p.personId()).query().listOfRows();
        boolean passed = false;
        for (var r : rows) {
            assertThat((Long) r.get("cost_cents")).isBetween(0L, Certifications.COST_MAX_CENTS);
            if (r.get("score") != null) {
                assertThat((Integer) r.get("score")).isBetween(0, 1024);
                assertThat(((Integer) r.get("score") >= 64) == "PASSED".equals(r.get("status"))).isTrue();
            }
            if (r.get("verification_code") != null && "PIX".equals(r.get("kind_code"))) {
                assertThat((String) r.get("verification_code")).matches("^P-[2346789BCDFGHJKMPQRTVWXY]{8}$");
            }
            if (r.get("result_on") != null) {
                assertThat(((java.sql.Date) r.get("result_on")).toLocalDate()).isBeforeOrEqualTo(LocalDate.now());
            }
            passed |= "PASSED".equals(r.get("status"));
        }
        boolean certified = jdbc.sql("SELECT COUNT(*) FROM milestone WHERE beneficiary_id = :p AND code = 'CERTIFIED'")
                .param("p", p.personId()).query(Long.class).single() > 0;
        assertThat(certified).isEqualTo(passed);
    }
}
