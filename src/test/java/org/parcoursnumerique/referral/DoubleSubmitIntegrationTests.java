package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Identical referrals sent at the same time: flagged as duplicates, and one form sent twice makes one referral. */
@IntegrationTest
class DoubleSubmitIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;

    @Test
    void threeIdenticalApiReferralsAtOnceAreFlaggedAsDuplicates() throws Exception {
        for (int round = 0; round < 3; round++) {
            long org = data.prescriber("PIE", "T6");
            String token = "pn_race_" + System.nanoTime();
            tokens.store(org, "test", token, null);
            String last = "Simultané" + "abcdef".charAt(round);
            String body = """
                    {"lastName":"%s","firstName":"Ismaël","birthDate":"1981-02-03","inseeCode":"93066",
                     "eligibilityCategory":"LONG_TERM_JOBSEEKER","consent":true}""".formatted(last);
            Callable<MockHttpServletResponse> send = () -> mvc.perform(post("/api/v1/referrals")
                    .header("Authorization", "Bearer " + token).contentType("application/json").content(body))
                    .andReturn().getResponse();
            var answers = parallel(send, send, send);
            assertThat(answers).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(201));

            List<Long> referrals = jdbc.sql("""
                    SELECT r.id FROM referral r JOIN beneficiary b ON b.id = r.beneficiary_id
                    WHERE b.last_name = :last ORDER BY r.id""").param("last", last).query(Long.class).list();
            assertThat(referrals).hasSize(3);
            // Every referral but the first is suspected to concern a person already recorded.
            for (long later : referrals.subList(1, 3)) {
                assertThat(jdbc.sql("SELECT COUNT(*) FROM duplicate_suspicion WHERE referral_id = :id")
                        .param("id", later).query(Long.class).single()).as("round " + round + ", referral " + later)
                        .isPositive();
            }
        }
    }

    @Test
    void theReferralFormCarriesAOneTimeTokenAndPrefersNoSharing() throws Exception {
        var prescriber = data.prescriberUser("T6");
        String page = mvc.perform(get("/referrals/new").with(prescriber.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(formToken(page)).hasSizeGreaterThan(20);
        assertThat(formToken(mvc.perform(get("/referrals/new").with(prescriber.login())).andReturn().getResponse()
                .getContentAsString())).isNotEqualTo(formToken(page));
        // No consent box is ticked before the person has said yes.
        assertThat(page).doesNotContainPattern(Pattern.compile("<input[^>]*type=\"checkbox\"[^>]*checked"));
    }

    @Test
    void aFormSentTwiceAtOnceCreatesOneReferral() throws Exception {
        var prescriber = data.prescriberUser("T6");
        for (int round = 0; round < 3; round++) {
            String last = "Doubleclic" + "abcdef".charAt(round);
            String page = mvc.perform(get("/referrals/new").with(prescriber.login())).andReturn().getResponse()
                    .getContentAsString();
            String token = formToken(page);
            Callable<MockHttpServletResponse> send = () -> mvc.perform(form(prescriber, last, token))
                    .andReturn().getResponse();
            var answers = parallel(send, send);
            assertThat(answers).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(302));
            assertThat(answers.get(0).getRedirectedUrl()).isEqualTo(answers.get(1).getRedirectedUrl())
                    .startsWith("/referrals/");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE last_name = :last").param("last", last)
                    .query(Long.class).single()).as("round " + round).isEqualTo(1);
        }
        // Sent again later (back button, reload): still one, and the prescriber is told.
        String last = "Rechargement";
        String token = formToken(mvc.perform(get("/referrals/new").with(prescriber.login())).andReturn().getResponse()
                .getContentAsString());
        String first = mvc.perform(form(prescriber, last, token)).andExpect(status().isFound()).andReturn()
                .getResponse().getRedirectedUrl();
        var again = mvc.perform(form(prescriber, last, token)).andExpect(status().isFound()).andReturn();
        assertThat(again.getResponse().getRedirectedUrl()).isEqualTo(first);
        assertThat(again.getFlashMap().get("flash")).isEqualTo("referral.form.alreadySent");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE last_name = :last").param("last", last)
                .query(Long.class).single()).isEqualTo(1);
    }

    private static MockHttpServletRequestBuilder form(TestData.TestUser prescriber, String last, String token) {
        return post("/referrals").with(csrf()).with(prescriber.login()).param("formToken", token)
                .param("lastName", last).param("firstName", "Awa").param("birthDate", "1988-04-02")
                .param("commune", "Saint-Denis").param("eligibilityCategory", "LONG_TERM_JOBSEEKER")
                .param("consent", "true");
    }

    private static String formToken(String page) {
        var m = Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a formToken field").isTrue();
        return m.group(1);
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
