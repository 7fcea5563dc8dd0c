package org.parcoursnumerique.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.parcoursnumerique.support.TestMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Sessions are kept in the database and end when the access they were opened with ends:
 * deactivation of the account or its organisation, password reset, role change, absolute lifetime.
 */
@IntegrationTest
class SessionSecurityIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ApiTokens tokens;

    /** Logs in through the form and returns the session cookie, as a browser keeps it. */
    private Cookie logIn(String email) throws Exception {
        var result = mvc.perform(post("/login").with(csrf()).param("username", email)
                .param("password", TestData.PASSWORD)).andExpect(redirectedUrl("/")).andReturn();
        Cookie cookie = result.getResponse().getCookie(SecurityConfig.SESSION_COOKIE);
        assertThat(cookie).as("session cookie").isNotNull();
        mvc.perform(get("/").cookie(cookie)).andExpect(status().isOk());
        return cookie;
    }

    private long sessionsOf(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = :email")
                .param("email", email).query(Long.class).single();
    }

    private long tokensOf(long organisationId) {
        return jdbc.sql("SELECT COUNT(*) FROM api_token WHERE organisation_id = :org")
                .param("org", organisationId).query(Long.class).single();
    }

    @Test
    void sessionsAreKeptInTheDatabaseUnderTheAccountsEmail() throws Exception {
        var user = data.prescriberUser("T6");
        Cookie cookie = logIn(user.email());
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
        assertThat(sessionsOf(user.email())).isEqualTo(1);
        // The idle timeout of the application's settings (30 minutes) applies to stored sessions.
        assertThat(jdbc.sql("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE PRINCIPAL_NAME = :email")
                .param("email", user.email()).query(Integer.class).single()).isEqualTo(1800);
    }

    @Test
    void aSessionIsWrittenBackOnlyWhenItChangedOrItsLastAccessIsAMinuteOld() throws Exception {
        var user = data.prescriberUser("T6");
        Cookie session = logIn(user.email());
        // As if the last write were 30 s old: the next requests leave the row alone.
        jdbc.sql("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = LAST_ACCESS_TIME - 30000 WHERE PRINCIPAL_NAME = :email")
                .param("email", user.email()).update();
        long before = lastAccess(user.email());
        mvc.perform(get("/beneficiaries").cookie(session)).andExpect(status().isOk());
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        assertThat(lastAccess(user.email())).isEqualTo(before);
        // Two minutes old: written again, and the session is still the same one.
        jdbc.sql("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = LAST_ACCESS_TIME - 90000 WHERE PRINCIPAL_NAME = :email")
                .param("email", user.email()).update();
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        assertThat(lastAccess(user.email())).isGreaterThan(System.currentTimeMillis() - 10_000);
        assertThat(sessionsOf(user.email())).isEqualTo(1);
        // Attributes still change at once: a flash message after a POST is kept for the next page.
        mvc.perform(post("/api-tokens").with(csrf()).cookie(session).param("name", "essai"))
                .andExpect(status().is3xxRedirection());
        assertThat(tokensOf(user.organisationId())).isEqualTo(1);
    }

    private long lastAccess(String email) {
        return jdbc.sql("SELECT LAST_ACCESS_TIME FROM SPRING_SESSION WHERE PRINCIPAL_NAME = :email")
                .param("email", email).query(Long.class).single();
    }

    @Test
    void aDeactivatedUsersOpenSessionEndsAtOnceAndCannotMintAToken() throws Exception {
        var admin = data.administrator();
        var user = data.prescriberUser("T6");
        Cookie session = logIn(user.email());
        mvc.perform(get("/beneficiaries").cookie(session)).andExpect(status().isOk());

        mvc.perform(post("/admin/users/" + user.id() + "/deactivate").with(csrf()).with(admin.login()))
                .andExpect(redirectedUrl("/admin/users"));

        assertThat(sessionsOf(user.email())).isZero();
        mvc.perform(get("/beneficiaries").cookie(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(post("/api-tokens").cookie(session).with(csrf()).param("name", "exfiltration"))
                .andExpect(status().is3xxRedirection());
        assertThat(tokensOf(user.organisationId())).isZero();
    }

    @Test
    void aTokenIsNotCreatedForAnAccountThatIsNoLongerActiveWhateverItsSession() throws Exception {
        var user = data.prescriberUser("T6");
        jdbc.sql("UPDATE user_account SET active = FALSE WHERE id = :id").param("id", user.id()).update();
        // Even with a principal still in hand (a session loaded before the change), nothing is created.
        mvc.perform(post("/api-tokens").with(csrf()).with(user.login()).param("name", "exfiltration"))
                .andExpect(redirectedUrl("/login?expired"));
        assertThat(tokensOf(user.organisationId())).isZero();
    }

    @Test
    void aDeactivatedOrganisationEndsItsMembersSessions() throws Exception {
        var user = data.prescriberUser("T6");
        Cookie session = logIn(user.email());
        jdbc.sql("UPDATE organisation SET active = FALSE WHERE id = :id").param("id", user.organisationId()).update();
        mvc.perform(get("/beneficiaries").cookie(session)).andExpect(redirectedUrl("/login?expired"));
        mvc.perform(get("/beneficiaries").cookie(session)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void aRoleChangeEndsTheSession() throws Exception {
        var user = data.consortiumStaff(org.parcoursnumerique.shared.Role.MEDIATOR, "T6");
        Cookie session = logIn(user.email());
        jdbc.sql("UPDATE user_account SET role = 'LOGISTICS_MANAGER' WHERE id = :id").param("id", user.id()).update();
        mvc.perform(get("/appointments").cookie(session)).andExpect(redirectedUrl("/login?expired"));
    }

    @Test
    void aPasswordResetEndsEverySessionOfTheAccount() throws Exception {
        var user = data.prescriberUser("T6");
        Cookie first = logIn(user.email());
        Cookie second = logIn(user.email());
        assertThat(sessionsOf(user.email())).isEqualTo(2);

        mvc.perform(post("/password-reset").with(csrf()).param("email", user.email())).andExpect(status().isFound());
        String body = TestMail.awaitText(user.email(), "Nouveau mot de passe Parcours Numérique");
        Matcher link = Pattern.compile("http://parcours\\.test(/password-reset/[A-Za-z0-9_-]+)").matcher(body);
        assertThat(link.find()).isTrue();
        mvc.perform(post(link.group(1)).with(csrf()).param("password", "une phrase de passe toute neuve")
                .param("confirmation", "une phrase de passe toute neuve")).andExpect(redirectedUrl("/login"));

        assertThat(sessionsOf(user.email())).isZero();
        mvc.perform(get("/").cookie(first)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/").cookie(second)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void noSessionOutlivesItsAbsoluteLifetimeEvenWhenUsedAllTheTime() throws Exception {
        var user = data.prescriberUser("T6");
        Cookie session = logIn(user.email());
        long thirteenHoursAgo = System.currentTimeMillis() - 13 * 3600_000L;
        jdbc.sql("UPDATE SPRING_SESSION SET CREATION_TIME = :created WHERE PRINCIPAL_NAME = :email")
                .param("created", thirteenHoursAgo).param("email", user.email()).update();
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/login?expired"));
        assertThat(sessionsOf(user.email())).isZero();
    }

    @Test
    void creatingAndRevokingATokenIsAuditedAndTheListSaysWhoCreatedIt() throws Exception {
        var user = data.prescriberUser("T6");
        mvc.perform(post("/api-tokens").with(csrf()).with(user.login()).param("name", "Logiciel métier"))
                .andExpect(redirectedUrl("/api-tokens"));
        long tokenId = jdbc.sql("SELECT id FROM api_token WHERE organisation_id = :org")
                .param("org", user.organisationId()).query(Long.class).single();
        mvc.perform(post("/api-tokens/" + tokenId + "/revoke").with(csrf()).with(user.login()))
                .andExpect(redirectedUrl("/api-tokens"));
        assertThat(jdbc.sql("""
                SELECT action FROM audit_event WHERE user_id = :id AND action LIKE 'API_TOKEN_%' ORDER BY id""")
                .param("id", user.id()).query(String.class).list())
                .containsExactly("API_TOKEN_CREATED", "API_TOKEN_REVOKED");
        String creator = jdbc.sql("SELECT display_name FROM user_account WHERE id = :id").param("id", user.id())
                .query(String.class).single();
        String page = mvc.perform(get("/api-tokens").with(user.login())).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("Logiciel métier").contains(creator);
    }

    @Test
    void aTokenStopsWorkingWhenItsOrganisationIsDeactivated() throws Exception {
        var user = data.prescriberUser("T6");
        String token = "pn_session_test_" + System.nanoTime();
        tokens.store(user.organisationId(), "logiciel", token, user.id());
        mvc.perform(get("/api/v1/referrals").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        jdbc.sql("UPDATE organisation SET active = FALSE WHERE id = :id").param("id", user.organisationId()).update();
        mvc.perform(get("/api/v1/referrals").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized());
    }
}
