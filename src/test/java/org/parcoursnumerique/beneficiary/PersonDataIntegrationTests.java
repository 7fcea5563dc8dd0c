package org.parcoursnumerique.beneficiary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.referral.NewReferral;
import org.parcoursnumerique.referral.Referrals;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each person's data: the export for the right of access (every module's part, scoped, audited), the
 * history of corrections, and the retention job that anonymises people two years after the last contact.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PersonDataIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Referrals referrals;
    @Autowired Milestones milestones;
    @Autowired TransactionTemplate tx;
    @Autowired PersonDataRetention retention;

    static final String NEEDS = "Besoin d’aide pour les démarches de la CAF";
    static final String PROJECT = "Ouvrir un salon de coiffure à Bobigny";
    static final String NOTE = "Venue avec sa fille, qui traduit";

    /** A person of T6 with a row in every module, all dated {@code at}. */
    long personWithAFile(String lastName, String territory, String commune, OffsetDateTime at) {
        var prescriber = data.prescriberUser(territory);
        var mediator = data.consortiumStaff(Role.MEDIATOR, territory);
        long person = data.beneficiary().named(lastName, "Aïcha").livingIn(commune, territory)
                .referredBy(prescriber.organisationId()).bornOn(LocalDate.of(1990, 6, 15)).withEmail("aicha@example.org")
                .referredAt(at).create();
        var row = jdbc.sql("SELECT programme_id, territory_id, referring_organisation_id FROM beneficiary WHERE id = :id")
                .param("id", person).query().singleRow();
        jdbc.sql("""
                INSERT INTO referral (programme_id, beneficiary_id, referring_organisation_id, referrer_user_id, territory_id,
                    status, source, needs, notice_version, last_message, created_at, updated_at)
                VALUES (:programme, :person, :org, :user, :territory, 'ACCEPTED', 'WEB', :needs, '2021-09',
                    'Merci de la rappeler le matin', :at, :at)""")
                .param("programme", row.get("programme_id")).param("person", person)
                .param("org", prescriber.organisationId()).param("user", prescriber.id())
                .param("territory", row.get("territory_id")).param("needs", NEEDS).param("at", at).update();
        long referral = jdbc.sql("SELECT MAX(id) FROM referral").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO referral_transition (referral_id, from_status, to_status, occurred_at, by_user_id, note)
                VALUES (:r, 'SUBMITTED', 'ACCEPTED', :at, NULL, 'Parle peu français, prévoir du temps')""")
                .param("r", referral).param("at", at).update();
        long structure = jdbc.sql("SELECT organisation_id FROM user_account WHERE id = :id").param("id", mediator.id())
                .query(Long.class).single();
        jdbc.sql("""
                INSERT INTO appointment (beneficiary_id, territory_id, referring_organisation_id, starts_at, structure_id,
                    mediator_id, status, created_at, updated_at)
                VALUES (:person, :territory, :org, :at, :structure, :mediator, 'ATTENDED', :at, :at)""")
                .param("person", person).param("territory", row.get("territory_id"))
                .param("org", prescriber.organisationId()).param("at", at).param("structure", structure)
                .param("mediator", mediator.id()).update();
        long appointment = jdbc.sql("SELECT MAX(id) FROM appointment").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO appointment_transition (appointment_id, from_status, to_status, occurred_at, by_user_id, note)
                VALUES (:a, 'SCHEDULED', 'ATTENDED', :at, :by, :note)""")
                .param("a", appointment).param("at", at).param("by", mediator.id()).param("note", NOTE).update();
        long referential = jdbc.sql("""
                SELECT id FROM diagnostic_referential WHERE owner_territory_id IS NULL AND status = 'PUBLISHED'
                ORDER BY version DESC LIMIT 1""").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id, mediator_id,
                    status, started_at, updated_at, completed_at, profile, profile_label)
                VALUES (:person, :territory, :org, :referential, :mediator, 'COMPLETED', :at, :at, :at, 'beginner', 'Débutant')""")
                .param("person", person).param("territory", row.get("territory_id"))
                .param("org", prescriber.organisationId()).param("referential", referential)
                .param("mediator", mediator.id()).param("at", at).update();
        long diagnostic = jdbc.sql("SELECT MAX(id) FROM diagnostic").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO diagnostic_answer (diagnostic_id, question_key, answer_value)
                VALUES (:d, 'project', 'business'), (:d, 'project_details', :project)""")
                .param("d", diagnostic).param("project", PROJECT).update();
        jdbc.sql("""
                INSERT INTO recommendation (diagnostic_id, kind, computed_value, adjusted_value, adjustment_reason, adjusted_by,
                    adjusted_at)
                VALUES (:d, 'EQUIPMENT', 'TABLET', 'LAPTOP', 'Pour rédiger ses devis', :by, :at)""")
                .param("d", diagnostic).param("by", mediator.id()).param("at", at).update();
        jdbc.sql("""
                INSERT INTO recommendation_adjustment (diagnostic_id, kind, adjusted_value, reason, adjusted_by, adjusted_at)
                VALUES (:d, 'EQUIPMENT', 'LAPTOP', 'Pour rédiger ses devis', :by, :at)""")
                .param("d", diagnostic).param("by", mediator.id()).param("at", at).update();
        jdbc.sql("""
                INSERT INTO outbox_message (channel, recipient, subject, body, created_at, next_attempt_at, sent_at,
                    beneficiary_id, kind)
                VALUES ('EMAIL', 'aicha@example.org', 'Votre rendez-vous', 'Bonjour Aïcha, rendez-vous mardi', :at, :at, :at,
                    :person, 'INVITATION')""")
                .param("at", at).param("person", person).update();
        tx.executeWithoutResult(s -> {
            LocalDate day = at.atZoneSameInstant(PageContext.ZONE).toLocalDate();
            milestones.reach(person, Milestone.REFERRED, day, null, "referral:" + referral);
            milestones.reach(person, Milestone.ACCEPTED, day, null, "referral:" + referral);
            milestones.reach(person, Milestone.DIAGNOSED, day, mediator.id(), "diagnostic:" + diagnostic);
        });
        return person;
    }

    static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void theCoordinatorDownloadsEverythingThePlatformHoldsAboutThePersonAsAPdfAndAJsonFile() throws Exception {
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        long person = personWithAFile("Benali", "T6", "93066", OffsetDateTime.now().minusDays(3));

        String page = mvc.perform(get("/beneficiaries/" + person).with(coordinator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/beneficiaries/" + person + "/export.pdf")
                .contains("/beneficiaries/" + person + "/export.json").contains("Historique des corrections");

        var response = mvc.perform(get("/beneficiaries/" + person + "/export.pdf").with(coordinator.login()))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getHeader("Content-Disposition")).contains("attachment");
        String pdf = text(response.getContentAsByteArray()).replace('\u00a0', ' ').replace('\u202f', ' ')
                .replaceAll("\\s+", " ");
        assertThat(pdf).contains("Vos informations dans Parcours Numérique")
                .contains("Qui vous êtes").contains("Nom Benali").contains("Aïcha").contains("Date de naissance 15 juin 1990")
                .contains("aicha@example.org").contains("Vos accords")
                .contains("Votre parcours").contains("Orientation reçue").contains("Diagnostic fait")
                .contains("Votre orientation").contains("Besoin d’aide pour les démarches")
                .contains("Vos rendez-vous").contains("Venu").contains("Venue avec sa fille")
                .contains("Votre diagnostic").contains("Ouvrir un salon de coiffure").contains("Un ordinateur portable")
                .contains("Pour rédiger ses devis")
                .contains("Ce que nous vous avons envoyé").contains("E-mail Convocation")
                .contains("Qui a consulté votre dossier").contains("Consultation du dossier")
                .contains("Notre dernier contact avec vous date du")
                .doesNotContain("Bonjour Aïcha, rendez-vous mardi"); // bodies are not kept after sending, nor exported

        String json = mvc.perform(get("/beneficiaries/" + person + "/export.json").with(coordinator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode root = JsonMapper.builder().build().readTree(json);
        assertThat(root.get("beneficiaryId").asLong()).isEqualTo(person);
        // Every module's part, in the contributors' order (each stage adds its own).
        assertThat(root.get("parts").propertyNames()).containsExactly("beneficiary", "pathway", "referral",
                "appointment", "certification", "diagnostic", "connection", "equipment", "followup", "training",
                "notification", "audit");
        assertThat(root.get("parts").get("beneficiary").get("title").asString()).isEqualTo("Qui vous êtes");
        assertThat(root.get("parts").get("beneficiary").get("blocks").get(0).get("values").get("Nom").asString())
                .isEqualTo("Benali");
        assertThat(root.get("parts").get("beneficiary").get("blocks").get(0).get("values").get("Date de naissance")
                .asString()).isEqualTo("1990-06-15");
        assertThat(root.get("parts").get("referral").toString()).contains(NEEDS);
        assertThat(root.get("parts").get("diagnostic").toString()).contains(PROJECT);
        assertThat(root.get("parts").get("pathway").get("blocks").get(0).get("rows")).hasSize(3);

        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE beneficiary_id = :id AND action = 'EXPORT' ORDER BY id")
                .param("id", person).query(String.class).list())
                .containsExactly("person data, PDF", "person data, JSON");
    }

    @Test
    void onlyTheCoordinatorOfTheTerritoryAndTheDepartementMayDownloadTheFile() throws Exception {
        long person = personWithAFile("Portée", "T6", "93066", OffsetDateTime.now().minusDays(1));
        var elsewhere = data.consortiumStaff(Role.COORDINATOR, "T8");
        for (String format : List.of("pdf", "json")) {
            String path = "/beneficiaries/" + person + "/export." + format;
            mvc.perform(get(path).with(elsewhere.login())).andExpect(status().isNotFound());
            mvc.perform(get(path).with(data.consortiumStaff(Role.MEDIATOR, "T6").login())).andExpect(status().isNotFound());
            mvc.perform(get(path).with(data.prescriberUser("T6").login())).andExpect(status().isNotFound());
            mvc.perform(get(path).with(data.eptViewer("T6").login())).andExpect(status().isNotFound());
            mvc.perform(get(path).with(data.programmeManager().login())).andExpect(status().isOk());
        }
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :id AND action = 'READ_DENIED' AND user_id = :user""")
                .param("id", person).param("user", elsewhere.id()).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :id AND action = 'EXPORT'")
                .param("id", person).query(Long.class).single()).isEqualTo(2);
        // The mediator's page offers neither the download nor the corrections' history.
        String page = mvc.perform(get("/beneficiaries/" + person).with(data.consortiumStaff(Role.MEDIATOR, "T6").login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("export.pdf").doesNotContain("Historique des corrections");
    }

    @Test
    void correctionsOfIdentityAndContactKeepTheirHistoryForTheCoordinator() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        var submission = referrals.submit(new NewReferral("Durant", "Jeanne", LocalDate.of(1971, 2, 3), "93066",
                        "LONG_TERM_JOBSEEKER", null, null, "06 39 98 11 22", null, null, null, true, true, false),
                new Referrals.Submitter(prescriber.organisationId(), prescriber.id(), prescriber.email(), Referrals.Source.WEB));
        assertThat(submission.problems()).isEmpty();
        long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", submission.referralId())
                .query(Long.class).single();

        mvc.perform(post("/referrals/" + submission.referralId() + "/identity").with(csrf()).with(prescriber.login())
                .param("lastName", "Durand").param("firstName", "Jeanne").param("birthDate", "1971-03-02"))
                .andExpect(status().isFound());
        mvc.perform(post("/beneficiaries/" + person + "/contact").with(csrf()).with(mediator.login())
                .param("phone", "06 39 98 11 22").param("email", "jeanne.durand@example.org")
                .param("preferredChannel", "EMAIL").param("version", String.valueOf(version(person))))
                .andExpect(status().isFound());

        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT field, before_value, after_value, origin, corrected_by FROM beneficiary_correction
                WHERE beneficiary_id = :id ORDER BY id""").param("id", person).query().listOfRows();
        assertThat(rows).extracting(r -> r.get("field") + ":" + r.get("before_value") + "→" + r.get("after_value")
                        + ":" + r.get("origin"))
                .containsExactly("LAST_NAME:Durant→Durand:REFERRAL_IDENTITY", "BIRTH_DATE:1971-02-03→1971-03-02:REFERRAL_IDENTITY",
                        "EMAIL:null→jeanne.durand@example.org:CONTACT_FORM", "PREFERRED_CHANNEL:SMS→EMAIL:CONTACT_FORM");
        assertThat(rows.get(0).get("corrected_by")).isEqualTo(prescriber.id());
        assertThat(rows.get(2).get("corrected_by")).isEqualTo(mediator.id());
        // The search finds the person under the corrected name.
        assertThat(jdbc.sql("SELECT name_key FROM beneficiary WHERE id = :id").param("id", person).query(String.class)
                .single()).startsWith("durand");

        String page = mvc.perform(get("/beneficiaries/" + person).with(coordinator.login())).andReturn().getResponse()
                .getContentAsString();
        String history = page.substring(page.indexOf("Historique des corrections"));
        assertThat(history).contains("Durant").contains("Durand").contains("1971-02-03").contains("jeanne.durand@example.org")
                .contains("(vide)");
    }

    private int version(long person) {
        return jdbc.sql("SELECT version FROM beneficiary WHERE id = :id").param("id", person).query(Integer.class).single();
    }

    record Counts(long milestones, long daily, String person) {
    }

    private Counts counts(long person) {
        return new Counts(
                jdbc.sql("SELECT COUNT(*) FROM milestone WHERE beneficiary_id = :id").param("id", person).query(Long.class).single(),
                jdbc.sql("""
                        SELECT COALESCE(SUM(people), 0) FROM milestone_daily_count
                        WHERE territory_id = (SELECT territory_id FROM beneficiary WHERE id = :id)""")
                        .param("id", person).query(Long.class).single(),
                jdbc.sql("""
                        SELECT status || ' ' || eligibility_category || ' ' || commune_insee || ' ' || territory_id || ' '
                               || COALESCE(CAST(diagnosed_on AS VARCHAR(10)), '-')
                        FROM beneficiary WHERE id = :id""").param("id", person).query(String.class).single());
    }

    @Test
    void peopleWithoutContactForTwoYearsAreAnonymisedOnceAndTheIndicatorsDoNotChange(CapturedOutput output)
            throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long old = personWithAFile("Ancienne", "T9", "93051", now.minusMonths(25));
        long recent = personWithAFile("Récente", "T9", "93051", now.minusMonths(23));
        jdbc.sql("""
                INSERT INTO beneficiary_correction (beneficiary_id, field, before_value, after_value, origin, corrected_at)
                VALUES (:id, 'PHONE', '+33639981234', '+33639985678', 'CONTACT_FORM', :at)""")
                .param("id", old).param("at", now.minusMonths(25)).update();
        Counts before = counts(old);
        long runsBefore = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ANONYMISATION'").query(Long.class).single();

        var run = retention.anonymiseExpired();

        assertThat(run.anonymised()).isGreaterThanOrEqualTo(1);
        assertThat(output).contains("Person data retention: ").contains("people anonymised");
        Map<String, Object> person = jdbc.sql("""
                SELECT last_name, first_name, name_key, birth_date, age_band, phone, email, address_line, anonymised, updated_at
                FROM beneficiary WHERE id = :id""").param("id", old).query().singleRow();
        assertThat(person).containsEntry("last_name", "Personne anonymisée").containsEntry("first_name", "")
                .containsEntry("name_key", "").containsEntry("age_band", "26_44").containsEntry("anonymised", true)
                .containsEntry("phone", null).containsEntry("email", null).containsEntry("address_line", null);
        // Born on 15 June 1990, 33 or 34 on entry: the 1st of January that gives 35 that year, never the real date.
        int entryYear = now.minusMonths(25).atZoneSameInstant(PageContext.ZONE).getYear();
        assertThat(person.get("birth_date").toString()).isEqualTo((entryYear - 35) + "-01-01");
        // No trace of the run's time: updated_at is the first day of the month of the last contact.
        OffsetDateTime updated = jdbc.sql("SELECT updated_at FROM beneficiary WHERE id = :id").param("id", old)
                .query(OffsetDateTime.class).single();
        assertThat(updated.atZoneSameInstant(PageContext.ZONE).toLocalDate())
                .isEqualTo(now.minusMonths(25).atZoneSameInstant(PageContext.ZONE).toLocalDate().withDayOfMonth(1));
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM outbox_message WHERE beneficiary_id = :id AND (sent_at > :cutoff OR failed_at > :cutoff)""")
                .param("id", old).param("cutoff", now.minusMonths(24)).query(Long.class).single()).isZero();

        // Each module erased its free texts and the person's contact; what the indicators count stays.
        assertThat(counts(old)).isEqualTo(before);
        assertThat(jdbc.sql("SELECT needs || last_message FROM referral WHERE beneficiary_id = :id").param("id", old)
                .query(String.class).list()).containsOnlyNulls();
        assertThat(jdbc.sql("""
                SELECT t.note FROM referral_transition t JOIN referral r ON r.id = t.referral_id WHERE r.beneficiary_id = :id""")
                .param("id", old).query(String.class).list()).containsOnlyNulls();
        assertThat(jdbc.sql("""
                SELECT t.note FROM appointment_transition t JOIN appointment a ON a.id = t.appointment_id
                WHERE a.beneficiary_id = :id""").param("id", old).query(String.class).list()).containsOnlyNulls();
        assertThat(jdbc.sql("""
                SELECT a.question_key FROM diagnostic_answer a JOIN diagnostic d ON d.id = a.diagnostic_id
                WHERE d.beneficiary_id = :id""").param("id", old).query(String.class).list()).containsExactly("project");
        assertThat(jdbc.sql("""
                SELECT COALESCE(r.adjustment_reason, '') || a.reason FROM recommendation r
                JOIN recommendation_adjustment a ON a.diagnostic_id = r.diagnostic_id
                JOIN diagnostic d ON d.id = r.diagnostic_id WHERE d.beneficiary_id = :id""")
                .param("id", old).query(String.class).single()).isEmpty();
        assertThat(jdbc.sql("SELECT recipient || COALESCE(body, '') FROM outbox_message WHERE beneficiary_id = :id")
                .param("id", old).query(String.class).single()).isEmpty();
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM beneficiary_correction WHERE beneficiary_id = :id
                  AND (before_value IS NOT NULL OR after_value IS NOT NULL)""")
                .param("id", old).query(Long.class).single()).isZero();

        // 23 months: nothing changes.
        assertThat(jdbc.sql("SELECT last_name || ' ' || anonymised FROM beneficiary WHERE id = :id").param("id", recent)
                .query(String.class).single()).isEqualTo("Récente false");
        assertThat(jdbc.sql("SELECT needs FROM referral WHERE beneficiary_id = :id").param("id", recent)
                .query(String.class).single()).isEqualTo(NEEDS);

        // Shown as such, and still exportable (what is left).
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T9");
        String page = mvc.perform(get("/beneficiaries/" + old).with(coordinator.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Personne anonymisée").contains("De 26 à 44 ans").doesNotContain("Ancienne")
                .doesNotContain("Aïcha");
        String pdf = text(mvc.perform(get("/beneficiaries/" + old + "/export.pdf").with(coordinator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        assertThat(pdf).contains("Personne anonymisée").doesNotContain(NEEDS).doesNotContain(PROJECT)
                .doesNotContain("aicha@example.org");
        mvc.perform(get("/beneficiaries/" + old + "/contact").with(data.consortiumStaff(Role.MEDIATOR, "T9").login()))
                .andExpect(status().isConflict());

        // A second run finds nothing more to do; each run leaves one audit row, with a count and no one's id.
        var second = retention.anonymiseExpired();
        assertThat(second.anonymised()).isZero();
        assertThat(counts(old)).isEqualTo(before);
        List<String> runs = jdbc.sql("""
                SELECT details FROM audit_event WHERE action = 'ANONYMISATION' AND beneficiary_id IS NULL ORDER BY id""")
                .query(String.class).list();
        assertThat(runs).hasSize((int) runsBefore + 2);
        assertThat(runs.get(runs.size() - 1)).startsWith("people=0 ");
    }

    @Test
    void aPersonLockedByAnotherTransactionIsLeftForTheNextRun() throws Exception {
        long old = personWithAFile("Verrouillée", "T7", "93005", OffsetDateTime.now(ZoneOffset.UTC).minusMonths(30));
        var locked = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        // Another instance (or a stage writing for the person) holds the person's row.
        Thread holder = new Thread(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("SELECT id FROM beneficiary WHERE id = :id FOR UPDATE").param("id", old).query(Long.class).single();
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        try {
            assertThat(locked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            retention.anonymiseExpired();
            assertThat(jdbc.sql("SELECT anonymised FROM beneficiary WHERE id = :id").param("id", old)
                    .query(Boolean.class).single()).isFalse();
        } finally {
            release.countDown();
            holder.join();
        }
        retention.anonymiseExpired();
        assertThat(jdbc.sql("SELECT anonymised FROM beneficiary WHERE id = :id").param("id", old)
                .query(Boolean.class).single()).isTrue();
    }
}
