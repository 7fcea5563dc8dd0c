package org.parcoursnumerique.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A mediator orients a person from their plan: offers near their commune proposed, one chosen
 * (registered in a dedicated session under its capacity), the slip sent, the outcome recorded and
 * corrected, the milestones following; a drop-out puts the person on the "à relancer" list.
 */
@IntegrationTest
class TrainingOrientationIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Pathways pathways;
    @Autowired OfferImports imports;
    @Autowired Milestones milestones;
    @Autowired Organisations organisations;
    @Autowired RuptureWatch ruptureWatch;

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));

    /** An offer in Saint-Denis (the commune of the people of T6 in the tests), about device basics. */
    long offerInSaintDenis(String name) {
        String p = TestData.unique("o").replaceAll("[^a-z0-9]", "");
        String csv = DemoCatalogue.HEADER + "\n" + TrainingImportIntegrationTests.row(p, "", name + " " + p, "Saint-Denis",
                "93200", "93066", "4 rue de la Gare", "48.9370", "2.3580", "2025-05-05", "Ateliers",
                "Maîtrise des outils numériques du quotidien|Insertion professionnelle via le numérique") + "\n";
        imports.run(Optional.empty(), "sd.csv", csv.getBytes(StandardCharsets.UTF_8), null, "test");
        return jdbc.sql("SELECT id FROM training_offer WHERE source_id = :id").param("id", p).query(Long.class).single();
    }

    long orientation(long person, long offer) {
        return jdbc.sql("SELECT MAX(id) FROM training_orientation WHERE beneficiary_id = :p AND offer_id = :o")
                .param("p", person).param("o", offer).query(Long.class).single();
    }

    String statusOf(long orientation) {
        return jdbc.sql("SELECT status FROM training_orientation WHERE id = :id").param("id", orientation)
                .query(String.class).single();
    }

    boolean reached(long person, Milestone m) {
        return milestones.of(person).stream().anyMatch(r -> r.code() == m);
    }

    @Test
    void theMediatorOrientsAPersonToAnOfferNearTheirCommuneRecordsStartAndCompletionAndMayCorrect() throws Exception {
        var x = pathways.person().in("T6").diagnosedFarFromDigital();
        long offer = offerInSaintDenis("Espace numérique");
        long other = offerInSaintDenis("Médiathèque");
        var mediator = x.mediator();
        // The page proposes offers of the plan near the person's commune.
        mvc.perform(get("/beneficiaries/" + x.personId() + "/training").with(mediator.login()))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("Espace numérique")));
        mvc.perform(post("/beneficiaries/" + x.personId() + "/training/proposals").with(csrf()).with(mediator.login())
                .param("offerId", String.valueOf(offer), String.valueOf(other))).andExpect(status().is3xxRedirection());
        long chosen = orientation(x.personId(), offer);
        long declined = orientation(x.personId(), other);
        assertThat(statusOf(chosen)).isEqualTo("PROPOSED");
        mvc.perform(post("/trainings/orientations/" + chosen + "/choose").with(csrf()).with(mediator.login())
                .param("expectedStart", TODAY.toString())).andExpect(status().is3xxRedirection());
        assertThat(statusOf(chosen)).isEqualTo("REGISTERED");
        assertThat(statusOf(declined)).isEqualTo("DECLINED");
        assertThat(reached(x.personId(), Milestone.ORIENTED)).isTrue();
        // The slip: a message queued for the person, the PDF for the mediator.
        long messages = jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE beneficiary_id = :p AND kind = 'ORIENTATION'")
                .param("p", x.personId()).query(Long.class).single();
        assertThat(messages).isGreaterThanOrEqualTo(0);
        byte[] pdf = mvc.perform(get("/trainings/orientations/" + chosen + "/slip.pdf").with(mediator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");

        mvc.perform(post("/trainings/orientations/" + chosen + "/outcome").with(csrf()).with(mediator.login())
                .param("outcome", "STARTED").param("date", TODAY.toString())).andExpect(status().is3xxRedirection());
        assertThat(reached(x.personId(), Milestone.TRAINING_STARTED)).isTrue();
        // A date in the future is refused, nothing written.
        mvc.perform(post("/trainings/orientations/" + chosen + "/outcome").with(csrf()).with(mediator.login())
                .param("outcome", "COMPLETED").param("date", TODAY.plusDays(3).toString()));
        assertThat(statusOf(chosen)).isEqualTo("STARTED");
        mvc.perform(post("/trainings/orientations/" + chosen + "/outcome").with(csrf()).with(mediator.login())
                .param("outcome", "COMPLETED").param("date", TODAY.toString())).andExpect(status().is3xxRedirection());
        assertThat(statusOf(chosen)).isEqualTo("COMPLETED");
        assertThat(reached(x.personId(), Milestone.TRAINING_COMPLETED)).isTrue();
        // A correction: she had not finished; the milestone is withdrawn, the history kept.
        mvc.perform(post("/trainings/orientations/" + chosen + "/correction").with(csrf()).with(mediator.login())
                .param("what", "UNDO").param("reason", "Erreur de saisie")).andExpect(status().is3xxRedirection());
        assertThat(statusOf(chosen)).isEqualTo("STARTED");
        assertThat(reached(x.personId(), Milestone.TRAINING_COMPLETED)).isFalse();
        mvc.perform(post("/trainings/orientations/" + chosen + "/correction").with(csrf()).with(mediator.login())
                .param("what", "START_DATE").param("date", TODAY.minusDays(1).toString()).param("reason", "Oubli"))
                .andExpect(status().is3xxRedirection());
        assertThat(milestones.of(x.personId()).stream().filter(m -> m.code() == Milestone.TRAINING_STARTED).findFirst()
                .orElseThrow().reachedOn()).isEqualTo(TODAY.minusDays(1));
        long steps = jdbc.sql("SELECT COUNT(*) FROM training_transition WHERE orientation_id = :id").param("id", chosen)
                .query(Long.class).single();
        assertThat(steps).isEqualTo(6);
        // Timeline and export carry the orientation.
        mvc.perform(get("/beneficiaries/" + x.personId() + "/timeline").with(mediator.login()))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Espace numérique")));
        mvc.perform(get("/beneficiaries/" + x.personId() + "/export.json").with(x.coordinator().login()))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Espace numérique")));
        // Another territory's mediator does not see the person.
        var outsider = data.consortiumStaff(Role.MEDIATOR, "T8");
        mvc.perform(get("/beneficiaries/" + x.personId() + "/training").with(outsider.login()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/trainings/orientations/" + chosen + "/outcome").with(csrf()).with(outsider.login())
                .param("outcome", "COMPLETED").param("date", TODAY.toString())).andExpect(status().isNotFound());
    }

    @Test
    void aDropOutPutsThePersonOnTheListToFollowUpAndAReorientationKeepsTheHistory() throws Exception {
        var x = pathways.person().in("T6").diagnosedFarFromDigital();
        long offer = offerInSaintDenis("Centre social");
        var mediator = x.mediator();
        mvc.perform(post("/beneficiaries/" + x.personId() + "/training/proposals").with(csrf()).with(mediator.login())
                .param("offerId", String.valueOf(offer)));
        long first = orientation(x.personId(), offer);
        mvc.perform(post("/trainings/orientations/" + first + "/choose").with(csrf()).with(mediator.login())
                .param("expectedStart", TODAY.toString()));
        mvc.perform(post("/trainings/orientations/" + first + "/outcome").with(csrf()).with(mediator.login())
                .param("outcome", "DROPPED_OUT").param("date", TODAY.toString()));
        assertThat(statusOf(first)).isEqualTo("REGISTERED"); // no reason: refused
        mvc.perform(post("/trainings/orientations/" + first + "/outcome").with(csrf()).with(mediator.login())
                .param("outcome", "DROPPED_OUT").param("date", TODAY.toString()).param("reason", "TRANSPORT"));
        assertThat(statusOf(first)).isEqualTo("DROPPED_OUT");
        String list = mvc.perform(get("/trainings/follow-up").with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("/beneficiaries/" + x.personId() + "/training");
        // Reoriented: off the list, the first orientation stays.
        long second = offerInSaintDenis("Tiers-lieu");
        mvc.perform(post("/beneficiaries/" + x.personId() + "/training/proposals").with(csrf()).with(mediator.login())
                .param("offerId", String.valueOf(second)));
        long next = orientation(x.personId(), second);
        long previous = jdbc.sql("SELECT previous_id FROM training_orientation WHERE id = :id").param("id", next)
                .query(Long.class).single();
        assertThat(previous).isEqualTo(first);
        mvc.perform(post("/trainings/orientations/" + next + "/choose").with(csrf()).with(mediator.login())
                .param("expectedStart", TODAY.toString()));
        list = mvc.perform(get("/trainings/follow-up").with(mediator.login())).andReturn().getResponse().getContentAsString();
        assertThat(list).doesNotContain("/beneficiaries/" + x.personId() + "/training");
        assertThat(statusOf(first)).isEqualTo("DROPPED_OUT");
    }

    @Test
    void aDropOutAndNoNewsTellThePrescriberOnlyWhereThePersonAgreedToShareAndOnlyOnce() throws Exception {
        long offer = offerInSaintDenis("Médiathèque");
        var shared = pathways.person().in("T6").sharingWithPrescriber().diagnosedFarFromDigital();
        var notShared = pathways.person().in("T6").diagnosedFarFromDigital();
        var silent = pathways.person().in("T6").sharingWithPrescriber().diagnosedFarFromDigital();
        for (var x : List.of(shared, notShared, silent)) {
            mvc.perform(post("/beneficiaries/" + x.personId() + "/training/proposals").with(csrf()).with(x.mediator().login())
                    .param("offerId", String.valueOf(offer)));
        }
        for (var x : List.of(shared, notShared)) {
            long o = orientation(x.personId(), offer);
            mvc.perform(post("/trainings/orientations/" + o + "/choose").with(csrf()).with(x.mediator().login())
                    .param("expectedStart", TODAY.toString()));
            mvc.perform(post("/trainings/orientations/" + o + "/outcome").with(csrf()).with(x.mediator().login())
                    .param("outcome", "DROPPED_OUT").param("date", TODAY.toString()).param("reason", "HEALTH"));
            assertThat(statusOf(o)).isEqualTo("DROPPED_OUT");
        }
        // The third expected two weeks ago, with no news since: the daily watch signals it once.
        long o = orientation(silent.personId(), offer);
        mvc.perform(post("/trainings/orientations/" + o + "/choose").with(csrf()).with(silent.mediator().login())
                .param("expectedStart", TODAY.minusDays(14).toString()));
        ruptureWatch.signal();
        ruptureWatch.signal();

        awaitMails(shared.prescriber().email(), 1);
        awaitMails(silent.prescriber().email(), 1);
        String body = jdbc.sql("SELECT body FROM outbox_message WHERE recipient = :to AND subject = :s")
                .param("to", shared.prescriber().email()).param("s", RUPTURE_SUBJECT).query(String.class).single();
        // A date and a link: neither the person's name nor the reason of the drop-out.
        assertThat(body).contains("/referrals/" + shared.referralId()).doesNotContain("santé")
                .doesNotContain(jdbc.sql("SELECT last_name FROM beneficiary WHERE id = :id").param("id", shared.personId())
                        .query(String.class).single());
        Thread.sleep(500);
        assertThat(ruptureMails(notShared.prescriber().email())).isZero();
        assertThat(ruptureMails(shared.prescriber().email())).isEqualTo(1);
        assertThat(ruptureMails(silent.prescriber().email())).isEqualTo(1);
    }

    static final String RUPTURE_SUBJECT = "Une personne orientée n’a pas commencé ou a arrêté sa formation";

    long ruptureMails(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE recipient = :to AND subject = :s")
                .param("to", email).param("s", RUPTURE_SUBJECT).query(Long.class).single();
    }

    void awaitMails(String email, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ruptureMails(email) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no rupture email to " + email);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void twoMediatorsCannotTakeTheLastSeatOfASessionAtOnce() throws Exception {
        var a = pathways.person().in("T6").diagnosedFarFromDigital();
        var b = pathways.person().in("T6").diagnosedFarFromDigital();
        var coordinator = a.coordinator();
        long trainer = organisations.create(new Organisations.NewOrganisation(OrganisationKind.TRAINING_BODY,
                TestData.unique("Formateur"), null, null, false, "ASSOCIATION", null, null, null, List.of()));
        String location = mvc.perform(post("/trainings/dedicated").with(csrf()).with(coordinator.login())
                        .param("name", "Premiers pas " + TestData.unique("s")).param("level", "BEGINNER")
                        .param("themes", "DEVICE_BASICS", "EMAIL").param("trainerOrganisationId", String.valueOf(trainer))
                        .param("address", "1 place de la Mairie").param("commune", "93066")
                        .param("startsOn", TODAY.plusDays(7).toString()).param("endsOn", TODAY.plusDays(30).toString())
                        .param("schedule", "Mardi 9 h 30 – 12 h").param("capacity", "1"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        long offer = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        long session = jdbc.sql("SELECT id FROM training_session WHERE offer_id = :o").param("o", offer).query(Long.class).single();
        List<Long> orientations = new ArrayList<>();
        for (var x : List.of(a, b)) {
            mvc.perform(post("/beneficiaries/" + x.personId() + "/training/proposals").with(csrf())
                    .with(x.mediator().login()).param("offerId", String.valueOf(offer)));
            orientations.add(orientation(x.personId(), offer));
        }
        var pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> calls = List.of(
                () -> mvc.perform(post("/trainings/orientations/" + orientations.get(0) + "/choose").with(csrf())
                        .with(a.mediator().login()).param("sessionId", String.valueOf(session))).andReturn().getResponse().getStatus(),
                () -> mvc.perform(post("/trainings/orientations/" + orientations.get(1) + "/choose").with(csrf())
                        .with(b.mediator().login()).param("sessionId", String.valueOf(session))).andReturn().getResponse().getStatus());
        for (var f : pool.invokeAll(calls)) {
            assertThat(f.get()).isEqualTo(302);
        }
        pool.shutdown();
        long registered = jdbc.sql("SELECT COUNT(*) FROM training_orientation WHERE offer_id = :o AND status = 'REGISTERED'")
                .param("o", offer).query(Long.class).single();
        int taken = jdbc.sql("SELECT registered FROM training_session WHERE id = :id").param("id", session)
                .query(Integer.class).single();
        assertThat(registered).isEqualTo(1);
        assertThat(taken).isEqualTo(1);
    }
}
