package org.parcoursnumerique.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** Milestones, the derived stage, the live daily counts and the early exit. */
@IntegrationTest
@SuppressWarnings("unchecked")
class PathwayIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Milestones milestones;
    @Autowired TransactionTemplate tx;

    private String stage(long person) {
        return jdbc.sql("SELECT status FROM beneficiary WHERE id = :id").param("id", person).query(String.class).single();
    }

    private long counted(long person, String code, LocalDate day) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(c.people), 0) FROM milestone_daily_count c JOIN beneficiary b
                  ON b.programme_id = c.programme_id AND b.territory_id = c.territory_id
                WHERE b.id = :id AND c.code = :code AND c.reached_on = :day""")
                .param("id", person).param("code", code).param("day", day).query(Long.class).single();
    }

    private long actual(long person, String code, LocalDate day) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM milestone m JOIN beneficiary b
                  ON b.programme_id = m.programme_id AND b.territory_id = m.territory_id
                WHERE b.id = :id AND m.code = :code AND m.reached_on = :day""")
                .param("id", person).param("code", code).param("day", day).query(Long.class).single();
    }

    @Test
    void aMilestoneIsReachedOnceMovedAndWithdrawnWithHistoryAndTheStageFollows() {
        long person = data.beneficiary().named("Jalon", "Unique").withStatus("ACCEPTED").create();
        LocalDate day = LocalDate.of(2031, 3, 14);
        LocalDate other = LocalDate.of(2031, 3, 20);
        long before = counted(person, "EQUIPPED", day);

        assertThat(milestones.reach(person, Milestone.DIAGNOSED, day, null, "diagnostic:1")).isTrue();
        assertThat(stage(person)).isEqualTo("DIAGNOSED");
        assertThat(jdbc.sql("SELECT diagnosed_on FROM beneficiary WHERE id = :id").param("id", person)
                .query(LocalDate.class).single()).isEqualTo(day);
        assertThat(milestones.reach(person, Milestone.EQUIPPED, day, null, null)).isTrue();
        assertThat(milestones.reach(person, Milestone.EQUIPPED, other, null, null)).as("at most once").isFalse();
        assertThat(stage(person)).isEqualTo("IN_PATHWAY");
        assertThat(counted(person, "EQUIPPED", day)).isEqualTo(before + 1);

        assertThat(milestones.move(person, Milestone.EQUIPPED, other, null, "date corrigée")).isTrue();
        assertThat(counted(person, "EQUIPPED", day)).isEqualTo(before);
        assertThat(counted(person, "EQUIPPED", other)).isEqualTo(actual(person, "EQUIPPED", other));

        assertThat(milestones.withdraw(person, Milestone.EQUIPPED, null, "erreur de saisie")).isTrue();
        assertThat(milestones.withdraw(person, Milestone.EQUIPPED, null, "encore")).isFalse();
        assertThat(stage(person)).as("back to the diagnostic once the only later milestone is withdrawn").isEqualTo("DIAGNOSED");
        assertThat(counted(person, "EQUIPPED", other)).isEqualTo(actual(person, "EQUIPPED", other));

        assertThat(milestones.history(person)).extracting(c -> c.code() + " " + c.change() + " " + c.reason())
                .containsSubsequence("DIAGNOSED RECORDED null", "EQUIPPED RECORDED null",
                        "EQUIPPED MOVED date corrigée", "EQUIPPED WITHDRAWN erreur de saisie");
        assertThat(milestones.of(person)).extracting(ReachedMilestone::code)
                .containsExactly(Milestone.REFERRED, Milestone.ACCEPTED, Milestone.DIAGNOSED);
    }

    @Test
    void theStageIsDerivedFromMilestonesInPathwayOrder() {
        assertThat(Milestones.stage(java.util.EnumSet.of(Milestone.REFERRED))).isNull();
        assertThat(Milestones.stage(java.util.EnumSet.of(Milestone.REFERRED, Milestone.ACCEPTED)).name()).isEqualTo("ACCEPTED");
        assertThat(Milestones.stage(java.util.EnumSet.of(Milestone.DIAGNOSED, Milestone.CERTIFIED)).name()).isEqualTo("IN_PATHWAY");
        assertThat(Milestones.stage(java.util.EnumSet.of(Milestone.DIAGNOSED, Milestone.COMPLETED)).name()).isEqualTo("COMPLETED");
        assertThat(Milestones.stage(java.util.EnumSet.of(Milestone.COMPLETED, Milestone.EXITED)).name()).isEqualTo("DROPPED_OUT");
    }

    @Test
    void parallelReachesOfTheSameDayKeepTheDailyCountExact() throws Exception {
        LocalDate day = LocalDate.of(2032, 1, 5);
        List<Long> people = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            people.add(data.beneficiary().named("Parallèle", "N" + i).withStatus("ACCEPTED").create());
        }
        long territory = data.territory("T6");
        long before = jdbc.sql("SELECT COALESCE(SUM(people), 0) FROM milestone_daily_count WHERE territory_id = :t AND code = 'CERTIFIED' AND reached_on = :day")
                .param("t", territory).param("day", day).query(Long.class).single();
        var pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Boolean>> calls = new java.util.ArrayList<>();
            for (long p : people) {
                calls.add(() -> milestones.reach(p, Milestone.CERTIFIED, day, null, null));
                calls.add(() -> milestones.reach(p, Milestone.CERTIFIED, day, null, null));
            }
            long recorded = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                recorded += f.get() ? 1 : 0;
            }
            assertThat(recorded).as("each person once, whatever the double clicks").isEqualTo(12);
        } finally {
            pool.shutdown();
        }
        long after = jdbc.sql("SELECT SUM(people) FROM milestone_daily_count WHERE territory_id = :t AND code = 'CERTIFIED' AND reached_on = :day")
                .param("t", territory).param("day", day).query(Long.class).single();
        long rows = jdbc.sql("SELECT COUNT(*) FROM milestone WHERE territory_id = :t AND code = 'CERTIFIED' AND reached_on = :day")
                .param("t", territory).param("day", day).query(Long.class).single();
        assertThat(after).isEqualTo(before + 12).isEqualTo(rows);
    }

    @Test
    void aReferralRecordsReferredAndItsAcceptanceRecordsAccepted() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long person = data.beneficiary().named("Orientée", "Jalons").referredBy(prescriber.organisationId()).create();
        // The builder wrote REFERRED as the referral would have; a merge of a duplicate keeps one.
        assertThat(milestones.of(person)).extracting(ReachedMilestone::code).containsExactly(Milestone.REFERRED);
        long duplicate = data.beneficiary().named("Orientée", "Jalons").referredBy(prescriber.organisationId()).create();
        tx.executeWithoutResult(s -> milestones.mergeInto(duplicate, person, coordinator.id()));
        assertThat(milestones.of(duplicate)).isEmpty();
        assertThat(milestones.of(person)).hasSize(1);
        milestones.reach(person, Milestone.ACCEPTED, LocalDate.now(PageContext.ZONE), null, null);
        long third = data.beneficiary().named("Orientée", "Jalons").withStatus("ACCEPTED").create();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> milestones.mergeInto(third, person, coordinator.id())))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void theMediatorRecordsAnEarlyExitWithAReasonAndMayUndoIt() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().named("Sortie", "Anticipée").withStatus("DIAGNOSED").create();
        String today = LocalDate.now(PageContext.ZONE).toString();

        String page = mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Étapes du parcours").contains("href=\"/beneficiaries/" + person + "/exit\"");
        String form = mvc.perform(get("/beneficiaries/" + person + "/exit").with(mediator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(form).contains("name=\"reason\" value=\"MOVED_AWAY\"").contains("Sortie anticipée — Sortie Anticipée");
        // The page shows the person's name: the read is in the audit log.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :id AND action = 'READ' AND details = 'exit page'")
                .param("id", person).query(Long.class).single()).isEqualTo(1);

        // Refused input writes nothing and says why, field by field.
        mvc.perform(post("/beneficiaries/" + person + "/exit").with(csrf()).with(mediator.login())
                        .param("reason", "INCONNU").param("date", today))
                .andExpect(status().isFound())
                .andExpect(r -> assertThat((Map<String, String>) r.getFlashMap().get("errors")).containsEntry("reason", "exit.reason.required"));
        mvc.perform(post("/beneficiaries/" + person + "/exit").with(csrf()).with(mediator.login())
                        .param("reason", "OTHER").param("text", "  ").param("date", today))
                .andExpect(r -> assertThat((Map<String, String>) r.getFlashMap().get("errors")).containsEntry("text", "exit.text.required"));
        mvc.perform(post("/beneficiaries/" + person + "/exit").with(csrf()).with(mediator.login())
                        .param("reason", "HEALTH").param("date", LocalDate.now(PageContext.ZONE).plusDays(2).toString()))
                .andExpect(r -> assertThat((Map<String, String>) r.getFlashMap().get("errors")).containsEntry("date", "exit.date.future"));
        mvc.perform(post("/beneficiaries/" + person + "/exit").with(csrf()).with(mediator.login())
                        .param("reason", "HEALTH").param("date", "31/02/2026"))
                .andExpect(r -> assertThat((Map<String, String>) r.getFlashMap().get("errors")).containsEntry("date", "exit.date.invalid"));
        assertThat(stage(person)).isEqualTo("DIAGNOSED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM early_exit WHERE beneficiary_id = :id").param("id", person)
                .query(Long.class).single()).isZero();

        mvc.perform(post("/beneficiaries/" + person + "/exit").with(csrf()).with(mediator.login())
                        .param("reason", "OTHER").param("text", "Garde d’enfant impossible").param("date", today))
                .andExpect(status().isFound())
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo(new Flash(Flash.Severity.SUCCESS, "exit.recorded")));
        assertThat(stage(person)).isEqualTo("DROPPED_OUT");
        assertThat(jdbc.sql("SELECT reason_code || ' ' || reason_text FROM early_exit WHERE beneficiary_id = :id")
                .param("id", person).query(String.class).single()).isEqualTo("OTHER Garde d’enfant impossible");
        // A second click finds it recorded.
        mvc.perform(post("/beneficiaries/" + person + "/exit").with(csrf()).with(mediator.login())
                        .param("reason", "HEALTH").param("date", today))
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo(new Flash(Flash.Severity.ERROR, "exit.already")));
        page = mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Garde d’enfant impossible").contains("Sortie anticipée le");

        mvc.perform(post("/beneficiaries/" + person + "/exit/undo").with(csrf()).with(mediator.login())
                        .param("note", "Elle revient"))
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo(new Flash(Flash.Severity.SUCCESS, "exit.undone")));
        assertThat(stage(person)).isEqualTo("DIAGNOSED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM early_exit WHERE beneficiary_id = :id").param("id", person)
                .query(Long.class).single()).isZero();
        assertThat(milestones.history(person)).extracting(c -> c.code() + " " + c.change() + " " + c.reason())
                .contains("EXITED RECORDED OTHER: Garde d’enfant impossible", "EXITED WITHDRAWN Elle revient");
        mvc.perform(post("/beneficiaries/" + person + "/exit/undo").with(csrf()).with(mediator.login()))
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo(new Flash(Flash.Severity.ERROR, "exit.notExited")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :id AND details LIKE 'early exit%'")
                .param("id", person).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anEarlyExitIsOnlyForAcceptedPeopleInScope() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        var elsewhere = data.consortiumStaff(Role.MEDIATOR, "T8");
        var prescriber = data.prescriberUser("T6");
        long referred = data.beneficiary().named("Pas", "Encore").referredBy(prescriber.organisationId()).create();
        String today = LocalDate.now(PageContext.ZONE).toString();

        mvc.perform(post("/beneficiaries/" + referred + "/exit").with(csrf()).with(mediator.login())
                        .param("reason", "HEALTH").param("date", today))
                .andExpect(r -> assertThat(r.getFlashMap().get("flash")).isEqualTo(new Flash(Flash.Severity.ERROR, "exit.notInPathway")));
        assertThat(stage(referred)).isEqualTo("REFERRED");
        mvc.perform(get("/beneficiaries/" + referred + "/exit").with(elsewhere.login())).andExpect(status().isNotFound());
        mvc.perform(post("/beneficiaries/" + referred + "/exit").with(csrf()).with(elsewhere.login())
                .param("reason", "HEALTH").param("date", today)).andExpect(status().isNotFound());
        mvc.perform(get("/beneficiaries/" + referred + "/exit").with(prescriber.login())).andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :id AND action = 'READ_DENIED'")
                .param("id", referred).query(Long.class).single()).isPositive();
    }
}
