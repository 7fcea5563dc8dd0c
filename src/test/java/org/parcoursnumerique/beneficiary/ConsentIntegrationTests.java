package org.parcoursnumerique.beneficiary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The person's consents on their page: SMS recorded and changed, any consent withdrawn, history kept. */
@IntegrationTest
class ConsentIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    private String answers(long person, String purpose) {
        return String.join(",", jdbc.sql("""
                SELECT CAST(accepted AS VARCHAR(5)) FROM consent WHERE beneficiary_id = :id AND purpose = :purpose
                ORDER BY recorded_at, id""").param("id", person).param("purpose", purpose).query(String.class).list());
    }

    @Test
    void smsConsentIsRecordedThenChangedAndEveryAnswerStaysInTheHistory() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().named("Consentie", "Sms").create();

        String page = mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("action=\"/beneficiaries/" + person + "/consents/sms\"")
                .contains("Elle accepte les SMS").contains("Historique des consentements");

        mvc.perform(post("/beneficiaries/" + person + "/consents/sms").with(csrf()).with(mediator.login())
                .param("accepted", "true")).andExpect(status().isFound())
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo("consent.sms.given"));
        mvc.perform(post("/beneficiaries/" + person + "/consents/sms").with(csrf()).with(mediator.login())
                .param("accepted", "false")).andExpect(status().isFound());
        assertThat(answers(person, "SMS_CONTACT")).isEqualTo("true,false");
        assertThat(jdbc.sql("""
                SELECT notice_version || ' ' || recorded_by FROM consent WHERE beneficiary_id = :id AND purpose = 'SMS_CONTACT'
                """).param("id", person).query(String.class).list()).containsOnly("2026-12 " + mediator.id());
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :id AND action = 'CHANGE' AND details LIKE 'consent SMS_CONTACT%'""")
                .param("id", person).query(Long.class).single()).isEqualTo(2);

        String after = mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String current = after.substring(after.indexOf("id=\"consents\""), after.indexOf("consent-history-caption"));
        assertThat(current).contains("Contact par SMS").contains("Refusé");

        // A wrong answer records nothing.
        mvc.perform(post("/beneficiaries/" + person + "/consents/sms").with(csrf()).with(mediator.login())
                .param("accepted", "peut-être")).andExpect(status().isFound());
        assertThat(answers(person, "SMS_CONTACT")).isEqualTo("true,false");
    }

    @Test
    void aWithdrawnConsentHoldsAtOnceAndIsNeverErased() throws Exception {
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long person = data.beneficiary().named("Retrait", "Étude").create();
        jdbc.sql("""
                INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at)
                VALUES (:id, 'EVALUATION_STUDY', '2021-09', TRUE, CURRENT_TIMESTAMP)""").param("id", person).update();
        String page = mvc.perform(get("/beneficiaries/" + person).with(coordinator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("name=\"purpose\" value=\"EVALUATION_STUDY\"");

        mvc.perform(post("/beneficiaries/" + person + "/consents/withdraw").with(csrf()).with(coordinator.login())
                .param("purpose", "EVALUATION_STUDY")).andExpect(status().isFound())
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo("consent.withdrawn"));
        assertThat(answers(person, "EVALUATION_STUDY")).isEqualTo("true,false");
        // Withdrawing again writes nothing more.
        mvc.perform(post("/beneficiaries/" + person + "/consents/withdraw").with(csrf()).with(coordinator.login())
                .param("purpose", "EVALUATION_STUDY")).andExpect(status().isFound())
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo("consent.withdraw.notGiven"));
        assertThat(answers(person, "EVALUATION_STUDY")).isEqualTo("true,false");
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :id AND details = 'consent EVALUATION_STUDY withdrawn'""")
                .param("id", person).query(Long.class).single()).isEqualTo(1);

        // The history is append-only in the database too.
        assertThatThrownBy(() -> jdbc.sql("UPDATE consent SET accepted = TRUE WHERE beneficiary_id = :id")
                .param("id", person).update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM consent WHERE beneficiary_id = :id")
                .param("id", person).update()).hasMessageContaining("append-only");
    }

    @Test
    void afterTheSmsConsentIsWithdrawnTheAppointmentNoticeGoesByEmailOnly() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().named("Sans", "Sms").withStatus("ACCEPTED")
                .withEmail("sans.sms@example.org").create();
        mvc.perform(post("/beneficiaries/" + person + "/consents/sms").with(csrf()).with(mediator.login())
                .param("accepted", "true")).andExpect(status().isFound());
        mvc.perform(post("/beneficiaries/" + person + "/consents/withdraw").with(csrf()).with(mediator.login())
                .param("purpose", "SMS_CONTACT")).andExpect(status().isFound());

        mvc.perform(post("/beneficiaries/" + person + "/appointments").with(csrf()).with(mediator.login())
                        .param("date", LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(5).toString())
                        .param("time", "09:30").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(mediator.organisationId()))
                        .param("mediatorId", String.valueOf(mediator.id())))
                .andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT channel FROM outbox_message WHERE beneficiary_id = :p ORDER BY id")
                .param("p", person).query(String.class).list()).containsExactly("EMAIL");
    }

    @Test
    void aTextMessageStillWaitingIsStoppedWhenTheSmsConsentIsWithdrawn() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().named("Attente", "Sms").create();
        mvc.perform(post("/beneficiaries/" + person + "/consents/sms").with(csrf()).with(mediator.login())
                .param("accepted", "true")).andExpect(status().isFound());
        // Queued earlier, waiting for a retry (the provider was down).
        jdbc.sql("""
                INSERT INTO outbox_message (channel, recipient, body, created_at, next_attempt_at, beneficiary_id, kind)
                VALUES ('SMS', '+33639981234', 'Rendez-vous', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + INTERVAL '1' HOUR,
                        :id, 'INVITATION')""").param("id", person).update();

        mvc.perform(post("/beneficiaries/" + person + "/consents/sms").with(csrf()).with(mediator.login())
                .param("accepted", "false")).andExpect(status().isFound());
        assertThat(jdbc.sql("""
                SELECT sent_at IS NULL AND failed_at IS NOT NULL FROM outbox_message WHERE beneficiary_id = :id""")
                .param("id", person).query(Boolean.class).single()).isTrue();
    }

    @Test
    void onlyStaffWhoMayChangeTheRecordInScopeRecordConsents() throws Exception {
        long person = data.beneficiary().named("Portée", "Consent").create();
        var otherTerritory = data.consortiumStaff(Role.COORDINATOR, "T7");
        var logistics = data.consortiumStaff(Role.LOGISTICS_MANAGER, "T6");
        for (var user : new TestData.TestUser[] {otherTerritory, logistics}) {
            mvc.perform(post("/beneficiaries/" + person + "/consents/sms").with(csrf()).with(user.login())
                    .param("accepted", "true")).andExpect(status().isNotFound());
            mvc.perform(post("/beneficiaries/" + person + "/consents/withdraw").with(csrf()).with(user.login())
                    .param("purpose", "PATHWAY_PROCESSING")).andExpect(status().isNotFound());
        }
        assertThat(answers(person, "SMS_CONTACT")).isEmpty();
        assertThat(answers(person, "PATHWAY_PROCESSING")).isEqualTo("true");
        String theirs = mvc.perform(get("/beneficiaries/" + person).with(logistics.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(theirs).doesNotContain("/consents/sms").doesNotContain("/consents/withdraw");
    }
}
