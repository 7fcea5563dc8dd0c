package org.parcoursnumerique.beneficiary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The person's timeline ("Chronologie", ADR 0016): what each module tells, who did it, newest first,
 * for the staff who follow the person; the referring prescriber sees only the milestones, on the
 * referral's page and in the API.
 */
@IntegrationTest
class TimelineIntegrationTests {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Milestones milestones;
    @Autowired Outbox outbox;
    @Autowired ApiTokens tokens;
    @Autowired JsonMapper json;
    @Autowired TransactionTemplate tx;

    record Story(long referralId, long personId, TestData.TestUser prescriber, TestData.TestUser coordinator,
                 TestData.TestUser mediator, long structure, String mediatorName, String structureName,
                 String prescriberName) {
    }

    /**
     * A person's file as the modules write it: a referral sent from the web form, information asked
     * and given, accepted to a mediator; an appointment scheduled then cancelled, one recorded after
     * the fact; SMS consent given then withdrawn; a diagnostic completed and a recommendation
     * adjusted; the diagnostic milestone, an early exit and its undoing.
     */
    private Story story(String lastName) throws Exception {
        var prescriber = data.prescriberUser("T6");
        long structure = data.consortiumMember("T6");
        var coordinator = data.user(Role.COORDINATOR, structure);
        var mediator = data.user(Role.MEDIATOR, structure);
        String location = mvc.perform(post("/referrals").with(csrf()).with(prescriber.login())
                        .param("lastName", lastName).param("firstName", "Awa").param("birthDate", "1988-04-02")
                        .param("commune", "Saint-Denis").param("eligibilityCategory", "LONG_TERM_JOBSEEKER")
                        .param("email", "awa." + System.nanoTime() + "@example.org").param("preferredChannel", "EMAIL")
                        .param("consent", "true").param("shareWithPrescriber", "true"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        long referral = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", referral)
                .query(Long.class).single();
        mvc.perform(post("/referrals/" + referral + "/identity").with(csrf()).with(prescriber.login())
                .param("lastName", lastName).param("firstName", "Awa").param("birthDate", "1988-04-03"))
                .andExpect(status().isFound());
        mvc.perform(post("/referrals/" + referral + "/request-information").with(csrf()).with(coordinator.login())
                .param("message", "Quel est son numéro ?")).andExpect(status().isFound());
        mvc.perform(post("/referrals/" + referral + "/answer").with(csrf()).with(prescriber.login())
                .param("message", "Elle préfère les e-mails.")).andExpect(status().isFound());
        mvc.perform(post("/referrals/" + referral + "/accept").with(csrf()).with(coordinator.login())
                .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(mediator.id())))
                .andExpect(status().isFound());

        String nextWeek = LocalDate.now(PARIS).plusDays(7).toString();
        mvc.perform(post("/beneficiaries/" + person + "/appointments").with(csrf()).with(mediator.login())
                .param("date", nextWeek).param("time", "10:00").param("durationMinutes", "60")
                .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(mediator.id()))
                .param("confirmOverlap", "true")).andExpect(status().isFound());
        long appointment = jdbc.sql("SELECT MAX(id) FROM appointment WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).single();
        mvc.perform(post("/appointments/" + appointment + "/cancel").with(csrf()).with(mediator.login()))
                .andExpect(status().isFound());
        mvc.perform(post("/beneficiaries/" + person + "/appointments/past").with(csrf()).with(mediator.login())
                .param("date", LocalDate.now(PARIS).minusDays(1).toString()).param("time", "10:00")
                .param("durationMinutes", "60").param("structureId", String.valueOf(structure))
                .param("mediatorId", String.valueOf(mediator.id()))).andExpect(status().isFound());

        mvc.perform(post("/beneficiaries/" + person + "/consents/sms").with(csrf()).with(mediator.login())
                .param("accepted", "true")).andExpect(status().isFound());
        mvc.perform(post("/beneficiaries/" + person + "/consents/withdraw").with(csrf()).with(mediator.login())
                .param("purpose", "SMS_CONTACT")).andExpect(status().isFound());

        completedAndAdjustedDiagnostic(person, mediator.id());
        tx.executeWithoutResult(s -> {
            milestones.reach(person, Milestone.DIAGNOSED, LocalDate.now(PARIS), mediator.id(), null);
            milestones.reach(person, Milestone.EXITED, LocalDate.now(PARIS), coordinator.id(), null);
            // As the pathway's EarlyExits notes the reason on the change: its code, then the person's words.
            jdbc.sql("""
                    UPDATE milestone_change SET reason = 'MOVED_AWAY: parti chez sa sœur à Lyon'
                    WHERE id = (SELECT MAX(id) FROM milestone_change WHERE beneficiary_id = :p AND code = 'EXITED')""")
                    .param("p", person).update();
            milestones.withdraw(person, Milestone.EXITED, coordinator.id(), "undo");
        });
        String mediatorName = name(mediator.id());
        String structureName = jdbc.sql("SELECT name FROM organisation WHERE id = :id").param("id", structure)
                .query(String.class).single();
        String prescriberName = jdbc.sql("SELECT name FROM organisation WHERE id = :id")
                .param("id", prescriber.organisationId()).query(String.class).single();
        return new Story(referral, person, prescriber, coordinator, mediator, structure, mediatorName, structureName,
                prescriberName);
    }

    private String name(long userId) {
        return jdbc.sql("SELECT display_name FROM user_account WHERE id = :id").param("id", userId)
                .query(String.class).single();
    }

    /** Written as the diagnostic module stores a completed diagnostic and an adjustment. */
    private void completedAndAdjustedDiagnostic(long person, long mediatorId) {
        long referential = jdbc.sql("""
                SELECT id FROM diagnostic_referential WHERE owner_territory_id IS NULL AND status = 'PUBLISHED'
                ORDER BY version DESC LIMIT 1""").query(Long.class).single();
        var row = jdbc.sql("SELECT territory_id, referring_organisation_id FROM beneficiary WHERE id = :id")
                .param("id", person).query().singleRow();
        OffsetDateTime now = OffsetDateTime.now();
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id, mediator_id,
                    status, current_step, started_at, updated_at, completed_at, profile, profile_label)
                VALUES (:person, :territory, :referrer, :referential, :mediator, 'COMPLETED', 8, :started, :now, :now,
                    'beginner', 'Débutant avec le numérique')""")
                .param("person", person).param("territory", row.get("territory_id"))
                .param("referrer", row.get("referring_organisation_id")).param("referential", referential)
                .param("mediator", mediatorId).param("started", now.minusSeconds(1)).param("now", now));
        jdbc.sql("""
                INSERT INTO recommendation (diagnostic_id, kind, computed_value) VALUES (:id, 'EQUIPMENT', 'LAPTOP')""")
                .param("id", id).update();
        jdbc.sql("""
                INSERT INTO recommendation_adjustment (diagnostic_id, kind, adjusted_value, reason, adjusted_by, adjusted_at)
                VALUES (:id, 'EQUIPMENT', 'TABLET', 'Une tablette lui suffit, raison à ne jamais montrer', :by, :at)""")
                .param("id", id).param("by", mediatorId).param("at", now.plusSeconds(1)).update();
    }

    @Test
    void theMediatorReadsWhatHappenedNewestFirstWithWhoDidIt() throws Exception {
        Story s = story(lettersOnly("Chrono"));
        String page = mvc.perform(get("/beneficiaries/" + s.personId()).with(s.mediator().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // The person's page shows the newest entries, the rest behind "voir tout".
        assertThat(page).contains("<h2 id=\"timeline\">Chronologie</h2>").contains("Sortie anticipée annulée")
                .contains("href=\"/beneficiaries/" + s.personId() + "/timeline\"");
        assertThat(entries(page)).isEqualTo(Timeline.SECTION_SIZE);
        String all = mvc.perform(get("/beneficiaries/" + s.personId() + "/timeline").with(s.mediator().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String timeline = all.substring(all.indexOf("<ol class=\"timeline\""));
        timeline = timeline.substring(0, timeline.indexOf("</ol>"));

        assertThat(all).contains("<h1 id=\"timeline\">Chronologie d");
        assertThat(timeline).contains("Orientation envoyée par " + s.prescriberName() + " (Formulaire en ligne)")
                .contains("Identité corrigée par le prescripteur\u00a0: date de naissance")
                .doesNotContain("1988-04-02").doesNotContain("2 avril 1988")
                .contains("Informations demandées au prescripteur")
                .contains("Informations données par le prescripteur")
                .contains("Orientation acceptée\u00a0: accompagnement par " + s.structureName() + ", avec " + s.mediatorName())
                .contains("Rendez-vous de diagnostic fixé au ")
                .containsPattern("Rendez-vous du [^<]+ annulé")
                .containsPattern("Rendez-vous du [^<]+ enregistré après coup\u00a0: la personne est venue")
                .contains("Accord donné\u00a0: Contact par SMS")
                .contains("Accord retiré\u00a0: Contact par SMS")
                .contains("Diagnostic commencé").contains("Diagnostic terminé")
                .contains("Préconisation ajustée\u00a0: Équipement")
                .contains("Étape du parcours\u00a0: Diagnostic réalisé, le ")
                .contains("Sortie anticipée du parcours\u00a0: A déménagé")
                .doesNotContain("chez sa sœur")
                .contains("Sortie anticipée annulée\u00a0: la personne reprend son parcours")
                .containsPattern("Message (envoyé|en attente d’envoi) par e-mail\u00a0: Convocation")
                // Who: staff by name and organisation, the prescriber's organisation, the person, the platform.
                .contains("Par " + s.mediatorName() + " (" + s.structureName() + ")")
                .contains("Par " + name(s.coordinator().id()) + " (" + s.structureName() + ")")
                .contains("Par la personne (réponse recueillie par " + s.mediatorName())
                .contains("Par la plateforme")
                .contains("<time datetime=\"")
                .contains("href=\"/referrals/" + s.referralId() + "\"")
                .containsPattern("href=\"/diagnostics/\\d+\"")
                // What was written stays on the records: no notes, no reasons, no message bodies.
                .doesNotContain("Quel est son numéro").doesNotContain("Elle préfère les e-mails")
                .doesNotContain("raison à ne jamais montrer");
        assertThat(timeline.indexOf("Sortie anticipée annulée")).isLessThan(timeline.indexOf("Sortie anticipée du parcours"));
        assertThat(timeline.indexOf("Sortie anticipée du parcours")).isLessThan(timeline.indexOf("Orientation acceptée"));
        assertThat(timeline.indexOf("Orientation acceptée")).isLessThan(timeline.indexOf("Orientation envoyée"));
        // Every entry's <time> is machine-readable.
        var times = Pattern.compile("<time datetime=\"([^\"]+)\">").matcher(timeline);
        int count = 0;
        while (times.find()) {
            OffsetDateTime.parse(times.group(1));
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(15);
    }

    @Test
    void theProgrammeManagerSeesTheTimelineAndTheLogisticsManagerOnlyWhatTheirRoleSees() throws Exception {
        Story s = story(lettersOnly("Chrono"));
        String manager = mvc.perform(get("/beneficiaries/" + s.personId()).with(data.programmeManager().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(manager).contains("Chronologie").contains("Orientation acceptée").contains("Diagnostic terminé");

        var logistics = data.user(Role.LOGISTICS_MANAGER, s.structure());
        String page = mvc.perform(get("/beneficiaries/" + s.personId()).with(logistics.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Chronologie").contains("Étape du parcours\u00a0: Diagnostic réalisé")
                .contains("Accord donné\u00a0: Contact par SMS")
                // Referrals, diagnostics and messages are not theirs on the person's page, nor on the timeline.
                .doesNotContain("Orientation envoyée par").doesNotContain("Diagnostic terminé")
                .doesNotContain("Message envoyé").doesNotContain("Message en attente");
    }

    @Test
    void thePrescriberSeesNoTimelineButTheMilestonesOnTheReferralAndInTheApi() throws Exception {
        Story s = story(lettersOnly("Étapes"));
        String person = mvc.perform(get("/beneficiaries/" + s.personId()).with(s.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(person).doesNotContain("Chronologie").doesNotContain("Accord retiré");
        mvc.perform(get("/beneficiaries/" + s.personId() + "/timeline").with(s.prescriber().login()))
                .andExpect(status().isNotFound());

        String referral = mvc.perform(get("/referrals/" + s.referralId()).with(s.prescriber().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String today = LocalDate.now(PARIS).toString();
        String milestonesList = referral.substring(referral.indexOf("id=\"milestones-title\""),
                referral.indexOf("id=\"history-title\""));
        assertThat(milestonesList).contains("Étapes du parcours").contains("Orientée")
                .contains("Prise en charge").contains("Diagnostic réalisé")
                .contains("<time datetime=\"" + today + "\">")
                // The early exit was undone: gone. Kinds and dates only: nobody's name.
                .doesNotContain("Sortie anticipée").doesNotContain(s.mediatorName())
                .doesNotContain(name(s.coordinator().id()))
                // The person agreed that the result be sent to this prescriber.
                .contains("href=\"/referrals/" + s.referralId() + "/diagnostic\"");

        String token = "pn_timeline_" + System.nanoTime();
        tokens.store(s.prescriber().organisationId(), "test", token, null);
        String body = mvc.perform(get("/api/v1/referrals/" + s.referralId()).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode milestonesJson = json.readTree(body).get("milestones");
        assertThat(milestonesJson.isArray()).isTrue();
        assertThat(milestonesJson.size()).isEqualTo(3);
        List<String> codes = new java.util.ArrayList<>();
        for (JsonNode m : milestonesJson) {
            assertThat(m.propertyNames()).containsExactlyInAnyOrder("code", "date");
            assertThat(m.get("date").asString()).isEqualTo(today);
            codes.add(m.get("code").asString());
        }
        assertThat(codes).containsExactly("REFERRED", "ACCEPTED", "DIAGNOSED");
    }

    @Test
    void aPrescriberWhoseReferralIsNotAcceptedLearnsNoMilestone() throws Exception {
        var prescriber = data.prescriberUser("T6");
        String location = mvc.perform(post("/referrals").with(csrf()).with(prescriber.login())
                        .param("lastName", lettersOnly("Attente")).param("firstName", "Léa")
                        .param("birthDate", "1990-02-03").param("commune", "Saint-Denis")
                        .param("eligibilityCategory", "SIAE_EMPLOYEE").param("consent", "true"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        long referral = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        String page = mvc.perform(get("/referrals/" + referral).with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("Étapes du parcours");
        String token = "pn_waiting_" + System.nanoTime();
        tokens.store(prescriber.organisationId(), "test", token, null);
        String body = mvc.perform(get("/api/v1/referrals/" + referral).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(json.readTree(body).get("milestones").size()).isZero();
    }

    @Test
    void anotherTerritorysStaffGetsNotFoundAndTheRefusalIsAudited() throws Exception {
        Story s = story(lettersOnly("Ailleurs"));
        var elsewhere = data.consortiumStaff(Role.MEDIATOR, "T8");
        mvc.perform(get("/beneficiaries/" + s.personId() + "/timeline").with(elsewhere.login()))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE user_id = :user AND beneficiary_id = :person AND action = 'READ_DENIED'""")
                .param("user", elsewhere.id()).param("person", s.personId()).query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE user_id = :user AND beneficiary_id = :person AND action = 'READ'""")
                .param("user", elsewhere.id()).param("person", s.personId()).query(Long.class).single()).isZero();
    }

    @Test
    void aFiftyEntryTimelineShowsTheNewestOnThePageAndAllOnItsOwnPageAudited() throws Exception {
        Story s = story(lettersOnly("Longue"));
        String email = jdbc.sql("SELECT email FROM beneficiary WHERE id = :id").param("id", s.personId())
                .query(String.class).single();
        tx.executeWithoutResult(st -> {
            for (int i = 0; i < 40; i++) {
                outbox.email(new Outbox.About(s.personId(), Outbox.Kind.REMINDER), email, "Rappel " + i, "Corps " + i, null);
            }
        });
        var mediator = s.mediator();
        String page = mvc.perform(get("/beneficiaries/" + s.personId()).with(mediator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(entries(page)).isEqualTo(org.parcoursnumerique.beneficiary.Timeline.SECTION_SIZE);
        assertThat(page).contains("href=\"/beneficiaries/" + s.personId() + "/timeline\"")
                .contains("Voir toute la chronologie");

        long started = System.nanoTime();
        String all = mvc.perform(get("/beneficiaries/" + s.personId() + "/timeline").with(mediator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(entries(all)).isGreaterThanOrEqualTo(50);
        assertThat(all).contains("Orientation envoyée par").containsPattern("Message (envoyé|en attente d’envoi) par e-mail\u00a0: Rappel")
                .doesNotContain("Corps ").doesNotContain("Seules les");
        // One query per module whatever the length: far from a second even on a busy test machine.
        assertThat(millis).isLessThan(3000);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE user_id = :user AND beneficiary_id = :person AND action = 'READ'
                  AND details = 'timeline'""")
                .param("user", mediator.id()).param("person", s.personId()).query(Long.class).single()).isEqualTo(1);
    }

    /** A name of letters only (a person's name has no digits), unique to the test. */
    private static String lettersOnly(String prefix) {
        StringBuilder s = new StringBuilder(prefix);
        for (char c : Long.toString(System.nanoTime() % 100_000_000L).toCharArray()) {
            s.append((char) ('a' + (c - '0')));
        }
        return s.toString();
    }

    private static int entries(String html) {
        return html.split("<li class=\"timeline-entry\">", -1).length - 1;
    }
}
