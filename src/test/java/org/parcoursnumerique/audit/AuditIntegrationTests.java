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
    void searchesAreLoggedWithWhatWasLookedFor() throws Exception {
        var prescriber = data.prescriberUser("T6");
        mvc.perform(get("/beneficiaries").param("q", "Dupont").param("status", "REFERRED").with(prescriber.login()))
                .andExpect(status().isOk());
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE user_id = :id AND action = 'LIST'")
                .param("id", prescriber.id()).query(String.class).single())
                .isEqualTo("q=Dupont status=REFERRED page=1 shown=0");
    }

    @Test
    void aRefusedAccessIsLoggedToo() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long notMine = data.beneficiary().create();
        mvc.perform(get("/beneficiaries/" + notMine).with(prescriber.login())).andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE beneficiary_id = :id AND user_id = :user")
                .param("id", notMine).param("user", prescriber.id()).query(String.class).list())
                .containsExactly("READ_DENIED");
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
        assertThat(bad).contains("Le n° de dossier doit être un nombre").contains("La date « Du » n’est pas valide")
                .contains("La date « Au » n’est pas valide");
    }
}
