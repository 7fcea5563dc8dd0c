package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Texts people send through pages: invisible characters and over-long values never reach the database.
 * MockMvc does not dispatch to the error page: the refusal's message is read from the response's error
 * message (the page itself is checked on the real server by {@code ClientErrorsIntegrationTests}).
 */
@IntegrationTest
class TextInputIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    private long organisationsNamed(String prefix) {
        return jdbc.sql("SELECT count(*) FROM organisation WHERE name LIKE :p").param("p", prefix + "%")
                .query(Long.class).single();
    }

    @Test
    void namesWithControlCharactersNoncharactersOrLoneSurrogatesAreRefusedNamingTheField() throws Exception {
        var admin = data.administrator();
        String prefix = TestData.unique("Asso");
        for (String bad : new String[] {"\u0001", "\uFFFE", "\uFFFF", "\uD800", "\u007F", "\u0085", "\uFDD0"}) {
            String page = mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                            .param("kind", "PRESCRIBER").param("name", prefix + bad + " emploi")
                            .param("prescriberKind", "CAP_EMPLOI")
                            .param("servedTerritoryIds", String.valueOf(data.territory("T6"))))
                    .andExpect(status().isBadRequest()).andReturn().getResponse().getErrorMessage();
            assertThat(page).contains("Le champ « Nom » contient un caractère invisible ou interdit");
        }
        assertThat(organisationsNamed(prefix)).isZero();

        String user = mvc.perform(post("/admin/users").with(csrf()).with(admin.login())
                        .param("email", TestData.unique("u") + "@example.org").param("displayName", "Awa\u0000 Diallo")
                        .param("organisationId", String.valueOf(data.departement())).param("role", "PROGRAMME_MANAGER"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getErrorMessage();
        assertThat(user).contains("Le champ « Nom affiché » contient un caractère invisible");
    }

    @Test
    void namesOfPeopleWithInvisibleCharactersAreRefused() throws Exception {
        var prescriber = data.prescriberUser("T6");
        String page = mvc.perform(post("/referrals").with(csrf()).with(prescriber.login())
                        .param("lastName", "Dia\uFFFFllo").param("firstName", "Awa"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getErrorMessage();
        assertThat(page).contains("Le champ « Nom » contient un caractère invisible");
    }

    @Test
    void tabsAndLineBreaksStayAllowedInTexts() throws Exception {
        var admin = data.administrator();
        String name = TestData.unique("Asso");
        // Refused for its kind (no territory served), not for its characters: the form answers 200 with errors.
        mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "PRESCRIBER").param("name", name + "\tligne\r\nsuite"))
                .andExpect(status().isOk());
    }

    @Test
    void anyParameterLongerThanTheBackstopIsRefusedNamingTheField() throws Exception {
        var admin = data.administrator();
        String page = mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "PRESCRIBER").param("city", "x".repeat(TextInputFilter.MAX_LENGTH + 1)))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getErrorMessage();
        assertThat(page).contains("Le champ « Ville » est trop long : 10000 caractères au plus.");
    }

    @Test
    void aValueTooLongForItsColumnIsRecognisedWhateverTheDatabase() {
        var tooLong = new DataIntegrityViolationException("x", new SQLException("value too long", "22001"));
        var other = new DataIntegrityViolationException("x", new SQLException("duplicate key", "23505"));
        assertThat(WebAdvice.isValueTooLong(tooLong)).isTrue();
        assertThat(WebAdvice.isValueTooLong(other)).isFalse();
    }
}
