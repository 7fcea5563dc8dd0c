package org.parcoursnumerique.appointment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AppointmentIntegrationTests {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired AppointmentReminders reminders;

    TestData.TestUser mediator;
    long structure;
    String email;
    long person;
    LocalDate day;

    @BeforeEach
    void situation() {
        mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        structure = mediator.organisationId();
        email = TestData.unique("personne").replace(' ', '.') + "@test.parcours.example";
        person = data.beneficiary().withStatus("ACCEPTED").withEmail(email).create();
        day = LocalDate.now(PARIS).plusDays(10);
    }

    private MockHttpServletRequestBuilder schedule(long personId, LocalDate date, String time) {
        return post("/beneficiaries/" + personId + "/appointments").with(csrf()).with(mediator.login())
                .param("date", date == null ? "" : date.toString()).param("time", time)
                .param("durationMinutes", "60").param("structureId", String.valueOf(structure))
                .param("mediatorId", String.valueOf(mediator.id()));
    }

    private long scheduled(long personId) throws Exception {
        mvc.perform(schedule(personId, day, "14:30")).andExpect(status().isFound());
        return jdbc.sql("SELECT id FROM appointment WHERE beneficiary_id = :p AND status = 'SCHEDULED'")
                .param("p", personId).query(Long.class).single();
    }

    private List<String> kinds(long personId, String channel) {
        return jdbc.sql("SELECT kind FROM outbox_message WHERE beneficiary_id = :p AND channel = :c ORDER BY id")
                .param("p", personId).param("c", channel).query(String.class).list();
    }

    private boolean reminderPlanned(long appointmentId) {
        return jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'appointment-reminder' AND task_instance = :i")
                .param("i", String.valueOf(appointmentId)).query(Long.class).single() == 1;
    }

    @Test
    void schedulingInvitesThePersonByEmailWithACalendarEventAndBySms() throws Exception {
        mvc.perform(schedule(person, day, "14:30")).andExpect(status().isFound())
                .andExpect(redirectedUrl("/beneficiaries/" + person))
                .andExpect(flash().attribute("flash", "appointment.scheduled"));
        long id = jdbc.sql("SELECT id FROM appointment WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).single();
        assertThat(kinds(person, "EMAIL")).containsExactly("INVITATION");
        // The test person chose SMS as their channel and has a phone.
        assertThat(kinds(person, "SMS")).containsExactly("INVITATION");
        assertThat(jdbc.sql("SELECT body FROM outbox_message WHERE beneficiary_id = :p AND channel = 'SMS'")
                .param("p", person).query(String.class).single())
                .contains("Élodie").contains(" à 14 h 30").contains("12 rue de l’Essai, 93200 Saint-Denis")
                .contains("01 99 00 00 12");

        MimeMessage mail = mailTo(email, "Votre rendez-vous");
        BodyPart calendarPart = part((MimeMultipart) mail.getContent(), "text/calendar");
        String body = text(part((MimeMultipart) mail.getContent(), "text/plain"));
        String calendar = text(calendarPart);
        String calendarType = calendarPart.getContentType();
        assertThat(body).contains("Bonjour Élodie").contains("Quand ? Le ").contains(" à 14 h 30")
                .contains("2e étage, interphone 12").contains("pièce d’identité").contains("appelez le 01 99 00 00 12");
        assertThat(calendarType).contains("method=REQUEST");
        assertThat(calendar).contains("\r\n").contains("METHOD:REQUEST").contains("UID:appointment-" + id + "@parcours.test");
        Instant start = Instant.from(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX")
                .parse(line(calendar, "DTSTART:")));
        // Europe/Paris: 14:30 there, whatever the season, is what the calendar shows.
        assertThat(start).isEqualTo(ZonedDateTime.of(day, LocalTime.of(14, 30), PARIS).toInstant());
        assertThat(start.atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(14, 30));

        // The reminder is a persistent job: a row of db-scheduler's table, 2 days before at 10:00 in Paris.
        assertThat(reminderPlanned(id)).isTrue();
        assertThat(jdbc.sql("SELECT execution_time FROM scheduled_tasks WHERE task_name = 'appointment-reminder' AND task_instance = :i")
                .param("i", String.valueOf(id)).query(OffsetDateTime.class).single().toInstant())
                .isEqualTo(ZonedDateTime.of(day.minusDays(2), LocalTime.of(10, 0), PARIS).toInstant());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM appointment_transition WHERE appointment_id = :i AND to_status = 'SCHEDULED'")
                .param("i", id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND details LIKE 'appointment % scheduled'")
                .param("p", person).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aWrongFormIsShownAgainWithFrenchMessagesAndNothingIsWritten() throws Exception {
        mvc.perform(post("/beneficiaries/" + person + "/appointments").with(csrf()).with(mediator.login())
                        .param("date", "").param("time", "").param("durationMinutes", "7"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.allOf(
                        // RGAA 11.10: the page title says that the form has errors.
                        org.hamcrest.Matchers.containsString("<title>Erreur\u00a0: "),
                        org.hamcrest.Matchers.containsString("Saisissez la date du rendez-vous."),
                        org.hamcrest.Matchers.containsString("Saisissez l’heure du rendez-vous."),
                        org.hamcrest.Matchers.containsString("Choisissez une durée dans la liste."),
                        org.hamcrest.Matchers.containsString("Choisissez le lieu du rendez-vous."),
                        org.hamcrest.Matchers.containsString("Choisissez le médiateur ou la médiatrice."))));
        mvc.perform(schedule(person, LocalDate.now(PARIS).minusDays(1), "10:00")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Le rendez-vous doit être dans le futur.")));
        mvc.perform(schedule(person, LocalDate.now(PARIS).plusYears(2), "10:00")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Le rendez-vous doit être dans moins d’un an.")));
        mvc.perform(schedule(person, day, "25:99")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Saisissez une heure valide")));
        // 02:30 on the next last Sunday of March does not exist in Paris (clocks go forward).
        LocalDate springForward = LocalDate.now(PARIS).withMonth(3)
                .with(java.time.temporal.TemporalAdjusters.lastInMonth(java.time.DayOfWeek.SUNDAY));
        if (!springForward.isAfter(LocalDate.now(PARIS))) {
            springForward = springForward.plusYears(1).withMonth(3)
                    .with(java.time.temporal.TemporalAdjusters.lastInMonth(java.time.DayOfWeek.SUNDAY));
        }
        mvc.perform(schedule(person, springForward, "02:30")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("passage à l’heure d’été")));
        long otherTerritory = data.consortiumMember("T8");
        long otherMediator = data.user(Role.MEDIATOR, otherTerritory).id();
        mvc.perform(post("/beneficiaries/" + person + "/appointments").with(csrf()).with(mediator.login())
                        .param("date", day.toString()).param("time", "10:00").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(otherTerritory))
                        .param("mediatorId", String.valueOf(otherMediator)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("Choisissez une structure membre du territoire de la personne"),
                        org.hamcrest.Matchers.containsString("Choisissez un médiateur ou un coordinateur actif"))));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM appointment WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).single()).isZero();
        assertThat(kinds(person, "EMAIL")).isEmpty();
    }

    @Test
    void staffOfAnotherTerritoryAndPrescribersGet404AndOnlyAcceptedPeopleGetAppointments() throws Exception {
        var elsewhere = data.consortiumStaff(Role.MEDIATOR, "T8");
        mvc.perform(get("/beneficiaries/" + person + "/appointments/new").with(elsewhere.login()))
                .andExpect(status().isNotFound());
        mvc.perform(schedule(person, day, "10:00").with(elsewhere.login())).andExpect(status().isNotFound());
        var prescriber = data.user(Role.PRESCRIBER, jdbc.sql("SELECT referring_organisation_id FROM beneficiary WHERE id = :p")
                .param("p", person).query(Long.class).single());
        mvc.perform(get("/beneficiaries/" + person + "/appointments/new").with(prescriber.login()))
                .andExpect(status().isNotFound());

        long referred = data.beneficiary().create();
        mvc.perform(get("/beneficiaries/" + referred + "/appointments/new").with(mediator.login()))
                .andExpect(status().isConflict())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("n’est pas acceptée")));
        mvc.perform(schedule(referred, day, "10:00")).andExpect(status().isConflict());

        mvc.perform(get("/beneficiaries/" + person + "/appointments/new").with(mediator.login()))
                .andExpect(status().isOk());
        scheduled(person);
        mvc.perform(schedule(person, day.plusDays(1), "10:00")).andExpect(status().isConflict())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("a déjà un rendez-vous de diagnostic prévu")));
    }

    @Test
    void aNoShowIsRecordedOnTheDayAndThePersonIsInvitedAgain() throws Exception {
        long id = scheduled(person);
        mvc.perform(post("/appointments/" + id + "/no-show").with(csrf()).with(mediator.login()))
                .andExpect(status().isConflict())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("n’a pas encore commencé")));
        jdbc.sql("UPDATE appointment SET starts_at = :t WHERE id = :id")
                .param("t", OffsetDateTime.now().minusMinutes(90)).param("id", id).update();
        mvc.perform(post("/appointments/" + id + "/no-show").with(csrf()).with(mediator.login())
                        .param("note", "  Pas venue, pas de réponse au téléphone. "))
                .andExpect(status().isFound()).andExpect(flash().attribute("flash", "appointment.markedNoShow"));
        assertThat(jdbc.sql("SELECT status FROM appointment WHERE id = :id").param("id", id).query(String.class).single())
                .isEqualTo("NO_SHOW");
        assertThat(jdbc.sql("SELECT note FROM appointment_transition WHERE appointment_id = :id AND to_status = 'NO_SHOW'")
                .param("id", id).query(String.class).single()).isEqualTo("Pas venue, pas de réponse au téléphone.");
        assertThat(reminderPlanned(id)).isFalse();
        mvc.perform(post("/appointments/" + id + "/attended").with(csrf()).with(mediator.login()))
                .andExpect(status().isConflict());

        mvc.perform(get("/appointments/" + id + "/reinvite").with(mediator.login())).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Nouveau rendez-vous pour")));
        mvc.perform(post("/appointments/" + id + "/reinvite").with(csrf()).with(mediator.login())
                        .param("date", day.plusDays(3).toString()).param("time", "09:15").param("durationMinutes", "45")
                        .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(mediator.id())))
                .andExpect(status().isFound()).andExpect(flash().attribute("flash", "appointment.reinvited"));
        long next = jdbc.sql("SELECT id FROM appointment WHERE reinvited_from_id = :id AND status = 'SCHEDULED'")
                .param("id", id).query(Long.class).single();
        assertThat(reminderPlanned(next)).isTrue();
        assertThat(kinds(person, "EMAIL")).containsExactly("INVITATION", "INVITATION");
        // Only one new appointment: the no-show cannot be re-invited twice while the new one is scheduled.
        mvc.perform(get("/appointments/" + id + "/reinvite").with(mediator.login())).andExpect(status().isConflict());
    }

    @Test
    void movingAnAppointmentUpdatesTheSameCalendarEventAndCancellingRemovesIt() throws Exception {
        long id = scheduled(person);
        mvc.perform(get("/appointments/" + id + "/reinvite").with(mediator.login())).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"14:30\"")));
        mvc.perform(post("/appointments/" + id + "/reinvite").with(csrf()).with(mediator.login())
                        .param("date", day.plusDays(1).toString()).param("time", "11:00").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(mediator.id())))
                .andExpect(status().isFound()).andExpect(flash().attribute("flash", "appointment.moved"));
        assertThat(jdbc.sql("SELECT ics_sequence FROM appointment WHERE id = :id").param("id", id).query(Integer.class)
                .single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT execution_time FROM scheduled_tasks WHERE task_name = 'appointment-reminder' AND task_instance = :i")
                .param("i", String.valueOf(id)).query(OffsetDateTime.class).single().toInstant())
                .isEqualTo(ZonedDateTime.of(day.minusDays(1), LocalTime.of(10, 0), PARIS).toInstant());
        String moved = calendarOf(mailTo(email, "Votre rendez-vous change"));
        assertThat(moved).contains("UID:appointment-" + id + "@parcours.test").contains("SEQUENCE:1");

        mvc.perform(post("/appointments/" + id + "/cancel").with(csrf()).with(mediator.login()).param("note", "Structure fermée"))
                .andExpect(status().isFound()).andExpect(flash().attribute("flash", "appointment.cancelled"));
        assertThat(reminderPlanned(id)).isFalse();
        assertThat(kinds(person, "EMAIL")).containsExactly("INVITATION", "RESCHEDULING", "CANCELLATION");
        String cancelled = calendarOf(mailTo(email, "Rendez-vous annulé"));
        assertThat(cancelled).contains("METHOD:CANCEL").contains("UID:appointment-" + id + "@parcours.test")
                .contains("SEQUENCE:2").contains("STATUS:CANCELLED");
        mvc.perform(post("/appointments/" + id + "/cancel").with(csrf()).with(mediator.login()))
                .andExpect(status().isConflict());
    }

    @Test
    void theReminderIsSentOnceEvenWhenTheJobRunsTwiceAndNeverForACancelledAppointment(CapturedOutput output)
            throws Exception {
        long id = scheduled(person);
        assertThat(reminders.remind(id)).isTrue();
        assertThat(reminders.remind(id)).isFalse();
        assertThat(kinds(person, "EMAIL")).containsExactly("INVITATION", "REMINDER");
        assertThat(kinds(person, "SMS")).containsExactly("INVITATION", "REMINDER");
        assertThat(output).contains("Appointment reminder: appointment " + id + " reminded, 2 message(s) queued");

        long other = data.beneficiary().withStatus("ACCEPTED").withEmail("autre-" + email).create();
        day = day.plusDays(1);
        long cancelled = scheduled(other);
        mvc.perform(post("/appointments/" + cancelled + "/cancel").with(csrf()).with(mediator.login()))
                .andExpect(status().isFound());
        assertThat(reminders.remind(cancelled)).isFalse();
        assertThat(kinds(other, "EMAIL")).containsExactly("INVITATION", "CANCELLATION");
        assertThat(output).contains("Appointment reminder: appointment " + cancelled + " not scheduled any more");
    }

    @Test
    void anAppointmentSoonerThanTheReminderDelayGetsNoSeparateReminder() throws Exception {
        day = LocalDate.now(PARIS).plusDays(1);
        long id = scheduled(person);
        assertThat(reminderPlanned(id)).isFalse();
    }

    @Test
    void aPersonWithoutEmailNorSmsConsentIsSavedAndTheMediatorIsToldToInformThem() throws Exception {
        long quiet = data.beneficiary().withStatus("ACCEPTED").create();
        jdbc.sql("INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at) "
                + "VALUES (:p, 'SMS_CONTACT', '2021-09', FALSE, CURRENT_TIMESTAMP)").param("p", quiet).update();
        mvc.perform(schedule(quiet, day, "10:00")).andExpect(status().isFound())
                .andExpect(flash().attribute("flash", new org.parcoursnumerique.shared.Flash(
                        org.parcoursnumerique.shared.Flash.Severity.WARNING, "appointment.scheduled.unreachable")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE beneficiary_id = :p").param("p", quiet)
                .query(Long.class).single()).isZero();
        mvc.perform(get("/beneficiaries/" + quiet).with(mediator.login())).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("prévenez-la vous-même du rendez-vous"),
                        org.hamcrest.Matchers.containsString("Imprimez la lettre de convocation"),
                        org.hamcrest.Matchers.containsString("letter.pdf\">Lettre de convocation (PDF)</a>"))));
    }

    @Test
    void thePersonsPageListsAppointmentsAndMessagesToStaffAndOnlyDatesToThePrescriber() throws Exception {
        long id = scheduled(person);
        waitForSent(person);
        String page = mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("Rendez-vous de diagnostic").contains("/appointments/" + id + "/cancel")
                .contains("Messages envoyés à la personne").contains("Convocation").contains("Envoyé le")
                .contains("rendez-vous.ics");

        var programmeManager = data.programmeManager();
        String managers = mvc.perform(get("/beneficiaries/" + person).with(programmeManager.login()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(managers).contains("Messages envoyés à la personne").contains("12 rue de l’Essai")
                .doesNotContain("/appointments/" + id + "/cancel");

        var prescriber = data.user(Role.PRESCRIBER, jdbc.sql("SELECT referring_organisation_id FROM beneficiary WHERE id = :p")
                .param("p", person).query(Long.class).single());
        String prescribers = mvc.perform(get("/beneficiaries/" + person).with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(prescribers).contains("Rendez-vous de diagnostic").contains("Prévu")
                .doesNotContain("Messages envoyés à la personne").doesNotContain("12 rue de l’Essai")
                .doesNotContain("/appointments/" + id);

        String agenda = mvc.perform(get("/appointments").with(mediator.login()).param("mine", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(agenda).contains("/beneficiaries/" + person + "#appointments");
        String othersAgenda = mvc.perform(get("/appointments").with(data.consortiumStaff(Role.MEDIATOR, "T8").login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(othersAgenda).doesNotContain("/beneficiaries/" + person + "#appointments");
    }

    @Test
    void aDoubleBookingOfTheMediatorIsRefusedInlineUntilItIsConfirmed() throws Exception {
        long first = scheduled(person);
        long other = data.beneficiary().withStatus("ACCEPTED").create();
        mvc.perform(schedule(other, day, "15:00")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("a déjà un rendez-vous à cette heure-là"),
                        org.hamcrest.Matchers.containsString("name=\"confirmOverlap\""))));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM appointment WHERE beneficiary_id = :p").param("p", other)
                .query(Long.class).single()).isZero();
        // Right after the first one ends: no overlap.
        mvc.perform(schedule(other, day, "15:30")).andExpect(status().isFound());
        long third = data.beneficiary().withStatus("ACCEPTED").create();
        mvc.perform(schedule(third, day, "14:00").param("confirmOverlap", "true")).andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND details LIKE '%(overlap confirmed)'")
                .param("p", third).query(Long.class).single()).isEqualTo(1);
        // Moving an appointment checks the others (14:45 meets the third, 14:00–15:00) but not itself
        // (15:00–15:30 is within its own 14:30–15:30, between the third and the second).
        mvc.perform(post("/appointments/" + first + "/reinvite").with(csrf()).with(mediator.login())
                        .param("date", day.toString()).param("time", "14:45").param("durationMinutes", "30")
                        .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(mediator.id())))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("a déjà un rendez-vous à cette heure-là")));
        mvc.perform(post("/appointments/" + first + "/reinvite").with(csrf()).with(mediator.login())
                        .param("date", day.toString()).param("time", "15:00").param("durationMinutes", "30")
                        .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(mediator.id())))
                .andExpect(status().isFound());
        // Another mediator's appointments do not count.
        var colleague = data.user(Role.MEDIATOR, structure);
        long fourth = data.beneficiary().withStatus("ACCEPTED").create();
        mvc.perform(post("/beneficiaries/" + fourth + "/appointments").with(csrf()).with(mediator.login())
                        .param("date", day.toString()).param("time", "14:30").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(colleague.id())))
                .andExpect(status().isFound());
    }

    @Test
    void aWalkInIsRecordedAsAttendedWithoutInvitationButNeverInTheFuture() throws Exception {
        mvc.perform(get("/beneficiaries/" + person + "/appointments/past").with(mediator.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Aucun message n’est envoyé")));
        var now = ZonedDateTime.now(PARIS);
        MockHttpServletRequestBuilder past = post("/beneficiaries/" + person + "/appointments/past").with(csrf())
                .with(mediator.login()).param("durationMinutes", "45").param("structureId", String.valueOf(structure))
                .param("mediatorId", String.valueOf(mediator.id()));
        mvc.perform(past.param("date", now.plusDays(1).toLocalDate().toString()).param("time", "10:00"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("n’a pas encore eu lieu")));
        mvc.perform(post("/beneficiaries/" + person + "/appointments/past").with(csrf()).with(mediator.login())
                        .param("date", now.minusYears(2).toLocalDate().toString()).param("time", "10:00")
                        .param("durationMinutes", "45").param("structureId", String.valueOf(structure))
                        .param("mediatorId", String.valueOf(mediator.id())).param("note", "x".repeat(501)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("dans l’année écoulée"),
                        org.hamcrest.Matchers.containsString("500 caractères au plus."))));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM appointment WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).single()).isZero();

        var earlier = now.minusHours(2);
        mvc.perform(post("/beneficiaries/" + person + "/appointments/past").with(csrf()).with(mediator.login())
                        .param("date", earlier.toLocalDate().toString())
                        .param("time", earlier.toLocalTime().withSecond(0).withNano(0).toString())
                        .param("durationMinutes", "45").param("structureId", String.valueOf(structure))
                        .param("mediatorId", String.valueOf(mediator.id())).param("note", " Venue à la permanence "))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/beneficiaries/" + person))
                .andExpect(flash().attribute("flash", "appointment.recordedPast"));
        long id = jdbc.sql("SELECT id FROM appointment WHERE beneficiary_id = :p AND status = 'ATTENDED'")
                .param("p", person).query(Long.class).single();
        assertThat(jdbc.sql("SELECT note FROM appointment_transition WHERE appointment_id = :id AND to_status = 'ATTENDED' AND from_status IS NULL")
                .param("id", id).query(String.class).single()).isEqualTo("Venue à la permanence");
        assertThat(kinds(person, "EMAIL")).isEmpty();
        assertThat(kinds(person, "SMS")).isEmpty();
        assertThat(reminderPlanned(id)).isFalse();

        // The next step is the diagnostic: no new appointment is offered on the person's page.
        String page = mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("Venu").doesNotContain("/beneficiaries/" + person + "/appointments/new")
                .doesNotContain("/appointments/" + id + "/reinvite");
        // A prescriber or another territory's mediator cannot record one.
        var elsewhere = data.consortiumStaff(Role.MEDIATOR, "T8");
        mvc.perform(get("/beneficiaries/" + person + "/appointments/past").with(elsewhere.login()))
                .andExpect(status().isNotFound());
    }

    @Test
    void cameAndDidNotComeAreOfferedFromTheStartTimeOnly() throws Exception {
        long id = scheduled(person);
        // Later today (or just after midnight): not started yet.
        jdbc.sql("UPDATE appointment SET starts_at = :t WHERE id = :id")
                .param("t", OffsetDateTime.now().plusMinutes(20)).param("id", id).update();
        String page = mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("/appointments/" + id + "/cancel").doesNotContain("/appointments/" + id + "/attended")
                .doesNotContain("/appointments/" + id + "/no-show").contains("à partir de l’heure du rendez-vous");
        mvc.perform(post("/appointments/" + id + "/attended").with(csrf()).with(mediator.login()))
                .andExpect(status().isConflict());
        mvc.perform(post("/appointments/" + id + "/no-show").with(csrf()).with(mediator.login()))
                .andExpect(status().isConflict());
        jdbc.sql("UPDATE appointment SET starts_at = :t WHERE id = :id")
                .param("t", OffsetDateTime.now().minusMinutes(1)).param("id", id).update();
        assertThat(mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8)).contains("/appointments/" + id + "/attended");
        mvc.perform(post("/appointments/" + id + "/attended").with(csrf()).with(mediator.login()))
                .andExpect(status().isFound());
    }

    @Test
    void noAppointmentIsOfferedOnceTheDiagnosticIsDone() throws Exception {
        long diagnosed = data.beneficiary().withStatus("DIAGNOSED").create();
        String page = mvc.perform(get("/beneficiaries/" + diagnosed).with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).doesNotContain("/beneficiaries/" + diagnosed + "/appointments/new")
                .doesNotContain("Donner un rendez-vous");
    }

    @Test
    void aPrintableConvocationLetterGivesTheDateInWordsThePlaceAndWhoToCall() throws Exception {
        jdbc.sql("""
                UPDATE beneficiary SET preferred_channel = 'POST', address_line = '4 allée des Tilleuls',
                       address_complement = 'Bâtiment B', postcode = '93200', city = 'Saint-Denis' WHERE id = :p""")
                .param("p", person).update();
        long id = scheduled(person);
        String page = mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("La personne préfère le courrier")
                .contains("href=\"/appointments/" + id + "/letter.pdf\"").doesNotContain("adresse postale n’est pas connue");

        var response = mvc.perform(get("/appointments/" + id + "/letter.pdf").with(mediator.login()))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                        .string("Content-Type", "application/pdf"))
                .andReturn().getResponse();
        assertThat(response.getHeader("Content-Disposition")).contains("convocation-rendez-vous-" + id + ".pdf");
        String text;
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(response.getContentAsByteArray())) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
        }
        String expectedDay = AppointmentNotices.when(ZonedDateTime.of(day, LocalTime.of(14, 30), PARIS).toInstant(), true);
        assertThat(expectedDay).endsWith(day.getYear() + " à 14 h 30");
        assertThat(text).contains("Votre rendez-vous pour le numérique").contains("Bonjour Élodie Lefèvre")
                .contains("Le " + expectedDay).contains("4 allée des Tilleuls").contains("Bâtiment B")
                .contains("93200 Saint-Denis").contains("12 rue de l’Essai").contains("2e étage, interphone 12")
                .contains("Appelez le ").contains("99 00 00 12").contains("une pièce d’identité").contains("environ 60 minutes");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND details LIKE '%convocation letter'")
                .param("p", person).query(Long.class).single()).isEqualTo(1);

        // Another territory's mediator and the prescriber get 404; a cancelled appointment has no letter.
        mvc.perform(get("/appointments/" + id + "/letter.pdf").with(data.consortiumStaff(Role.MEDIATOR, "T8").login()))
                .andExpect(status().isNotFound());
        var prescriber = data.user(Role.PRESCRIBER, jdbc.sql("SELECT referring_organisation_id FROM beneficiary WHERE id = :p")
                .param("p", person).query(Long.class).single());
        mvc.perform(get("/appointments/" + id + "/letter.pdf").with(prescriber.login())).andExpect(status().isNotFound());
        mvc.perform(post("/appointments/" + id + "/cancel").with(csrf()).with(mediator.login())).andExpect(status().isFound());
        mvc.perform(get("/appointments/" + id + "/letter.pdf").with(mediator.login())).andExpect(status().isConflict());
    }

    @Test
    void theFirstOfTheMonthIsWrittenAsAnOrdinal() {
        assertThat(AppointmentNotices.when(ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, PARIS).toInstant()))
                .isEqualTo("mardi 1er décembre à 9 h");
        assertThat(AppointmentNotices.when(ZonedDateTime.of(2026, 12, 1, 9, 5, 0, 0, PARIS).toInstant(), true))
                .isEqualTo("mardi 1er décembre 2026 à 9 h 05");
    }

    private void waitForSent(long personId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE beneficiary_id = :p AND sent_at IS NULL")
                    .param("p", personId).query(Long.class).single() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("messages not sent");
    }

    static String line(String ics, String prefix) {
        for (String l : ics.replace("\r\n ", "").split("\r\n")) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in " + ics);
    }

    static String calendarOf(MimeMessage mail) throws Exception {
        return text(part((MimeMultipart) mail.getContent(), "text/calendar"));
    }

    /** The first part of this type, looking inside nested multiparts (the text sits in multipart/related). */
    static BodyPart part(MimeMultipart parts, String type) throws Exception {
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            if (p.getContentType().toLowerCase().startsWith(type)) {
                return p;
            }
            if (p.getContent() instanceof MimeMultipart nested) {
                try {
                    return part(nested, type);
                } catch (AssertionError notThere) {
                    // keep looking in the next parts
                }
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    static String text(BodyPart part) throws Exception {
        return new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    static MimeMessage mailTo(String email, String subjectStart) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage m : TestMail.server().getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equalsIgnoreCase(email) && m.getSubject().startsWith(subjectStart)) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail \"" + subjectStart + "\" to " + email);
    }

    @Test
    void theAgendaIsPagedWithATrueTotalInsteadOfStoppingAtFiveHundred() throws Exception {
        long structure = data.consortiumMember("T6");
        var mediator = data.user(Role.MEDIATOR, structure);
        for (int i = 0; i < 55; i++) {
            long person = data.beneficiary().create();
            jdbc.sql("""
                    INSERT INTO appointment (beneficiary_id, territory_id, referring_organisation_id, starts_at, structure_id,
                        mediator_id, status, created_at, updated_at)
                    SELECT b.id, b.territory_id, b.referring_organisation_id, :start, :structure, :mediator, 'SCHEDULED',
                           CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                    FROM beneficiary b WHERE b.id = :person""")
                    .param("start", OffsetDateTime.now().plusDays(2).plusMinutes(i)).param("structure", structure)
                    .param("mediator", mediator.id()).param("person", person).update();
        }
        String second = mvc.perform(get("/appointments").param("mine", "true").param("page", "9")
                        .with(mediator.login())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(second).contains("55 rendez-vous").contains("lignes 51 à 55")
                .contains("href=\"/appointments?mine=true&amp;page=2\" aria-current=\"page\"")
                .contains("href=\"/appointments?mine=true&amp;page=1\" rel=\"prev\"");
    }
}
