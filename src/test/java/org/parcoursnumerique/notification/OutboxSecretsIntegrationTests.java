package org.parcoursnumerique.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.shared.DemoMode;
import org.parcoursnumerique.shared.KeyedHash;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.parcoursnumerique.support.TestMail;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** No secrets at rest: links are never stored in the outbox, bodies are purged, and never logged. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OutboxSecretsIntegrationTests {

    private static final Pattern LINK = Pattern.compile("http://parcours\\.test(/(?:invitation|password-reset)/[A-Za-z0-9_-]+)");

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Outbox outbox;
    @Autowired OutboxSender sender;
    @Autowired TransactionTemplate tx;
    @Autowired SmsSender smsSender;
    @Autowired KeyedHash keyedHash;
    @Autowired List<LinkedMessages> linkedMessages;

    private List<String> storedBodies(String recipient) {
        return jdbc.sql("SELECT COALESCE(body, '') FROM outbox_message WHERE recipient = :to")
                .param("to", recipient).query(String.class).list();
    }

    @Test
    void invitationAndResetLinksAreSentButNeverStoredInTheOutbox() throws Exception {
        var admin = data.administrator();
        long organisation = data.prescriber("PIE", "T6");
        String email = TestData.unique("invitee").replace(' ', '.') + "@test.parcours.example";
        mvc.perform(post("/admin/users").with(csrf()).with(admin.login()).param("email", email)
                .param("displayName", "Ina Invitée").param("organisationId", String.valueOf(organisation))
                .param("role", "PRESCRIBER")).andExpect(status().isFound());
        String invitation = TestMail.awaitText(email, "Votre compte Parcours Numérique");
        Matcher link = LINK.matcher(invitation);
        assertThat(link.find()).isTrue();
        assertThat(invitation).contains("Ina Invitée");
        mvc.perform(get(link.group(1))).andExpect(status().isOk());

        var user = data.prescriberUser("T6");
        mvc.perform(post("/password-reset").with(csrf()).param("email", user.email())).andExpect(status().isFound());
        Matcher reset = LINK.matcher(TestMail.awaitText(user.email(), "Nouveau mot de passe"));
        assertThat(reset.find()).isTrue();
        mvc.perform(get(reset.group(1))).andExpect(status().isOk());

        assertThat(storedBodies(email)).isNotEmpty().allSatisfy(body -> assertThat(body).doesNotContain("/invitation/"));
        assertThat(storedBodies(user.email())).isNotEmpty()
                .allSatisfy(body -> assertThat(body).doesNotContain("/password-reset/"));
    }

    @Test
    void sentBodiesArePurgedKeepingSubjectStatusDatesAndARecipientHash() throws Exception {
        String to = "purge-" + System.nanoTime() + "@test.parcours.example";
        tx.executeWithoutResult(s -> outbox.email(to, "Objet gardé", "Corps à oublier"));
        TestMail.awaitText(to, "Objet gardé");
        String hash = sender.recipientHash(to);
        // The sender marks the row sent after the SMTP server has it; a loaded machine may take a while.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE recipient IN (:to, :hash) AND sent_at IS NOT NULL")
                .param("to", to).param("hash", hash).query(Long.class).single() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // Purging goes in batches, oldest first: other tests may have left many sent messages before this one.
        while (storedBodies(to).size() > 0 && tx.execute(s -> sender.purgeSentBodies(Duration.ZERO)) > 0) {
            // next batch
        }

        var row = jdbc.sql("""
                SELECT subject, body, sent_at IS NOT NULL AS sent, created_at IS NOT NULL AS dated, purged_at IS NOT NULL AS purged
                FROM outbox_message WHERE recipient = :hash""")
                .param("hash", hash).query((rs, n) -> List.of(String.valueOf(rs.getString(1)), String.valueOf(rs.getString(2)),
                        rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5))).single();
        assertThat(row).containsExactly("Objet gardé", "null", true, true, true);
        assertThat(hash).startsWith("hmac:").doesNotContain(to);
        assertThat(storedBodies(to)).isEmpty();
    }

    @Test
    void withoutSmtpTheLogSaysWhichMessageNeverWhatItSays(CapturedOutput output) throws Exception {
        ObjectProvider<JavaMailSender> none = new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(JavaMailSender.class);
        var demo = new DemoOutbox(new DemoMode("true", ""), Clock.systemUTC());
        var offline = new OutboxSender(jdbc, tx, none, smsSender, Clock.systemUTC(), "from@test", 10, linkedMessages,
                keyedHash, Duration.ofHours(1), demo);
        String to = "offline-" + System.nanoTime() + "@test.parcours.example";
        offline.deliver(new OutboxSender.Pending(424242, "EMAIL", to, "Nouveau mot de passe",
                "Lien : http://parcours.test/password-reset/SECRET-TOKEN", 0, null, null, null, null,
                "PASSWORD_RESET", 1L));
        assertThat(output.getAll()).contains("message 424242 (PASSWORD_RESET)").doesNotContain("SECRET-TOKEN")
                .doesNotContain(to);
        // In demo mode the administrator can still follow the link, from memory only.
        assertThat(demo.recent()).singleElement().satisfies(m -> assertThat(m.body()).contains("SECRET-TOKEN"));
        var production = new DemoOutbox(new DemoMode("false", ""), Clock.systemUTC());
        production.keep(1, to, "s", "b");
        assertThat(production.recent()).isEmpty();
    }

    @Test
    void theLoggingSmsSenderNeverWritesTheText(CapturedOutput output) throws Exception {
        smsSender.send("+33639980000", "Bonjour Élodie, rendez-vous lundi au 12 rue de l’Essai");
        assertThat(output.getAll()).contains("SMS (not sent").doesNotContain("Élodie");
    }
}
