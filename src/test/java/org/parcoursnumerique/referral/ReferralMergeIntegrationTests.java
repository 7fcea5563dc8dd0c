package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.diagnostic.DiagnosticCompleted;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** Merging a suspected duplicate: consents stay with their organisation, status and races settled. */
@IntegrationTest
class ReferralMergeIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate tx;

    private long submit(TestData.TestUser prescriber, String lastName, boolean share) throws Exception {
        var request = post("/referrals").with(csrf()).with(prescriber.login())
                .param("lastName", lastName).param("firstName", "Mariam").param("birthDate", "1983-06-14")
                .param("commune", "Saint-Denis").param("eligibilityCategory", "LONG_TERM_JOBSEEKER")
                .param("consent", "true");
        if (share) {
            request.param("shareWithPrescriber", "true");
        }
        String location = mvc.perform(request).andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private long personOf(long referral) {
        return jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", referral).query(Long.class).single();
    }

    private long suspicion(long referral, long existing) {
        return jdbc.sql("SELECT id FROM duplicate_suspicion WHERE referral_id = :r AND existing_id = :e")
                .param("r", referral).param("e", existing).query(Long.class).single();
    }

    private String personStatus(long person) {
        return jdbc.sql("SELECT status FROM beneficiary WHERE id = :id").param("id", person).query(String.class).single();
    }

    private void accept(TestData.TestUser coordinator, long structure, long referral) throws Exception {
        mvc.perform(post("/referrals/" + referral + "/accept").with(csrf()).with(coordinator.login())
                .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(coordinator.id())))
                .andExpect(status().isFound());
    }

    private void completeDiagnostic(long person) {
        tx.executeWithoutResult(s -> {
            long referential = jdbc.sql("""
                    SELECT id FROM diagnostic_referential WHERE owner_territory_id IS NULL AND status = 'PUBLISHED'
                    ORDER BY version DESC LIMIT 1""").query(Long.class).single();
            var row = jdbc.sql("SELECT territory_id, referring_organisation_id FROM beneficiary WHERE id = :id")
                    .param("id", person).query().singleRow();
            OffsetDateTime now = OffsetDateTime.now();
            long id = Keys.insert(jdbc.sql("""
                    INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id,
                        status, current_step, started_at, updated_at, completed_at, profile, profile_label)
                    VALUES (:person, :territory, :referrer, :referential, 'COMPLETED', 8, :now, :now, :now,
                        'beginner', 'Débutant avec le numérique')""")
                    .param("person", person).param("territory", row.get("territory_id"))
                    .param("referrer", row.get("referring_organisation_id")).param("referential", referential)
                    .param("now", now));
            jdbc.sql("""
                    INSERT INTO recommendation (diagnostic_id, kind, computed_value, computed_themes)
                    VALUES (:id, 'EQUIPMENT', 'LAPTOP', NULL), (:id, 'CONNECTION', 'YES', NULL),
                           (:id, 'TRAINING', 'BEGINNER', 'EMAIL'), (:id, 'CERTIFICATION', 'PIX', NULL)""")
                    .param("id", id).update();
            jdbc.sql("UPDATE beneficiary SET status = 'DIAGNOSED', diagnosed_on = CURRENT_DATE WHERE id = :id")
                    .param("id", person).update();
            events.publishEvent(new DiagnosticCompleted(id, person, now));
        });
    }

    @Test
    void aMergeNeverLendsTheSharingConsentOfOneOrganisationToAnother() throws Exception {
        var refused = data.prescriberUser("T6");
        var agreed = data.prescriberUser("T6");
        long structure = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structure);
        long first = submit(refused, "Partage", false);
        long kept = personOf(first);
        long second = submit(agreed, "PARTAGE", true);
        mvc.perform(post("/referrals/" + second + "/duplicates/" + suspicion(second, kept) + "/merge").with(csrf())
                .with(coordinator.login())).andExpect(status().isFound());
        accept(coordinator, structure, first);
        accept(coordinator, structure, second);
        completeDiagnostic(kept);

        String refusedPage = mvc.perform(get("/referrals/" + first + "/diagnostic").with(refused.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refusedPage).contains("n’a pas accepté").doesNotContain("Ce que le diagnostic recommande");
        mvc.perform(get("/referrals/" + first + "/diagnostic.pdf").with(refused.login()))
                .andExpect(status().isNotFound());
        String token = "pn_merge_" + System.nanoTime();
        tokens.store(refused.organisationId(), "test", token, null);
        String api = mvc.perform(get("/api/v1/referrals/" + first).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(api).contains("\"detailShared\":false").doesNotContain("LAPTOP");

        // The organisation the person agreed to share with still gets the result of its own referral.
        String agreedPage = mvc.perform(get("/referrals/" + second + "/diagnostic").with(agreed.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(agreedPage).contains("Ce que le diagnostic recommande");
    }

    @Test
    void afterAMergeAndBothAcceptancesThePersonIsAcceptedAndCanBeDiagnosed() throws Exception {
        long structure = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structure);
        long first = submit(data.prescriberUser("T6"), "Statut", true);
        long kept = personOf(first);
        long second = submit(data.prescriberUser("T6"), "Statut", true);
        mvc.perform(post("/referrals/" + second + "/duplicates/" + suspicion(second, kept) + "/merge").with(csrf())
                .with(coordinator.login())).andExpect(status().isFound());
        accept(coordinator, structure, first);
        accept(coordinator, structure, second);
        assertThat(personStatus(kept)).isEqualTo("ACCEPTED");

        // The mediator can now start the diagnostic (it answered 409 while the person stayed "orientée").
        mvc.perform(post("/beneficiaries/" + kept + "/diagnostics").with(csrf()).with(coordinator.login()))
                .andExpect(status().isFound());

        // Refusing one referral while the other is accepted leaves the person accepted.
        long third = submit(data.prescriberUser("T6"), "Statut", false);
        assertThat(personStatus(kept)).isEqualTo("ACCEPTED");
        mvc.perform(post("/referrals/" + third + "/duplicates/" + suspicion(third, kept) + "/merge").with(csrf())
                .with(coordinator.login())).andExpect(status().isFound());
        assertThat(personStatus(kept)).isEqualTo("ACCEPTED");
    }

    @Test
    void aMergeOfAFreshReferralIntoAnAcceptedPersonKeepsThemAccepted() throws Exception {
        long structure = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structure);
        long first = submit(data.prescriberUser("T6"), "Gardée", true);
        long kept = personOf(first);
        accept(coordinator, structure, first);
        long second = submit(data.prescriberUser("T6"), "Gardée", true);
        mvc.perform(post("/referrals/" + second + "/duplicates/" + suspicion(second, kept) + "/merge").with(csrf())
                .with(coordinator.login())).andExpect(status().isFound());
        assertThat(personStatus(kept)).isEqualTo("ACCEPTED");
        mvc.perform(post("/referrals/" + second + "/refuse").with(csrf()).with(coordinator.login())
                .param("reason", "ALREADY_FOLLOWED")).andExpect(status().isFound());
        assertThat(personStatus(kept)).isEqualTo("ACCEPTED");
    }

    @Test
    void twoSimultaneousMergesOfOneReferralLetOneWinAndTellTheOtherInFrench() throws Exception {
        long structure = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structure);
        var other = data.user(Role.COORDINATOR, structure);
        for (int round = 0; round < 4; round++) {
            String name = "Course" + "abcdefgh".charAt(round);
            // Two people already known with the same identity, then a third referral suspected of both.
            long a = submit(data.prescriberUser("T6"), name, true);
            long b = submit(data.prescriberUser("T6"), name, true);
            long personA = personOf(a);
            long personB = personOf(b);
            long fresh = submit(data.prescriberUser("T6"), name, true);
            long duplicate = personOf(fresh);
            long intoA = suspicion(fresh, personA);
            long intoB = suspicion(fresh, personB);

            var answers = parallel(
                    () -> mvc.perform(post("/referrals/" + fresh + "/duplicates/" + intoA + "/merge").with(csrf())
                            .with(coordinator.login())).andReturn().getResponse(),
                    () -> mvc.perform(post("/referrals/" + fresh + "/duplicates/" + intoB + "/merge").with(csrf())
                            .with(other.login())).andReturn().getResponse());

            List<Integer> codes = answers.stream().map(MockHttpServletResponse::getStatus).sorted().toList();
            assertThat(codes).as("round " + round).containsExactly(302, 409);
            var loser = answers.stream().filter(r -> r.getStatus() == 409).findFirst().orElseThrow();
            assertThat(loser.getContentAsString()).contains("déjà été traité");
            long now = personOf(fresh);
            assertThat(now).isIn(personA, personB);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE id = :id").param("id", duplicate)
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("""
                    SELECT COUNT(*) FROM duplicate_suspicion WHERE referral_id = :r AND status = 'MERGED'""")
                    .param("r", fresh).query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("""
                    SELECT COUNT(*) FROM audit_event WHERE details LIKE :d""")
                    .param("d", "merged record " + duplicate + " %").query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void theSameMergeSentTwiceAtOnceHappensOnce() throws Exception {
        long structure = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structure);
        for (int round = 0; round < 4; round++) {
            String name = "Double" + "abcdefgh".charAt(round);
            long kept = personOf(submit(data.prescriberUser("T6"), name, true));
            long fresh = submit(data.prescriberUser("T6"), name, true);
            long duplicate = personOf(fresh);
            long suspicion = suspicion(fresh, kept);
            Callable<MockHttpServletResponse> merge = () -> mvc.perform(post("/referrals/" + fresh + "/duplicates/"
                    + suspicion + "/merge").with(csrf()).with(coordinator.login())).andReturn().getResponse();
            var answers = parallel(merge, merge);
            assertThat(answers.stream().map(MockHttpServletResponse::getStatus).sorted().toList())
                    .as("round " + round).containsExactly(302, 409);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE details LIKE :d")
                    .param("d", "merged record " + duplicate + " %").query(Long.class).single()).isEqualTo(1);
        }
    }

    @SafeVarargs
    private static List<MockHttpServletResponse> parallel(Callable<MockHttpServletResponse>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<MockHttpServletResponse>> futures = new ArrayList<>();
            for (var call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<MockHttpServletResponse> answers = new ArrayList<>();
            for (var f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
