package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;


import com.github.kagkarlsson.scheduler.Scheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.parcoursnumerique.support.TestMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ReferralRemindersIntegrationTests {

    @Autowired ReferralReminders reminders;
    @Autowired Referrals referrals;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Scheduler scheduler;

    private long referral(TestData.TestUser prescriber, int daysAgo) {
        var submission = referrals.submit(new NewReferral("Attente", "Longue", LocalDate.of(1970, 1, 1), "93005",
                        "LONG_TERM_JOBSEEKER", null, null, null, null, null, null, true, true, false),
                new Referrals.Submitter(prescriber.organisationId(), prescriber.id(), prescriber.email(),
                        Referrals.Source.WEB));
        jdbc.sql("""
                UPDATE referral SET created_at = CURRENT_TIMESTAMP - :days * INTERVAL '1' DAY,
                       updated_at = CURRENT_TIMESTAMP - :days * INTERVAL '1' DAY WHERE id = :id""")
                .param("days", daysAgo).param("id", submission.referralId()).update();
        return submission.referralId();
    }

    @Test
    void remindsCoordinatorsOnceOfReferralsWaitingTooLong(CapturedOutput output) throws Exception {
        var prescriber = data.prescriberUser("T7");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T7");
        long old = referral(prescriber, 20);
        long recent = referral(prescriber, 1);

        int overdue = reminders.remindOverdue();
        assertThat(overdue).isGreaterThanOrEqualTo(1);
        assertThat(output).contains("Referral reminders: ").contains("working days");
        assertThat(jdbc.sql("SELECT reminder_sent_at IS NOT NULL FROM referral WHERE id = :id").param("id", old)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT reminder_sent_at IS NULL FROM referral WHERE id = :id").param("id", recent)
                .query(Boolean.class).single()).isTrue();
        assertThat(TestMail.awaitText(coordinator.email(), "Des orientations")).contains("http://parcours.test/triage").doesNotContain("Attente");

        // Once per referral: the next run does not remind of it again.
        reminders.remindOverdue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE recipient = :to AND subject LIKE 'Des orientations%'")
                .param("to", coordinator.email())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theReminderIsAPersistentDailyJob() {
        assertThat(scheduler.getScheduledExecutions()).anyMatch(e -> e.getTaskInstance().getTaskName()
                .equals("referral-reminders"));
    }
}
