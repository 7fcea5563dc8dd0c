package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The referrals list and the triage inbox: pages with a true total, filters, the queue order, acceptance. */
@IntegrationTest
class ReferralListsIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Referrals referrals;

    /** Names are letters only: "Liste" and two letters from the number. */
    private static String name(int i) {
        return "Liste" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
    }

    private long refer(TestData.TestUser prescriber, String lastName, String category, LocalDate birthDate,
                       String commune) {
        var submission = referrals.submit(new NewReferral(lastName, "Test", birthDate, commune, category, null, null,
                null, null, null, null, true, null, null), new Referrals.Submitter(prescriber.organisationId(),
                prescriber.id(), prescriber.email(), Referrals.Source.CSV));
        assertThat(submission.problems()).isEmpty();
        return submission.referralId();
    }

    private void sentOn(long referralId, OffsetDateTime at) {
        jdbc.sql("UPDATE referral SET created_at = :at WHERE id = :id").param("at", at).param("id", referralId).update();
    }

    private String page(TestData.TestUser user, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(user.login())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private static int rows(String html) {
        Matcher m = Pattern.compile("<a href=\"/referrals/\\d+\">").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theReferralsListIsPagedWithATrueTotalAndItsFiltersStayInThePageLinks() throws Exception {
        var prescriber = data.prescriberUser("T6");
        int count = 205;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(refer(prescriber, name(i), "RSA", LocalDate.of(1980, 1, 1), "Saint-Denis"));
        }
        for (int i = 0; i < 5; i++) {
            sentOn(ids.get(i), OffsetDateTime.of(2025, 1, 10 + i, 10, 0, 0, 0, ZoneOffset.UTC));
        }

        String first = page(prescriber, get("/referrals"));
        assertThat(first).contains("205 orientations").contains("lignes 1 à 50")
                .contains("<nav class=\"pagination-nav\" aria-label=\"Pages\">")
                .contains("href=\"/referrals?page=1\" aria-current=\"page\"")
                .contains("href=\"/referrals?page=5\"");
        assertThat(rows(first)).isEqualTo(50);
        String last = page(prescriber, get("/referrals").param("page", "5"));
        assertThat(rows(last)).isEqualTo(5);
        assertThat(last).contains("lignes 201 à 205");
        // Out of range or not a number: the nearest page, never an error nor an empty page.
        assertThat(page(prescriber, get("/referrals").param("page", "99")))
                .contains("href=\"/referrals?page=5\" aria-current=\"page\"").contains("lignes 201 à 205");
        assertThat(page(prescriber, get("/referrals").param("page", "-3"))).contains("lignes 1 à 50");
        assertThat(page(prescriber, get("/referrals").param("page", "%%"))).contains("lignes 1 à 50");

        String filtered = page(prescriber, get("/referrals").param("status", "SUBMITTED").param("page", "2"));
        assertThat(filtered).contains("href=\"/referrals?status=SUBMITTED&amp;page=3\"")
                .contains("href=\"/referrals?status=SUBMITTED&amp;page=1\"");
        String january = page(prescriber, get("/referrals").param("from", "2025-01-01").param("to", "31/01/2025"));
        assertThat(january).contains("5 orientations").doesNotContain("aria-label=\"Pages\"");
        assertThat(rows(january)).isEqualTo(5);
        assertThat(page(prescriber, get("/referrals").param("from", "2025-01-12").param("to", "2025-01-12")))
                .containsPattern("\\s1 orientation\\s").contains(name(2));

        // Bad filters are ignored with a message, never a 500.
        assertThat(page(prescriber, get("/referrals").param("from", "31/02/2025")))
                .contains("La date «\u00a0Envoyées depuis le\u00a0» n’est pas une date valide").contains("205 orientations");
        assertThat(page(prescriber, get("/referrals").param("from", "2025-02-01").param("to", "2025-01-01")))
                .contains("la première date est après la seconde").contains("205 orientations");
        assertThat(page(prescriber, get("/referrals").param("status", "NOPE").param("territory", "x")
                .param("organisation", "999999999999999999999"))).contains("205 orientations");
    }

    @Test
    void theTriageInboxIsAQueueOldestFirstWithCommunePublicAgeAndFilters() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long oldest = refer(prescriber, "Ancienne", "LONG_TERM_JOBSEEKER", LocalDate.now().minusYears(52).minusDays(3),
                "Saint-Denis");
        long middle = refer(prescriber, "Moyenne", "RSA", LocalDate.of(1980, 1, 1), "Stains");
        long newest = refer(prescriber, "Recente", "LONG_TERM_JOBSEEKER", LocalDate.of(1990, 1, 1), "Saint-Denis");
        sentOn(oldest, OffsetDateTime.now().minusDays(20));
        sentOn(middle, OffsetDateTime.now().minusDays(10));
        sentOn(newest, OffsetDateTime.now().minusDays(1));
        String org = String.valueOf(prescriber.organisationId());

        String inbox = page(coordinator, get("/triage").param("organisation", org));
        assertThat(inbox).contains("3 orientations en attente").contains("Saint-Denis").contains("Stains")
                .contains("Demandeur d’emploi de longue durée").contains("52 ans").contains("jours ouvrés d’attente");
        assertThat(inbox.indexOf("Ancienne")).isLessThan(inbox.indexOf("Moyenne"));
        assertThat(inbox.indexOf("Moyenne")).isLessThan(inbox.indexOf("Recente"));
        String newestFirst = page(coordinator, get("/triage").param("organisation", org).param("sort", "newest"));
        assertThat(newestFirst.indexOf("Recente")).isLessThan(newestFirst.indexOf("Ancienne"));

        String byPublic = page(coordinator, get("/triage").param("organisation", org)
                .param("category", "LONG_TERM_JOBSEEKER"));
        assertThat(byPublic).contains("2 orientations en attente").contains("Ancienne").doesNotContain("Moyenne");
        String byCommune = page(coordinator, get("/triage").param("organisation", org).param("commune", "93072"));
        assertThat(byCommune).contains("1 orientation en attente").contains("Moyenne").doesNotContain("Recente");
        // Unknown values are ignored rather than refused.
        assertThat(page(coordinator, get("/triage").param("organisation", org).param("category", "<b>")
                .param("commune", "75056").param("sort", "zzz").param("page", "abc")))
                .contains("3 orientations en attente");
    }

    @Test
    void theTriageInboxIsNotCutAtFiveHundred() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        for (int i = 0; i < 60; i++) {
            refer(prescriber, name(i), "SIAE_EMPLOYEE", LocalDate.of(1985, 5, 5), "Saint-Denis");
        }
        String org = String.valueOf(prescriber.organisationId());
        String second = page(coordinator, get("/triage").param("organisation", org).param("page", "2"));
        assertThat(second).contains("60 orientations en attente").contains("lignes 51 à 60")
                .contains("href=\"/triage?organisation=" + org + "&amp;page=1\"");
        assertThat(rows(second)).isEqualTo(10);
    }

    @Test
    void aWrongStructureOrMediatorComesBackToTheSameFormWithTheChoiceKept() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long structureA = data.consortiumMember("T6");
        long structureB = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structureA);
        var mediatorA = data.user(Role.MEDIATOR, structureA);
        var mediatorB = data.user(Role.MEDIATOR, structureB);
        long consortium = jdbc.sql("SELECT consortium_id FROM organisation WHERE id = :id").param("id", structureA)
                .query(Long.class).single();
        long id = refer(prescriber, "Choix", "RSA", LocalDate.of(1980, 1, 1), "Saint-Denis");

        jdbc.sql("UPDATE user_account SET digital_advisor = TRUE WHERE id = :id").param("id", mediatorB.id()).update();
        String form = page(coordinator, get("/referrals/" + id));
        // A conseiller numérique is said so in the choice of the person who accompanies.
        assertThat(form).containsPattern("<option value=\"" + mediatorB.id() + "\"[^>]*>[^<]+ \\(conseiller numérique\\)</option>");
        // Structures that accompany people, and their people grouped under each.
        String structures = form.substring(form.indexOf("id=\"structureId\""), form.indexOf("id=\"mediatorId\""));
        assertThat(structures).contains("<option value=\"" + structureA + "\"")
                .doesNotContain("<option value=\"" + consortium + "\"");
        assertThat(form).containsPattern("<optgroup label=\"[^\"]+\" data-structure=\"" + structureB + "\">\\s*<option value=\""
                        + mediatorB.id() + "\"");

        String page = refusedChoice(coordinator, id, String.valueOf(structureA), String.valueOf(mediatorB.id()));
        assertThat(page).contains("Cette personne ne travaille pas dans la structure choisie")
                .contains("<option value=\"" + structureA + "\" selected")
                .contains("<option value=\"" + mediatorB.id() + "\" selected")
                .contains("id=\"mediatorId-error\"");
        assertThat(refusedChoice(coordinator, id, String.valueOf(consortium), String.valueOf(mediatorA.id())))
                .contains("Cette structure ne peut pas recevoir la personne").contains("id=\"structureId-error\"");
        assertThat(refusedChoice(coordinator, id, String.valueOf(structureA), ""))
                .contains("Choisissez la personne qui accompagnera");
        assertThat(refusedChoice(coordinator, id, "abc", String.valueOf(mediatorA.id())))
                .contains("Choisissez la structure qui accompagnera");
        assertThat(jdbc.sql("SELECT status FROM referral WHERE id = :id").param("id", id).query(String.class).single())
                .isEqualTo("SUBMITTED");

        mvc.perform(post("/referrals/" + id + "/accept").with(csrf()).with(coordinator.login())
                        .param("structureId", String.valueOf(structureA)).param("mediatorId", String.valueOf(mediatorA.id())))
                .andExpect(status().isFound());
        long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", id)
                .query(Long.class).single();
        assertThat(page(coordinator, get("/referrals/" + id)))
                .contains("href=\"/beneficiaries/" + person + "/appointments/new\">Donner un rendez-vous</a>")
                .contains("href=\"/beneficiaries/" + person + "\"");
        // Reassigning follows the same rule, on the same form.
        assertThat(refusedChoice(coordinator, id, "reassign", String.valueOf(structureB), String.valueOf(mediatorA.id())))
                .contains("Cette personne ne travaille pas dans la structure choisie");
    }

    private String refusedChoice(TestData.TestUser coordinator, long id, String structure, String mediator)
            throws Exception {
        return refusedChoice(coordinator, id, "accept", structure, mediator);
    }

    private String refusedChoice(TestData.TestUser coordinator, long id, String action, String structure,
                                 String mediator) throws Exception {
        MvcResult result = mvc.perform(post("/referrals/" + id + "/" + action).with(csrf()).with(coordinator.login())
                        .param("structureId", structure).param("mediatorId", mediator))
                .andExpect(status().isFound()).andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/referrals/" + id + "#assignment");
        return mvc.perform(get("/referrals/" + id).with(coordinator.login()).with(org.parcoursnumerique.support.Flashes.of(result.getFlashMap())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }
}
