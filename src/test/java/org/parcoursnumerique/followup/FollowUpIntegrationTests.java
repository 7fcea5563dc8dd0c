package org.parcoursnumerique.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.diagnostic.CommonCore;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** Closing the accompaniment, the follow-ups answered by phone and through the person's link, the daily messages. */
@IntegrationTest
class FollowUpIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired Pathways pathways;
    @Autowired JdbcClient jdbc;
    @Autowired CommonCore core;
    @Autowired FollowUpLinks links;
    @Autowired FollowUpMessages messages;
    @Autowired TransactionTemplate tx;

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/Paris"));
    }

    private LocalDate milestone(long person, String code) {
        return jdbc.sql("SELECT reached_on FROM milestone WHERE beneficiary_id = :id AND code = :code")
                .param("id", person).param("code", code).query(LocalDate.class).optional().orElse(null);
    }

    private long followUp(long person, String stage) {
        return jdbc.sql("SELECT id FROM follow_up WHERE beneficiary_id = :id AND stage_code = :stage")
                .param("id", person).param("stage", stage).query(Long.class).single();
    }

    private String stateOf(long followUp) {
        return jdbc.sql("SELECT status FROM follow_up WHERE id = :id").param("id", followUp).query(String.class).single();
    }

    /** The person's own diagnostic answers to the core, as form parameters, and the situation. */
    private MockHttpServletRequestBuilder answers(MockHttpServletRequestBuilder request, long person) {
        core.diagnosticAnswers(person).forEach((k, v) -> request.param("q_" + k, v.toArray(String[]::new)));
        return request.param("device", "WORKS").param("connection", "MOBILE").param("since", "TRAINING")
                .param("needs", "Apprendre à faire mes démarches CAF");
    }

    @Test
    void closingPlansTheFollowUpsAndUndoingCancelsThem() throws Exception {
        var p = pathways.person().in("T6").accompanimentClosed();
        assertThat(milestone(p.personId(), "COMPLETED")).isEqualTo(today());
        assertThat(jdbc.sql("SELECT due_on FROM follow_up WHERE beneficiary_id = :id AND status = 'PENDING' ORDER BY due_on")
                .param("id", p.personId()).query(LocalDate.class).list())
                .containsExactly(today().plusMonths(3), today().plusMonths(6));

        mvc.perform(post("/beneficiaries/" + p.personId() + "/close/undo").with(csrf()).with(p.mediator().login()))
                .andExpect(status().is3xxRedirection());
        assertThat(milestone(p.personId(), "COMPLETED")).isNull();
        assertThat(stateOf(followUp(p.personId(), "M3"))).isEqualTo("CANCELLED");

        // Without the confirmation nothing is recorded.
        mvc.perform(post("/beneficiaries/" + p.personId() + "/close").with(csrf()).with(p.mediator().login())
                .param("date", today().toString())).andExpect(status().is3xxRedirection());
        assertThat(milestone(p.personId(), "COMPLETED")).isNull();
        mvc.perform(post("/beneficiaries/" + p.personId() + "/close").with(csrf()).with(p.mediator().login())
                .param("date", today().toString()).param("confirm", "yes")).andExpect(status().is3xxRedirection());
        assertThat(stateOf(followUp(p.personId(), "M3"))).isEqualTo("PENDING");

        var stranger = data.consortiumStaff(Role.MEDIATOR, "T7");
        mvc.perform(get("/beneficiaries/" + p.personId() + "/close").with(stranger.login())).andExpect(status().isNotFound());
        mvc.perform(get("/follow-ups/" + followUp(p.personId(), "M3")).with(stranger.login()))
                .andExpect(status().isNotFound());
    }

    @Test
    void theMediatorAnswersOnThePhoneAndTheMilestoneIsReached() throws Exception {
        var p = pathways.person().in("T6").accompanimentClosed();
        long id = followUp(p.personId(), "M3");
        mvc.perform(post("/follow-ups/" + id).with(csrf()).with(p.mediator().login()).param("device", "WORKS"))
                .andExpect(status().is3xxRedirection());
        assertThat(stateOf(id)).as("incomplete answers write nothing").isEqualTo("PENDING");

        mvc.perform(answers(post("/follow-ups/" + id).with(csrf()).with(p.mediator().login()), p.personId()))
                .andExpect(status().is3xxRedirection());
        assertThat(stateOf(id)).isEqualTo("ANSWERED");
        assertThat(milestone(p.personId(), "FOLLOW_UP_3_MONTHS")).isEqualTo(today());
        String page = mvc.perform(get("/beneficiaries/" + p.personId()).with(p.mediator().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Avant et après");
    }

    @Test
    void thePersonAnswersOnceThroughTheirLinkAndBadLinksWriteNothing() throws Exception {
        var p = pathways.person().in("T6").named("Lienpersonne " + Pathways.letters(), "Zoé").accompanimentClosed();
        long id = followUp(p.personId(), "M3");
        String token = tx.execute(s -> links.issue(id));

        String page = mvc.perform(get("/suivi/" + token)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("Vos nouvelles").doesNotContain("Lienpersonne").doesNotContain("Zoé");

        mvc.perform(post("/suivi/" + token).with(csrf()).param("device", "NONE")).andExpect(status().isBadRequest());
        assertThat(stateOf(id)).isEqualTo("PENDING");

        mvc.perform(answers(post("/suivi/" + token).with(csrf()), p.personId())).andExpect(status().isOk());
        assertThat(stateOf(id)).isEqualTo("ANSWERED");
        assertThat(jdbc.sql("SELECT channel FROM follow_up WHERE id = :id").param("id", id).query(String.class).single())
                .isEqualTo("LINK");
        assertThat(milestone(p.personId(), "FOLLOW_UP_3_MONTHS")).isEqualTo(today());

        // Used: a clear page, nothing written.
        mvc.perform(answers(post("/suivi/" + token).with(csrf()), p.personId())).andExpect(status().isGone());
        mvc.perform(get("/suivi/" + token)).andExpect(status().isGone());

        // Expired.
        long six = followUp(p.personId(), "M6");
        String old = tx.execute(s -> links.issue(six));
        jdbc.sql("UPDATE follow_up_link SET expires_at = created_at - INTERVAL '1' DAY WHERE follow_up_id = :id")
                .param("id", six).update();
        mvc.perform(get("/suivi/" + old)).andExpect(status().isGone());
        mvc.perform(answers(post("/suivi/" + old).with(csrf()), p.personId())).andExpect(status().isGone());
        assertThat(stateOf(six)).isEqualTo("PENDING");

        // Tampered or generated: never an error page, never a write, never a token stored in clear.
        Random random = new Random(20261201L);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-%.é";
        for (int i = 0; i < 40; i++) {
            StringBuilder t = new StringBuilder(i % 2 == 0 ? token : "");
            int len = random.nextInt(60);
            for (int k = 0; k < len; k++) {
                t.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (i % 2 == 0 && t.length() > 5) {
                t.setCharAt(random.nextInt(t.length()), 'Z');
            }
            String bad = t.length() == 0 ? "x" : t.toString().replace("%", "%25");
            int code = mvc.perform(get("/suivi/" + bad)).andReturn().getResponse().getStatus();
            // A malformed address (a character the firewall refuses) gets the French error page 400.
            assertThat(code).isIn(400, 404, 410);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM follow_up_link WHERE token_hash = :t").param("t", token)
                .query(Long.class).single()).isZero();
        assertThat(stateOf(six)).isEqualTo("PENDING");
    }

    @Test
    void theDailyJobInvitesRemindsAndThenAsksToCall() throws Exception {
        var p = pathways.person().in("T6").accompanimentClosed();
        jdbc.sql("UPDATE beneficiary SET email = :e WHERE id = :id").param("e", TestData.unique("suivi").replace(' ', '.')
                + "@test.parcours.example").param("id", p.personId()).update();
        long id = followUp(p.personId(), "M3");
        jdbc.sql("UPDATE follow_up SET due_on = :d WHERE id = :id").param("d", today().minusDays(1)).param("id", id).update();

        messages.run();
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM outbox_message WHERE beneficiary_id = :p AND link_kind = 'FOLLOW_UP' AND link_ref = :id
                  AND kind = 'INVITATION' AND body IS NULL""").param("p", p.personId()).param("id", id)
                .query(Long.class).single()).isEqualTo(1L);

        jdbc.sql("UPDATE follow_up SET invited_at = invited_at - INTERVAL '8' DAY WHERE id = :id").param("id", id).update();
        messages.run();
        assertThat(jdbc.sql("SELECT reminded_at IS NOT NULL FROM follow_up WHERE id = :id").param("id", id)
                .query(Boolean.class).single()).isTrue();

        jdbc.sql("UPDATE follow_up SET reminded_at = reminded_at - INTERVAL '8' DAY WHERE id = :id").param("id", id).update();
        messages.run();
        assertThat(jdbc.sql("SELECT to_call_at IS NOT NULL FROM follow_up WHERE id = :id").param("id", id)
                .query(Boolean.class).single()).isTrue();
        String list = mvc.perform(get("/follow-ups").with(p.mediator().login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("/follow-ups/" + id).contains("À appeler");
    }
}
