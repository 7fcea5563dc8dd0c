package org.parcoursnumerique.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Lockout counted atomically, throttling per address, and password hashes (Argon2id, bcrypt upgrade). */
@IntegrationTest
class LoginProtectionIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    private static int nextAddress = 1;

    /** A client address of its own for each test, so that the throttle of one test leaves the others alone. */
    private static synchronized String newAddress() {
        return "198.51.100." + nextAddress++;
    }

    private static MockHttpServletRequestBuilder login(String email, String password, String address) {
        return post("/login").with(csrf()).with(r -> {
            r.setRemoteAddr(address);
            return r;
        }).param("username", email).param("password", password);
    }

    private OffsetDateTime lockedUntil(long id) {
        return jdbc.sql("SELECT locked_until FROM user_account WHERE id = :id").param("id", id)
                .query(OffsetDateTime.class).optional().orElse(null);
    }

    private List<MvcResult> inParallel(int n, Callable<MvcResult> attempt) throws Exception {
        var pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<MvcResult>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(attempt));
            }
            List<MvcResult> results = new ArrayList<>();
            for (var f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void twelveWrongPasswordsSentInParallelLockTheAccount() throws Exception {
        var user = data.prescriberUser("T6");
        String address = newAddress();
        inParallel(12, () -> mvc.perform(login(user.email(), "mauvais mot de passe", address)).andReturn());
        assertThat(lockedUntil(user.id())).as("locked").isAfter(OffsetDateTime.now());
        mvc.perform(login(user.email(), TestData.PASSWORD, newAddress())).andExpect(unauthenticated());
    }

    @Test
    void theLastActiveAdministratorIsNeverLockedButSlowedDownPerAddress() throws Exception {
        var admin = data.administrator();
        // Make this administrator the only active one for the time of the test.
        List<Long> others = jdbc.sql("""
                SELECT id FROM user_account WHERE role = 'ADMINISTRATOR' AND active AND id <> :id""")
                .param("id", admin.id()).query(Long.class).list();
        try {
            if (!others.isEmpty()) {
                jdbc.sql("UPDATE user_account SET active = FALSE WHERE id IN (:ids)").param("ids", others).update();
            }
            String attacker = newAddress();
            for (int i = 0; i < 20; i++) {
                mvc.perform(login(admin.email(), "essai " + i, attacker)).andExpect(redirectedUrl("/login?error"));
            }
            assertThat(lockedUntil(admin.id())).isNull();
            // The attacker's address now waits before each try, even with the right password…
            mvc.perform(login(admin.email(), "essai 21", attacker)).andExpect(redirectedUrl("/login?error"));
            mvc.perform(login(admin.email(), TestData.PASSWORD, attacker))
                    .andExpect(redirectedUrl("/login?throttled")).andExpect(unauthenticated());
            // …while the administrator, from their own address, still logs in.
            mvc.perform(login(admin.email(), TestData.PASSWORD, newAddress())).andExpect(authenticated());
        } finally {
            if (!others.isEmpty()) {
                jdbc.sql("UPDATE user_account SET active = TRUE WHERE id IN (:ids)").param("ids", others).update();
            }
        }
    }

    @Test
    void anotherAdministratorIsLockedLikeEveryone() throws Exception {
        data.administrator();
        var admin = data.administrator();
        String address = newAddress();
        for (int i = 0; i < 5; i++) {
            mvc.perform(login(admin.email(), "essai " + i, address));
        }
        assertThat(lockedUntil(admin.id())).isAfter(OffsetDateTime.now());
    }

    @Test
    void newPasswordsAreHashedWithArgon2id() {
        var user = data.prescriberUser("T6");
        assertThat(jdbc.sql("SELECT password_hash FROM user_account WHERE id = :id").param("id", user.id())
                .query(String.class).single()).startsWith("{argon2}$argon2id$");
    }

    @Test
    void anOldBcryptHashStillLogsInAndIsUpgradedToArgon2id() throws Exception {
        var user = data.prescriberUser("T6");
        jdbc.sql("UPDATE user_account SET password_hash = :hash WHERE id = :id")
                .param("hash", "{bcrypt}" + new BCryptPasswordEncoder().encode(TestData.PASSWORD))
                .param("id", user.id()).update();
        // A password longer than bcrypt's 72 bytes is a wrong password, not an error.
        mvc.perform(login(user.email(), "é".repeat(40), newAddress())).andExpect(redirectedUrl("/login?error"));
        mvc.perform(login(user.email(), TestData.PASSWORD, newAddress())).andExpect(authenticated());
        assertThat(jdbc.sql("SELECT password_hash FROM user_account WHERE id = :id").param("id", user.id())
                .query(String.class).single()).startsWith("{argon2}");
    }

    @Test
    void aPasswordOfMoreThan72BytesIsAcceptedAndLogsIn() throws Exception {
        var user = data.prescriberUser("T6");
        // 30 accented letters and spaces: 110 bytes in UTF-8, within the 128-character limit.
        String longPassword = "éléphant très âgé qui boit du thé à l’ombre des érables près du marché";
        assertThat(longPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isBetween(73, 128);
        mvc.perform(post("/password-reset").with(csrf()).param("email", user.email()));
        String body = org.parcoursnumerique.support.TestMail.awaitText(user.email(), "Nouveau mot de passe");
        var link = java.util.regex.Pattern.compile("http://parcours\\.test(/password-reset/[A-Za-z0-9_-]+)").matcher(body);
        assertThat(link.find()).isTrue();
        mvc.perform(post(link.group(1)).with(csrf()).param("password", longPassword)
                .param("confirmation", longPassword)).andExpect(redirectedUrl("/login"));
        mvc.perform(login(user.email(), longPassword, newAddress())).andExpect(authenticated());
    }
}
