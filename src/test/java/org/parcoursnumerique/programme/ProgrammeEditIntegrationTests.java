package org.parcoursnumerique.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The département's programme manager edits the programme's dates, budget and targets; each change is audited. */
@IntegrationTest
class ProgrammeEditIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Programmes programmes;

    private Programmes.Programme original;
    private java.util.List<Programmes.TerritoryBudget> originalBudgets;
    private java.util.List<Programmes.Target> originalTargets;

    @BeforeEach
    void remember() {
        original = programmes.defaultProgramme();
        originalBudgets = programmes.budgets(original.id());
        originalTargets = programmes.targets(original.id());
    }

    /** Other tests read the default programme: it is put back as it was. */
    @AfterEach
    void restore() {
        jdbc.sql("""
                UPDATE programme SET starts_on = :s, ends_on = :e, diagnostic_deadline = :d, budget_total_cents = :b
                WHERE id = :id""").param("s", original.startsOn()).param("e", original.endsOn())
                .param("d", original.diagnosticDeadline()).param("b", original.budgetTotalCents())
                .param("id", original.id()).update();
        for (var b : originalBudgets) {
            jdbc.sql("UPDATE programme_territory SET budget_cents = :c WHERE programme_id = :p AND territory_id = :t")
                    .param("c", b.budgetCents()).param("p", original.id()).param("t", b.territoryId()).update();
        }
        for (var t : originalTargets) {
            jdbc.sql("""
                    UPDATE programme_target SET target_value = :v
                    WHERE programme_id = :p AND territory_id = :t AND indicator_code = :i""")
                    .param("v", t.targetValue()).param("p", original.id()).param("t", t.territoryId())
                    .param("i", t.indicatorCode()).update();
        }
    }

    /** The current values as the form sends them, with some replaced (name, value…). */
    private MockHttpServletRequestBuilder form(TestData.TestUser user, String... changes) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("startsOn", original.startsOn().toString());
        fields.put("endsOn", original.endsOn().toString());
        fields.put("diagnosticDeadline", original.diagnosticDeadline().toString());
        fields.put("budgetTotal", ProgrammeController.euros(original.budgetTotalCents()));
        for (var b : originalBudgets) {
            fields.put("budget-" + b.territoryId(), ProgrammeController.euros(b.budgetCents()));
        }
        for (var t : originalTargets) {
            fields.put("target-" + t.territoryId() + "-" + t.indicatorCode(), String.valueOf(t.targetValue()));
        }
        for (int i = 0; i < changes.length; i += 2) {
            fields.put(changes[i], changes[i + 1]);
        }
        var request = post("/programme").with(csrf()).with(user.login());
        fields.forEach(request::param);
        return request;
    }

    @Test
    void theProgrammeManagerChangesDatesBudgetAndTargetsAndEachChangeIsAudited() throws Exception {
        var manager = data.programmeManager();
        assertThat(mvc.perform(get("/programme").with(manager.login())).andReturn().getResponse().getContentAsString())
                .contains("href=\"/programme/edit\"");
        mvc.perform(get("/programme/edit").with(manager.login())).andExpect(status().isOk());
        long t6 = data.territory("T6");
        mvc.perform(form(manager, "endsOn", "2024-06-30", "budgetTotal", "800 000,50", "budget-" + t6, "200000",
                        "target-" + t6 + "-DIAGNOSED", "300"))
                .andExpect(redirectedUrl("/programme"));
        var changed = programmes.defaultProgramme();
        assertThat(changed.endsOn()).hasToString("2024-06-30");
        assertThat(changed.budgetTotalCents()).isEqualTo(80_000_050L);
        assertThat(programmes.budgets(changed.id())).filteredOn(b -> b.territoryId() == t6)
                .extracting(Programmes.TerritoryBudget::budgetCents).containsExactly(20_000_000L);
        assertThat(programmes.target(changed.id(), "DIAGNOSED", t6)).isEqualTo(300);

        var audit = jdbc.sql("""
                SELECT details FROM audit_event WHERE action = 'PROGRAMME_CHANGED' AND user_id = :u ORDER BY id""")
                .param("u", manager.id()).query(String.class).list();
        assertThat(audit).containsExactly(
                original.code() + " : endsOn " + original.endsOn() + " → 2024-06-30",
                original.code() + " : budgetTotalCents " + original.budgetTotalCents() + " → 80000050",
                original.code() + " : budgetCents[T6] 18750000 → 20000000",
                original.code() + " : target[T6,DIAGNOSED] 250 → 300");
    }

    @Test
    void wrongValuesAreExplainedAndNothingIsChanged() throws Exception {
        var manager = data.programmeManager();
        long t7 = data.territory("T7");
        String[][] cases = {
                {"endsOn", "2020-01-01", "La fin du programme doit venir après son début"},
                {"diagnosticDeadline", "2030-01-01", "La date limite des diagnostics doit être entre le début et la fin"},
                {"startsOn", "01/07/2021", "Saisissez une date valide"},
                {"budgetTotal", "-5", "Saisissez un montant en euros"},
                {"budgetTotal", "1,234", "au plus 2 chiffres après la virgule"},
                {"budget-" + t7, "", "Saisissez un montant, 0 s’il n’y en a pas"},
                {"budget-" + t7, "900000", "Les budgets des territoires dépassent le budget total"},
                {"target-" + t7 + "-EQUIPPED", "-1", "Saisissez un nombre entier de 0 à 1 000 000"},
                {"target-" + t7 + "-EQUIPPED", "", "Saisissez un objectif, 0 s’il n’y en a pas"},
        };
        for (String[] c : cases) {
            String page = mvc.perform(form(manager, c[0], c[1])).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString();
            assertThat(page).as("%s=%s", c[0], c[1]).contains("Il y a un problème").contains(c[2]);
        }
        assertThat(programmes.defaultProgramme()).isEqualTo(original);
        assertThat(programmes.budgets(original.id())).isEqualTo(originalBudgets);
        assertThat(programmes.targets(original.id())).isEqualTo(originalTargets);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'PROGRAMME_CHANGED' AND user_id = :u")
                .param("u", manager.id()).query(Long.class).single()).isZero();
    }

    @Test
    void onlyTheProgrammeManagerMayEditIt() throws Exception {
        for (var user : new TestData.TestUser[] {data.administrator(), data.eptViewer("T6"),
                data.consortiumStaff(Role.COORDINATOR, "T6"), data.prescriberUser("T6")}) {
            mvc.perform(get("/programme/edit").with(user.login())).andExpect(status().isNotFound());
            mvc.perform(form(user, "budgetTotal", "1")).andExpect(status().isNotFound());
            assertThat(mvc.perform(get("/programme").with(user.login())).andReturn().getResponse()
                    .getContentAsString()).doesNotContain("/programme/edit");
        }
        assertThat(programmes.defaultProgramme()).isEqualTo(original);
    }
}
