package org.parcoursnumerique.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.parcoursnumerique.support.TestMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Invitation, activation, password reset and deactivation, with real emails through GreenMail. */
@IntegrationTest
class AccountLifecycleIntegrationTests {

    private static final Pattern LINK = Pattern.compile("http://parcours\\.test(/(?:invitation|password-reset)/[A-Za-z0-9_-]+)");
    private static final String NEW_PASSWORD = "une phrase de passe solide";

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    private final GreenMail mail = TestMail.server();

    @Test
    void anInvitedPersonActivatesTheAccountOnceThroughTheEmailedLink() throws Exception {
        var admin = data.administrator();
        long organisation = data.prescriber("MISSION_LOCALE", "T7");
        String email = TestData.unique("invitee").replace(' ', '.') + "@test.parcours.example";

        mvc.perform(post("/admin/users").with(csrf()).with(admin.login())
                        .param("email", email).param("displayName", "Inès Invitée")
                        .param("organisationId", String.valueOf(organisation)).param("role", "PRESCRIBER"))
                .andExpect(redirectedUrl("/admin/users"));
        // Not usable before activation.
        mvc.perform(formLogin("/login").user(email).password(NEW_PASSWORD)).andExpect(unauthenticated());

        String path = linkSentTo(email, "Votre compte Parcours Numérique");
        assertThat(path).startsWith("/invitation/");
        mvc.perform(get(path)).andExpect(status().isOk());
        mvc.perform(post(path).with(csrf()).param("password", NEW_PASSWORD).param("confirmation", NEW_PASSWORD))
                .andExpect(redirectedUrl("/login"));
        mvc.perform(formLogin("/login").user(email).password(NEW_PASSWORD)).andExpect(authenticated());

        // The link is single use.
        String again = mvc.perform(post(path).with(csrf()).param("password", "une autre phrase de passe")
                        .param("confirmation", "une autre phrase de passe"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(again).contains("Ce lien n’est plus valable");
        mvc.perform(formLogin("/login").user(email).password(NEW_PASSWORD)).andExpect(authenticated());
    }

    @Test
    void invitationRejectsAWrongRoleForTheOrganisationAndATakenEmail() throws Exception {
        var admin = data.administrator();
        var existing = data.prescriberUser("T6");
        String body = mvc.perform(post("/admin/users").with(csrf()).with(admin.login())
                        .param("email", existing.email()).param("displayName", "X")
                        .param("organisationId", String.valueOf(existing.organisationId())).param("role", "COORDINATOR"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).contains("Ce rôle ne correspond pas").contains("Un compte existe déjà avec cette adresse");

        String empty = mvc.perform(post("/admin/users").with(csrf()).with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(empty).contains("Il y a un problème").contains("Saisissez une adresse e-mail")
                .contains("Saisissez le nom de la personne").contains("Choisissez un rôle");

        String malformed = mvc.perform(post("/admin/users").with(csrf()).with(admin.login())
                        .param("organisationId", "pas-un-nombre").param("role", "ROI"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(malformed).contains("Choisissez une valeur dans la liste").contains("La valeur saisie n’est pas valide");
    }

    @Test
    void aForgottenPasswordIsResetThroughAnExpiringSingleUseLink() throws Exception {
        var user = data.prescriberUser("T6");
        mvc.perform(post("/password-reset").with(csrf()).param("email", user.email().toUpperCase()))
                .andExpect(redirectedUrl("/login"));
        String path = linkSentTo(user.email(), "Nouveau mot de passe Parcours Numérique");

        String weak = mvc.perform(post(path).with(csrf()).param("password", "court").param("confirmation", "court"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(weak).contains("au moins 12 caractères");
        String mismatch = mvc.perform(post(path).with(csrf()).param("password", NEW_PASSWORD)
                        .param("confirmation", NEW_PASSWORD + "!"))
                .andReturn().getResponse().getContentAsString();
        assertThat(mismatch).contains("ne sont pas identiques");

        mvc.perform(post(path).with(csrf()).param("password", NEW_PASSWORD).param("confirmation", NEW_PASSWORD))
                .andExpect(redirectedUrl("/login"));
        mvc.perform(formLogin("/login").user(user.email()).password(NEW_PASSWORD)).andExpect(authenticated());
        mvc.perform(formLogin("/login").user(user.email()).password(TestData.PASSWORD)).andExpect(unauthenticated());
    }

    @Test
    void anExpiredResetLinkNoLongerWorks() throws Exception {
        var user = data.prescriberUser("T6");
        mvc.perform(post("/password-reset").with(csrf()).param("email", user.email()));
        String path = linkSentTo(user.email(), "Nouveau mot de passe Parcours Numérique");
        jdbc.sql("UPDATE account_token SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE WHERE user_id = :id")
                .param("id", user.id()).update();
        String page = mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Ce lien n’est plus valable");
    }

    @Test
    void anUnknownEmailGetsTheSameAnswerAndNoMail() throws Exception {
        String email = "inconnu-" + System.nanoTime() + "@test.parcours.example";
        mvc.perform(post("/password-reset").with(csrf()).param("email", email)).andExpect(redirectedUrl("/login"));
        Thread.sleep(1000);
        assertThat(Arrays.stream(mail.getReceivedMessages()).filter(m -> recipient(m).equals(email))).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE recipient = :email").param("email", email)
                .query(Long.class).single()).isZero();
    }

    @Test
    void repeatedResetRequestsSendOneLinkEveryTwoMinutesAtMost() throws Exception {
        var user = data.prescriberUser("T6");
        for (int i = 0; i < 3; i++) {
            mvc.perform(post("/password-reset").with(csrf()).param("email", user.email())).andExpect(redirectedUrl("/login"));
        }
        // One email queued; its link is issued when it is sent.
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM outbox_message WHERE link_kind = 'PASSWORD_RESET' AND link_ref = :id""")
                .param("id", user.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void onlyLinkTokensHashesAreStored() throws Exception {
        var user = data.prescriberUser("T6");
        mvc.perform(post("/password-reset").with(csrf()).param("email", user.email()));
        String path = linkSentTo(user.email(), "Nouveau mot de passe Parcours Numérique");
        String token = path.substring(path.lastIndexOf('/') + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account_token WHERE token_hash = :t").param("t", token)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account_token WHERE token_hash = :t").param("t", Accounts.sha256(token))
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anAdministratorDeactivatesAndReactivatesAnAccountButNotTheirOwn() throws Exception {
        var admin = data.administrator();
        var user = data.user(Role.MEDIATOR, data.consortiumMember("T6"));
        mvc.perform(post("/admin/users/" + user.id() + "/deactivate").with(csrf()).with(admin.login()))
                .andExpect(redirectedUrl("/admin/users"));
        mvc.perform(formLogin("/login").user(user.email()).password(TestData.PASSWORD)).andExpect(unauthenticated());
        mvc.perform(post("/admin/users/" + user.id() + "/reactivate").with(csrf()).with(admin.login()));
        mvc.perform(formLogin("/login").user(user.email()).password(TestData.PASSWORD)).andExpect(authenticated());

        mvc.perform(post("/admin/users/" + admin.id() + "/deactivate").with(csrf()).with(admin.login()));
        mvc.perform(formLogin("/login").user(admin.email()).password(TestData.PASSWORD)).andExpect(authenticated());
        mvc.perform(post("/admin/users/999999999/deactivate").with(csrf()).with(admin.login()))
                .andExpect(status().isNotFound());
    }

    private String linkSentTo(String email, String subject) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            for (MimeMessage message : mail.getReceivedMessages()) {
                if (recipient(message).equalsIgnoreCase(email) && subject.equals(message.getSubject())) {
                    String body = String.valueOf(message.getContent());
                    Matcher m = LINK.matcher(body);
                    assertThat(m.find()).as("link in %s", body).isTrue();
                    assertThat(body).doesNotContain("{0}").contains("Parcours Numérique");
                    return m.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no email '" + subject + "' to " + email);
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void theUsersListIsPagedInsteadOfStoppingAtFiveHundredAndIgnoresAnUnreadableFilter() throws Exception {
        var admin = data.administrator();
        long structure = data.consortiumMember("T6");
        for (int i = 0; i < 55; i++) {
            data.user(Role.MEDIATOR, structure);
        }
        String last = mvc.perform(get("/admin/users").param("organisation", String.valueOf(structure))
                        .param("page", "12").with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(last).contains("55 comptes").contains("lignes 51 à 55")
                .contains("href=\"/admin/users?organisation=" + structure + "&amp;page=2\" aria-current=\"page\"");
        mvc.perform(get("/admin/users").param("organisation", "abc").with(admin.login())).andExpect(status().isOk());
    }
}
