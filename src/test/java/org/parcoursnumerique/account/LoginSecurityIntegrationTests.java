package org.parcoursnumerique.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class LoginSecurityIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void logsInWithTheRightPasswordAndLandsOnHome() throws Exception {
        var user = data.prescriberUser("T6");
        mvc.perform(formLogin("/login").user(user.email()).password(TestData.PASSWORD))
                .andExpect(authenticated().withRoles(Role.PRESCRIBER.name()))
                .andExpect(redirectedUrl("/"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE user_id = :id AND action = 'LOGIN'")
                .param("id", user.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void emailIsNotCaseSensitiveAtLogin() throws Exception {
        var user = data.prescriberUser("T6");
        mvc.perform(formLogin("/login").user(user.email().toUpperCase()).password(TestData.PASSWORD))
                .andExpect(authenticated());
    }

    @Test
    void locksTheAccountAfterFiveWrongPasswordsEvenForTheRightOneThen() throws Exception {
        var user = data.prescriberUser("T6");
        for (int i = 0; i < 5; i++) {
            mvc.perform(formLogin("/login").user(user.email()).password("wrong password " + i))
                    .andExpect(unauthenticated()).andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(formLogin("/login").user(user.email()).password(TestData.PASSWORD)).andExpect(unauthenticated());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE user_id = :id AND action = 'LOGIN_FAILED'")
                .param("id", user.id()).query(Long.class).single()).isEqualTo(5);

        // Once the lock has expired the right password works again.
        jdbc.sql("UPDATE user_account SET locked_until = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE WHERE id = :id")
                .param("id", user.id()).update();
        mvc.perform(formLogin("/login").user(user.email()).password(TestData.PASSWORD)).andExpect(authenticated());
    }

    @Test
    void deactivatedAccountsAndInactiveOrganisationsCannotLogIn() throws Exception {
        var user = data.prescriberUser("T6");
        jdbc.sql("UPDATE user_account SET active = FALSE WHERE id = :id").param("id", user.id()).update();
        mvc.perform(formLogin("/login").user(user.email()).password(TestData.PASSWORD)).andExpect(unauthenticated());

        var other = data.prescriberUser("T7");
        jdbc.sql("UPDATE organisation SET active = FALSE WHERE id = :id").param("id", other.organisationId()).update();
        mvc.perform(formLogin("/login").user(other.email()).password(TestData.PASSWORD)).andExpect(unauthenticated());
    }

    @Test
    void demoAccountsCannotLogInOutsideDemoMode() throws Exception {
        long org = data.prescriber("PIE", "T6");
        jdbc.sql("""
                INSERT INTO user_account (email, display_name, organisation_id, role, password_hash, active, created_at)
                VALUES ('intrus@demo.parcours.test', 'Intrus', :org, 'PRESCRIBER',
                        '{noop}demo', TRUE, CURRENT_TIMESTAMP)""").param("org", org).update();
        mvc.perform(formLogin("/login").user("intrus@demo.parcours.test").password("demo")).andExpect(unauthenticated());
    }

    @Test
    void changesTheSessionIdAtLogin() throws Exception {
        var user = data.prescriberUser("T6");
        var before = mvc.perform(get("/login")).andReturn().getResponse().getCookie(SecurityConfig.SESSION_COOKIE);
        assertThat(before).isNotNull();
        var result = mvc.perform(post("/login").with(csrf()).cookie(before).param("username", user.email())
                .param("password", TestData.PASSWORD)).andExpect(authenticated()).andReturn();
        var after = result.getResponse().getCookie(SecurityConfig.SESSION_COOKIE);
        assertThat(after).isNotNull();
        assertThat(after.getValue()).isNotEqualTo(before.getValue());
    }

    @Test
    void refusesAFormPostedWithoutItsCsrfToken() throws Exception {
        var user = data.prescriberUser("T6");
        mvc.perform(post("/login").param("username", user.email()).param("password", TestData.PASSWORD))
                .andExpect(status().isBadRequest()).andExpect(unauthenticated());
        mvc.perform(post("/password-reset").param("email", user.email())).andExpect(status().isBadRequest());
        mvc.perform(post("/password-reset").param("email", user.email()).with(csrf())).andExpect(status().isFound());
    }

    @Test
    void everyPageCarriesStrictSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string("Content-Security-Policy", SecurityConfig.CSP))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "same-origin"));
        assertThat(SecurityConfig.CSP).contains("script-src 'self'").doesNotContain("unsafe-inline");
    }

    @Test
    void onlyLoginResetInvitationAssetsAndHealthAnswerWithoutLogin() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/assets/app.css")).andExpect(status().isOk());
        mvc.perform(get("/login")).andExpect(status().isOk());
        mvc.perform(get("/")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/actuator/info")).andExpect(status().isFound());
        mvc.perform(get("/actuator/env")).andExpect(status().isFound());
        mvc.perform(get("/v3/api-docs")).andExpect(status().isFound());
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        var user = data.prescriberUser("T6");
        var login = mvc.perform(formLogin("/login").user(user.email()).password(TestData.PASSWORD)).andReturn();
        var session = login.getResponse().getCookie(SecurityConfig.SESSION_COOKIE);
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        mvc.perform(post("/logout").with(csrf()).cookie(session)).andExpect(redirectedUrl("/login?logout"));
        mvc.perform(get("/").cookie(session)).andExpect(status().isFound());
    }
}
