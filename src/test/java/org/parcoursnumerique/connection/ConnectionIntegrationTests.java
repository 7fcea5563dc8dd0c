package org.parcoursnumerique.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.pathway.ReachedMilestone;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class ConnectionIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired Pathways pathways;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Milestones milestones;
    @Autowired ConnectionJob job;

    static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/Paris"));
    }

    Map<Milestone, LocalDate> reached(long person) {
        return milestones.of(person).stream().collect(Collectors.toMap(ReachedMilestone::code, ReachedMilestone::reachedOn));
    }

    long periodId(long line, int index) {
        return jdbc.sql("SELECT id FROM connection_period WHERE line_id = :l AND cancelled_at IS NULL ORDER BY start_date")
                .param("l", line).query(Long.class).list().get(index);
    }

    @Test
    void sevenMonthsPaidReachConnectedAndSixMonthsOnTheDaysCoverageSays() throws Exception {
        var c = pathways.person().in("T6").connected(200, 7);
        LocalDate activation = today().minusDays(200);
        var reached = reached(c.person().personId());
        assertThat(reached).containsEntry(Milestone.CONNECTED, activation)
                .containsEntry(Milestone.CONNECTED_6_MONTHS, activation.plusDays(183));
        assertThat(milestones.of(c.person().personId())).filteredOn(m -> m.code() == Milestone.CONNECTED_6_MONTHS)
                .extracting(ReachedMilestone::source).containsExactly("connection-line:" + c.lineId());
        String page = mvc.perform(get("/connection/lines/" + c.lineId()).with(c.person().mediator().login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("6 mois atteints le");
        // The person's page shows the line; the prescriber sees the milestones on the referral.
        assertThat(mvc.perform(get("/beneficiaries/" + c.person().personId()).with(c.person().mediator().login()))
                .andReturn().getResponse().getContentAsString()).contains("/connection/lines/" + c.lineId());
        assertThat(mvc.perform(get("/referrals/" + c.person().referralId()).with(c.person().prescriber().login()))
                .andReturn().getResponse().getContentAsString()).contains("Connectée depuis 6 mois");
    }

    @Test
    void cancellingAPeriodWithdrawsSixMonthsAndPayingItAgainReachesThemAgain() throws Exception {
        var c = pathways.person().in("T6").connected(200, 7);
        long person = c.person().personId();
        long third = periodId(c.lineId(), 2);
        var period = jdbc.sql("SELECT start_date, end_date FROM connection_period WHERE id = :id").param("id", third)
                .query((rs, n) -> new LocalDate[] {rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)})
                .single();
        mvc.perform(post("/connection/lines/" + c.lineId() + "/periods/" + third + "/cancel").with(csrf())
                .with(c.person().mediator().login()).param("reason", "Saisie en double"));
        assertThat(reached(person)).containsKey(Milestone.CONNECTED).doesNotContainKey(Milestone.CONNECTED_6_MONTHS);
        mvc.perform(post("/connection/lines/" + c.lineId() + "/periods").with(csrf()).with(c.person().mediator().login())
                .param("start", period[0].toString()).param("end", period[1].toString()).param("amount", "9,90")
                .param("paidBy", "PERSON"));
        assertThat(reached(person)).containsEntry(Milestone.CONNECTED_6_MONTHS, today().minusDays(200).plusDays(183));
        // A second line activated earlier moves CONNECTED to its activation.
        var line2 = mvc.perform(post("/beneficiaries/" + person + "/connection").with(csrf()).with(c.person().mediator().login())
                .param("offerId", String.valueOf(c.offerId())).param("contractReference", "BOX-" + Pathways.letters())
                .param("activationDate", today().minusDays(250).toString())).andReturn().getResponse();
        assertThat(line2.getStatus()).isEqualTo(302);
        assertThat(reached(person)).containsEntry(Milestone.CONNECTED, today().minusDays(250));
        assertThat(jdbc.sql("SELECT change FROM milestone_change WHERE beneficiary_id = :p AND code = 'CONNECTED' ORDER BY id")
                .param("p", person).query(String.class).list()).containsExactly("RECORDED", "MOVED");
    }

    @Test
    void aGapBeyondTheToleranceBreaksTheSixMonths() throws Exception {
        var c = pathways.person().in("T6").connected(250, 3);
        LocalDate activation = today().minusDays(250);
        // A period starting 5 days after the third month ended: beyond the 3 days tolerated.
        mvc.perform(post("/connection/lines/" + c.lineId() + "/top-up").with(csrf()).with(c.person().mediator().login())
                .param("topUpStart", activation.plusMonths(3).plusDays(5).toString()).param("months", "5")
                .param("topUpAmount", "9,90").param("topUpPaidBy", "PROGRAMME"));
        assertThat(reached(c.person().personId())).doesNotContainKey(Milestone.CONNECTED_6_MONTHS);
        // Filling the gap joins them.
        mvc.perform(post("/connection/lines/" + c.lineId() + "/periods").with(csrf()).with(c.person().mediator().login())
                .param("start", activation.plusMonths(3).toString()).param("end", activation.plusMonths(3).plusDays(4).toString())
                .param("amount", "1,50").param("paidBy", "PROGRAMME"));
        assertThat(reached(c.person().personId())).containsEntry(Milestone.CONNECTED_6_MONTHS, activation.plusDays(183));
    }

    @Test
    void badInputIsExplainedAndNothingIsWritten() throws Exception {
        var c = pathways.person().in("T6").connected(40, 1);
        long person = c.person().personId();
        long lines = count("connection_line", person);
        String page = mvc.perform(post("/beneficiaries/" + person + "/connection").with(csrf())
                        .with(c.person().mediator().login()).param("offerId", String.valueOf(c.offerId()))
                        .param("iccid", "89014103211118510721").param("activationDate", today().plusDays(1).toString()))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("n’est pas valide").contains("ne peut pas être à venir");
        assertThat(count("connection_line", person)).isEqualTo(lines);
        // An overlapping period, an end before the start, a bad amount: refused, nothing added.
        long periods = jdbc.sql("SELECT COUNT(*) FROM connection_period WHERE line_id = :l").param("l", c.lineId())
                .query(Long.class).single();
        for (String[] p : new String[][] {{today().minusDays(40).toString(), today().minusDays(20).toString(), "9,90"},
                {today().minusDays(2).toString(), today().minusDays(5).toString(), "9,90"},
                {today().toString(), today().plusDays(20).toString(), "douze"}}) {
            var r = mvc.perform(post("/connection/lines/" + c.lineId() + "/periods").with(csrf())
                    .with(c.person().mediator().login()).param("start", p[0]).param("end", p[1]).param("amount", p[2])
                    .param("paidBy", "PROGRAMME")).andReturn().getResponse();
            assertThat(r.getStatus()).isEqualTo(200);
            assertThat(r.getContentAsString()).contains("error-summary");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM connection_period WHERE line_id = :l").param("l", c.lineId())
                .query(Long.class).single()).isEqualTo(periods);
        // The same SIM card again is refused.
        String iccid = jdbc.sql("SELECT iccid FROM connection_line WHERE id = :l").param("l", c.lineId()).query(String.class).single();
        String again = mvc.perform(post("/beneficiaries/" + person + "/connection").with(csrf())
                        .with(c.person().mediator().login()).param("offerId", String.valueOf(c.offerId()))
                        .param("iccid", iccid).param("activationDate", today().toString()))
                .andReturn().getResponse().getContentAsString();
        assertThat(again).contains("déjà enregistrée");
    }

    @Test
    void staffOfAnotherTerritoryGetNotFound() throws Exception {
        var c = pathways.person().in("T6").connected(10, 1);
        var mediatorT8 = data.user(Role.MEDIATOR, data.consortiumMember("T8"));
        assertThat(mvc.perform(get("/connection/lines/" + c.lineId()).with(mediatorT8.login())).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(mvc.perform(post("/connection/lines/" + c.lineId() + "/periods").with(csrf()).with(mediatorT8.login())
                .param("start", today().toString()).param("end", today().plusDays(3).toString()).param("amount", "1")
                .param("paidBy", "PROGRAMME")).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/beneficiaries/" + c.person().personId() + "/connection/new").with(mediatorT8.login()))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        // The prescriber never sees a line.
        assertThat(mvc.perform(get("/connection/lines/" + c.lineId()).with(c.person().prescriber().login()))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aLapsedLineAsksForACheckAndConnectedByOwnMeansCountsAsConnected() throws Exception {
        // Activated 190 days ago, five months paid: lapsed about 40 days ago.
        var c = pathways.person().in("T6").connected(190, 5);
        long person = c.person().personId();
        var mediator = c.person().mediator();
        String list = mvc.perform(get("/connection").param("list", "check").with(mediator.login())).andReturn()
                .getResponse().getContentAsString();
        assertThat(list).contains("/connection/lines/" + c.lineId());
        assertThat(reached(person)).doesNotContainKey(Milestone.CONNECTED_6_MONTHS);
        var r = mvc.perform(post("/connection/lines/" + c.lineId() + "/checks").with(csrf()).with(mediator.login())
                .param("outcome", "OWN_MEANS").param("checkedOn", today().toString())).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(302);
        // Connected by own means from the lapse to today: 190 days of coverage.
        assertThat(reached(person)).containsEntry(Milestone.CONNECTED_6_MONTHS, today().minusDays(190).plusDays(183));
        assertThat(mvc.perform(get("/connection").param("list", "check").with(mediator.login())).andReturn()
                .getResponse().getContentAsString()).doesNotContain("/connection/lines/" + c.lineId() + "\"");
        // The check is on the timeline.
        assertThat(mvc.perform(get("/beneficiaries/" + person + "/timeline").with(mediator.login())).andReturn()
                .getResponse().getContentAsString()).contains("connectée par ses propres moyens");
    }

    @Test
    void theDailyJobReachesSixMonthsOnceAndRemindsOncePerLapse() throws Exception {
        var c = pathways.person().in("T6").connected(183, 6);
        long person = c.person().personId();
        assertThat(reached(person)).containsKey(Milestone.CONNECTED_6_MONTHS);
        // As if the day had come while nobody changed the line: the job records it, once.
        jdbc.sql("UPDATE connection_line SET six_months_recorded_on = NULL WHERE id = :l").param("l", c.lineId()).update();
        milestones.withdraw(person, Milestone.CONNECTED_6_MONTHS, null, "test");
        job.reachDue();
        assertThat(reached(person)).containsEntry(Milestone.CONNECTED_6_MONTHS, today());
        int changes = jdbc.sql("SELECT COUNT(*) FROM milestone_change WHERE beneficiary_id = :p").param("p", person)
                .query(Integer.class).single();
        job.reachDue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM milestone_change WHERE beneficiary_id = :p").param("p", person)
                .query(Integer.class).single()).isEqualTo(changes);

        // A line lapsing in the coming days: one reminder by e-mail, not two.
        var soon = pathways.person().in("T6").connected(25, 1);
        long other = soon.person().personId();
        jdbc.sql("UPDATE beneficiary SET email = 'connexion.rappel@example.org' WHERE id = :p").param("p", other).update();
        String lapses = jdbc.sql("SELECT lapses_on FROM connection_line WHERE id = :l").param("l", soon.lineId())
                .query(String.class).single();
        assertThat(LocalDate.parse(lapses)).isAfter(today()).isBeforeOrEqualTo(today().plusDays(7));
        assertThat(mvc.perform(get("/connection").with(soon.person().mediator().login())).andReturn().getResponse()
                .getContentAsString()).contains("/connection/lines/" + soon.lineId());
        job.remindLapsing();
        job.remindLapsing();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE beneficiary_id = :p AND kind = 'REMINDER'")
                .param("p", other).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void theOverviewShowsWhatConnectionCostPerTerritory() throws Exception {
        var c = pathways.person().in("T8").connected(60, 2);
        String page = mvc.perform(get("/connection").with(c.person().coordinator().login())).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("Ce que la connexion a coûté").contains("T8");
        assertThat(page).doesNotContain("T6 ");
    }

    private long count(String table, long person) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).single();
    }
}
