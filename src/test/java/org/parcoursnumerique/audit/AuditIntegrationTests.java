package org.parcoursnumerique.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class AuditIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired org.parcoursnumerique.account.ApiTokens tokens;

    record Row(Long userId, String userEmail, Long organisationId, Long beneficiaryId, String action, String route) {
    }

    @Test
    void openingAPersonsPageWritesWhoWhenWhatAndFromWhere() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long person = data.beneficiary().referredBy(prescriber.organisationId()).create();
        mvc.perform(get("/beneficiaries/" + person).with(prescriber.login())).andExpect(status().isOk());

        var rows = jdbc.sql("""
                SELECT user_id, user_email, organisation_id, beneficiary_id, action, route
                FROM audit_event WHERE beneficiary_id = :id""").param("id", person).query(Row.class).list();
        assertThat(rows).containsExactly(new Row(prescriber.id(), prescriber.email(), prescriber.organisationId(),
                person, "READ", "GET /beneficiaries/" + person));
        assertThat(jdbc.sql("SELECT occurred_at IS NOT NULL FROM audit_event WHERE beneficiary_id = :id")
                .param("id", person).query(Boolean.class).single()).isTrue();
    }

    @Test
    void searchesAreLoggedWithoutRevealingWhatWasLookedFor() throws Exception {
        var prescriber = data.prescriberUser("T6");
        for (String q : new String[] {"Dupont", "Dupont", "Martin"}) {
            mvc.perform(get("/beneficiaries").param("q", q).param("status", "REFERRED").with(prescriber.login()))
                    .andExpect(status().isOk());
        }
        var details = jdbc.sql("SELECT details FROM audit_event WHERE user_id = :id AND action = 'LIST' ORDER BY id")
                .param("id", prescriber.id()).query(String.class).list();
        assertThat(details).hasSize(3).allSatisfy(d -> assertThat(d)
                .matches("q=#[0-9a-f]{12} \\[Aaaaaa\\] status=REFERRED page=1 shown=0")
                .doesNotContain("Dupont").doesNotContain("Martin"));
        // The same search is recognisable as such, another one is not the same.
        assertThat(details.get(0)).isEqualTo(details.get(1)).isNotEqualTo(details.get(2));

        var admin = data.administrator();
        String page = mvc.perform(get("/admin/audit").param("email", prescriber.email()).with(admin.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("REFERRED").doesNotContain("Dupont");
    }

    @Test
    void searchTermsLoggedInClearBeforeAreMaskedOnTheAdministratorsPage() throws Exception {
        var prescriber = data.prescriberUser("T6");
        jdbc.sql("""
                INSERT INTO audit_event (occurred_at, user_id, user_email, organisation_id, action, route, details)
                VALUES (CURRENT_TIMESTAMP, :id, :email, :org, 'LIST', 'GET /beneficiaries', 'q=eloise ndiaye page=1 shown=1')""")
                .param("id", prescriber.id()).param("email", prescriber.email()).param("org", prescriber.organisationId())
                .update();
        var admin = data.administrator();
        String page = mvc.perform(get("/admin/audit").param("email", prescriber.email()).with(admin.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("ndiaye").contains("page=1 shown=1");
    }

    @Test
    void outOfScopeReferralsAppointmentsAndApiCallsAreAuditedAsDenied() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var mediator = data.consortiumStaff(org.parcoursnumerique.shared.Role.MEDIATOR, "T6");
        long missing = 987_654_321L;
        mvc.perform(get("/referrals/" + missing).with(prescriber.login())).andExpect(status().isNotFound());
        mvc.perform(get("/appointments/" + missing + "/reinvite").with(mediator.login()))
                .andExpect(status().isNotFound());
        String token = "pn_audit_" + System.nanoTime();
        tokens.store(prescriber.organisationId(), "logiciel", token, null);
        mvc.perform(get("/api/v1/referrals/" + missing).header("Authorization", "Bearer " + token))
                .andExpect(status().isNotFound());

        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE user_id = :id AND action = 'READ_DENIED'")
                .param("id", prescriber.id()).query(String.class).list())
                .containsExactly("GET /referrals/{id} id=" + missing);
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE user_id = :id AND action = 'READ_DENIED'")
                .param("id", mediator.id()).query(String.class).list())
                .containsExactly("GET /appointments/{id}/reinvite id=" + missing);
        assertThat(jdbc.sql("""
                SELECT details FROM audit_event
                WHERE user_email = 'api:logiciel' AND organisation_id = :org AND action = 'READ_DENIED'""")
                .param("org", prescriber.organisationId()).query(String.class).list())
                .containsExactly("GET /api/v1/referrals/{id} id=" + missing);
    }

    @Test
    void aRefusedAccessIsLoggedToo() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long notMine = data.beneficiary().create();
        mvc.perform(get("/beneficiaries/" + notMine).with(prescriber.login())).andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE beneficiary_id = :id AND user_id = :user")
                .param("id", notMine).param("user", prescriber.id()).query(String.class).list())
                .containsExactly("READ_DENIED");
        // Recorded once, with the person, not a second time by the central record of refusals.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE user_id = :user AND action = 'READ_DENIED'")
                .param("user", prescriber.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void thePersonsPageShowsWhoAccessedIt() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var manager = data.programmeManager();
        long person = data.beneficiary().referredBy(prescriber.organisationId()).create();
        mvc.perform(get("/beneficiaries/" + person).with(manager.login()));
        String page = mvc.perform(get("/beneficiaries/" + person).with(prescriber.login()))
                .andReturn().getResponse().getContentAsString();
        String managerName = jdbc.sql("SELECT display_name FROM user_account WHERE id = :id")
                .param("id", manager.id()).query(String.class).single();
        assertThat(page).contains("Qui a consulté ce dossier").contains(managerName).contains("Consultation du dossier");
    }

    @Test
    void postgresqlRefusesToChangeOrDeleteAuditRows() {
        long id = jdbc.sql("SELECT MAX(id) FROM audit_event").query(Long.class).optional().orElse(0L);
        if (id == 0) {
            jdbc.sql("INSERT INTO audit_event (occurred_at, action) VALUES (CURRENT_TIMESTAMP, 'LOGIN')").update();
            id = jdbc.sql("SELECT MAX(id) FROM audit_event").query(Long.class).single();
        }
        long target = id;
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET action = 'CHANGE' WHERE id = :id")
                .param("id", target).update()).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event WHERE id = :id").param("id", target).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE audit_event").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
    }

    @Test
    void administratorsFilterTheLogByPersonUserAndAction() throws Exception {
        var admin = data.administrator();
        var prescriber = data.prescriberUser("T6");
        long person = data.beneficiary().referredBy(prescriber.organisationId()).create();
        mvc.perform(get("/beneficiaries/" + person).with(prescriber.login()));

        String byPerson = mvc.perform(get("/admin/audit").param("beneficiary", String.valueOf(person)).with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(byPerson).contains(prescriber.email()).contains("GET /beneficiaries/" + person);

        String byUserAndAction = mvc.perform(get("/admin/audit").param("email", prescriber.email().toUpperCase())
                        .param("action", "READ").with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(byUserAndAction).contains("n° " + person);

        String none = mvc.perform(get("/admin/audit").param("email", "personne@test.parcours.example")
                        .param("action", "NOT_AN_ACTION").param("from", "2030-01-01").with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(none).contains("Aucun événement ne correspond");
    }

    @Test
    void theLogIsPagedWithItsTotalAndUnreadableFiltersAreSaidNotRefused() throws Exception {
        var admin = data.administrator();
        var prescriber = data.prescriberUser("T6");
        long person = data.beneficiary().referredBy(prescriber.organisationId()).create();
        for (int i = 0; i < 55; i++) {
            mvc.perform(get("/beneficiaries/" + person).with(prescriber.login())).andExpect(status().isOk());
        }
        String base = "/admin/audit?email=" + java.net.URLEncoder.encode(prescriber.email(), java.nio.charset.StandardCharsets.UTF_8)
                + "&amp;action=READ";
        String last = mvc.perform(get("/admin/audit").param("email", prescriber.email()).param("action", "READ")
                        .param("page", "40").with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(last).contains("55 événements").contains("lignes 51 à 55")
                .contains("href=\"" + base + "&amp;page=2\" aria-current=\"page\"")
                .contains("href=\"" + base + "&amp;page=1\" rel=\"prev\"");

        String bad = mvc.perform(get("/admin/audit").param("beneficiary", "douze").param("from", "31/02/2025")
                        .param("to", "demain").param("page", "x").with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("Le n° de dossier doit être un nombre").contains("La date «\u00a0Du\u00a0» n’est pas valide")
                .contains("La date «\u00a0Au\u00a0» n’est pas valide");
    }
}
