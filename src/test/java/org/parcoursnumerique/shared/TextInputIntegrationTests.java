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
 * A refusal of the filter is a 400 whose page MockMvc does not render: its message is read from the
 * response's error message (the page itself is checked on the real server by ClientErrorsIntegrationTests).
 */
@IntegrationTest
class TextInputIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void aUsersNameWithInvisibleCharactersIsRefusedOnTheFormNamingTheField() throws Exception {
        var admin = data.administrator();
        for (String bad : new String[] {"\u0000", "\uFFFF", "\uDC00", "\t"}) {
            String email = TestData.unique("u").replace(' ', '.') + "@example.org";
            String page = mvc.perform(post("/admin/users").with(csrf()).with(admin.login())
                            .param("email", email).param("displayName", "Awa" + bad + " Diallo")
                            .param("organisationId", String.valueOf(data.departement())).param("role", "PROGRAMME_MANAGER"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("Le champ « Nom » contient un caractère invisible ou interdit");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM user_account WHERE email = :e").param("e", email)
                    .query(Long.class).single()).isZero();
        }
    }

    @Test
    void namesOfPeopleWithInvisibleCharactersAreRefused() throws Exception {
        var prescriber = data.prescriberUser("T6");
        for (String bad : new String[] {"\u0001", "\uFFFE", "\uFFFF", "\uD800"}) {
            String page = mvc.perform(post("/referrals").with(csrf()).with(prescriber.login())
                            .param("lastName", "Dia" + bad + "llo").param("firstName", "Awa"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("Il y a un problème").contains("seulement des lettres");
        }
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
