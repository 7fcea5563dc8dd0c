package org.parcoursnumerique.mediator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.referral.NewReferral;
import org.parcoursnumerique.referral.Referrals;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.HandOffsDelivered;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class MyPeopleIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Referrals referrals;

    TestData.TestUser coordinator;
    TestData.TestUser mediator;
    TestData.TestUser prescriber;
    long structure;

    @BeforeEach
    void situation() {
        structure = data.consortiumMember("T6");
        coordinator = data.user(Role.COORDINATOR, structure);
        mediator = data.user(Role.MEDIATOR, structure);
        prescriber = data.prescriberUser("T6");
    }

    /** A person referred by the prescriber whose referral the coordinator accepts for {@code to}; returns the person. */
    private long entrusted(String lastName, TestData.TestUser to) throws Exception {
        var submission = referrals.submit(new NewReferral(lastName, "Personne", LocalDate.of(1980, 1, 1), "93066",
                        "LONG_TERM_JOBSEEKER", null, null, null, null, null, null, true, true, false),
                new Referrals.Submitter(prescriber.organisationId(), prescriber.id(), prescriber.email(),
                        Referrals.Source.WEB));
        assertThat(submission.problems()).isEmpty();
        mvc.perform(post("/referrals/" + submission.referralId() + "/accept").with(csrf()).with(coordinator.login())
                        .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(to.id())))
                .andExpect(status().isFound());
        return jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", submission.referralId())
                .query(Long.class).single();
    }

    private long appointment(long person, TestData.TestUser with, String status, OffsetDateTime start) {
        jdbc.sql("""
                INSERT INTO appointment (beneficiary_id, territory_id, referring_organisation_id, starts_at, structure_id,
                    mediator_id, status, created_at, updated_at)
                SELECT b.id, b.territory_id, b.referring_organisation_id, :start, :structure, :mediator, :status,
                       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                FROM beneficiary b WHERE b.id = :person""")
                .param("start", start).param("structure", structure).param("mediator", with.id())
                .param("status", status).param("person", person).update();
        return jdbc.sql("SELECT MAX(id) FROM appointment").query(Long.class).single();
    }

    private long draft(long person, TestData.TestUser by) {
        jdbc.sql("""
                INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id, mediator_id,
                    status, started_at, updated_at)
                SELECT b.id, b.territory_id, b.referring_organisation_id,
                       (SELECT MIN(r.id) FROM diagnostic_referential r WHERE r.status = 'PUBLISHED'), :by, 'DRAFT',
                       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                FROM beneficiary b WHERE b.id = :person""")
                .param("by", by.id()).param("person", person).update();
        return jdbc.sql("SELECT MAX(id) FROM diagnostic").query(Long.class).single();
    }

    private List<String> mailsTo(String email) {
        // Coordinators are also told of new referrals to triage: only the assignment e-mails count here.
        // The e-mail is queued after the triage decision is committed (ADR 0021).
        HandOffsDelivered.await(jdbc);
        return jdbc.sql("""
                SELECT body FROM outbox_message WHERE recipient = :to AND subject = 'Une personne vous a été confiée'
                ORDER BY id""")
                .param("to", email).query(String.class).list();
    }

    private String page(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void theMediatorIsEmailedALinkWithoutPersonalDataWhenAPersonIsEntrustedToThem() throws Exception {
        long person = entrusted("Zyrkowska", mediator);
        assertThat(mailsTo(mediator.email())).singleElement().satisfies(body -> assertThat(body)
                .contains("Une personne vous a été confiée : http://parcours.test/beneficiaries/" + person)
                .contains("http://parcours.test/my-people").doesNotContain("Zyrkowska").doesNotContain("Personne "));

        // Reassigned to a colleague: the colleague is told; the coordinator who keeps a person is not.
        var colleague = data.user(Role.MEDIATOR, structure);
        long referral = jdbc.sql("SELECT id FROM referral WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).single();
        mvc.perform(post("/referrals/" + referral + "/reassign").with(csrf()).with(coordinator.login())
                        .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(colleague.id())))
                .andExpect(status().isFound());
        assertThat(mailsTo(colleague.email())).hasSize(1);
        mvc.perform(post("/referrals/" + referral + "/reassign").with(csrf()).with(coordinator.login())
                        .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(colleague.id())))
                .andExpect(status().isFound());
        assertThat(mailsTo(colleague.email())).hasSize(1);
        entrusted("Gardé", coordinator);
        assertThat(mailsTo(coordinator.email())).isEmpty();
        assertThat(mailsTo(mediator.email())).hasSize(1);
    }

    @Test
    void myPeopleSortsTheMediatorsPeopleByWhatToDoNext() throws Exception {
        long fresh = entrusted("Nouvelle", mediator);
        long missed = entrusted("Absente", mediator);
        long missedAppointment = appointment(missed, mediator, "NO_SHOW", OffsetDateTime.now().minusDays(2));
        long today = entrusted("Aujourdhui", mediator);
        appointment(today, mediator, "SCHEDULED", OffsetDateTime.now().minusMinutes(10));
        long coming = entrusted("Prochaine", mediator);
        appointment(coming, mediator, "SCHEDULED", OffsetDateTime.now().plusDays(5));
        long came = entrusted("Venue", mediator);
        appointment(came, mediator, "ATTENDED", OffsetDateTime.now().minusDays(1));
        long started = entrusted("Commencee", mediator);
        long draft = draft(started, mediator);
        var colleague = data.user(Role.MEDIATOR, structure);
        long others = entrusted("Collegue", colleague);
        long elsewhere = data.beneficiary().livingIn("93048", "T8").withStatus("ACCEPTED").create();
        appointment(elsewhere, mediator, "SCHEDULED", OffsetDateTime.now().plusDays(3));

        String page = page(get("/my-people").with(mediator.login()));
        assertThat(page).contains("<h1>Mes personnes</h1>")
                .contains("Nouvelles personnes confiées").contains("En attente d’un rendez-vous")
                .contains("Rendez-vous du jour").contains("Prochains rendez-vous")
                .contains("Diagnostics à commencer ou à finir")
                .contains("href=\"/beneficiaries/" + fresh + "/appointments/new\"")
                .contains("href=\"/appointments/" + missedAppointment + "/reinvite\"")
                .contains("Absente au dernier rendez-vous")
                .contains("href=\"/beneficiaries/" + today + "#appointments\"")
                .contains("Noter si la personne est venue")
                .contains("href=\"/beneficiaries/" + coming + "#appointments\"")
                .contains("action=\"/beneficiaries/" + came + "/diagnostics\"")
                .contains("href=\"/diagnostics/" + draft + "\"")
                .doesNotContain("/beneficiaries/" + others + "\"")
                .doesNotContain("/beneficiaries/" + elsewhere + "\"");
        // Groups in the order of the day: today's appointments first, coming ones last.
        assertThat(page.indexOf("Rendez-vous du jour")).isLessThan(page.indexOf("Nouvelles personnes confiées"));
        assertThat(page.indexOf("/beneficiaries/" + today + "#")).isLessThan(page.indexOf("/beneficiaries/" + fresh + "/"));
        assertThat(page.indexOf("/beneficiaries/" + came + "/diagnostics"))
                .isLessThan(page.indexOf("/beneficiaries/" + coming + "#"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE user_id = :u AND action = 'LIST' AND details LIKE 'my people%'")
                .param("u", mediator.id()).query(Long.class).single()).isEqualTo(1);

        // The coordinator opens the mediator's list, or their own (empty); never another territory's.
        String coordinators = page(get("/my-people").param("mediator", String.valueOf(mediator.id())).with(coordinator.login()));
        assertThat(coordinators).contains("Les personnes d").contains("/diagnostics/" + draft)
                .contains("<select id=\"mediator\" name=\"mediator\">");
        assertThat(page(get("/my-people").with(coordinator.login()))).doesNotContain("/beneficiaries/" + fresh + "\"");
        var t8Mediator = data.consortiumStaff(Role.MEDIATOR, "T8");
        mvc.perform(get("/my-people").param("mediator", String.valueOf(t8Mediator.id())).with(coordinator.login()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/my-people").param("mediator", String.valueOf(colleague.id())).with(mediator.login()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/my-people").param("mediator", "abc").with(coordinator.login()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/my-people").with(prescriber.login())).andExpect(status().isNotFound());
        mvc.perform(get("/my-people").with(data.programmeManager().login())).andExpect(status().isNotFound());
        assertThat(page(get("/my-people").with(t8Mediator.login()))).doesNotContain("/beneficiaries/" + fresh + "\"");
    }

    @Test
    void thePersonsPageLeadsWithTheNextStepThatFollowsTheirState() throws Exception {
        long person = entrusted("Etape", mediator);
        assertThat(page(get("/beneficiaries/" + person).with(mediator.login()))).contains("Prochaine étape")
                .contains("<a class=\"button\" href=\"/beneficiaries/" + person + "/appointments/new\"><span class=\"visually-hidden\">Prochaine étape\u00a0: </span>Donner un rendez-vous</a>");
        long a = appointment(person, mediator, "SCHEDULED", OffsetDateTime.now().plusDays(2));
        assertThat(page(get("/beneficiaries/" + person).with(mediator.login()))).contains("Rendez-vous prévu le")
                .contains("Voir le rendez-vous");
        jdbc.sql("UPDATE appointment SET status = 'ATTENDED' WHERE id = :id").param("id", a).update();
        String attended = page(get("/beneficiaries/" + person).with(mediator.login()));
        assertThat(attended).contains("action=\"/beneficiaries/" + person + "/diagnostics\"")
                .contains("Commencer le diagnostic").doesNotContain("Donner un rendez-vous");
        long d = draft(person, mediator);
        assertThat(page(get("/beneficiaries/" + person).with(mediator.login())))
                .contains("<a class=\"button\" href=\"/diagnostics/" + d + "\"><span class=\"visually-hidden\">Prochaine étape\u00a0: </span>Reprendre le diagnostic</a>");
        jdbc.sql("UPDATE diagnostic SET status = 'COMPLETED', completed_at = CURRENT_TIMESTAMP WHERE id = :id")
                .param("id", d).update();
        jdbc.sql("UPDATE beneficiary SET status = 'DIAGNOSED' WHERE id = :id").param("id", person).update();
        assertThat(page(get("/beneficiaries/" + person).with(mediator.login())))
                .contains("Voir le diagnostic et le plan").doesNotContain("Donner un rendez-vous")
                .doesNotContain("Commencer le diagnostic</button>");
        // The prescriber sees no next step.
        assertThat(page(get("/beneficiaries/" + person).with(prescriber.login()))).doesNotContain("Prochaine étape");
    }
}
