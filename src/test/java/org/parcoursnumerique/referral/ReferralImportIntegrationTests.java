package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class ReferralImportIntegrationTests {

    static final String HEADER = "nom;prenom;date_naissance;commune;categorie;circonscription_ase;telephone;email;besoins;consentement\n";

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired ReferralImports imports;

    private ReferralImports.Report run(TestData.TestUser prescriber, byte[] content) {
        long id = imports.start(prescriber.organisationId(), prescriber.id(), "test.csv");
        return imports.run(id, content, new Referrals.Submitter(prescriber.organisationId(), prescriber.id(),
                prescriber.email(), Referrals.Source.CSV));
    }

    @Test
    void validRowsGoInRejectedRowsAreExplainedAndNothingIsImportedTwice() {
        var prescriber = data.user(org.parcoursnumerique.shared.Role.PRESCRIBER,
                data.prescriber("ASE_SERVICE", "T6", "T7", "T8", "T9"));
        String young = java.time.LocalDate.now().minusYears(19).toString();
        String csv = HEADER
                + "Keita;Mariam;12/03/1985;Saint-Denis;RSA;;06 39 98 12 34;mariam@example.org;Ordinateur;oui\n"
                + "Ndiaye;Omar;1990-07-01;93048;LONG_TERM_JOBSEEKER;;;;;OUI\n"
                + "Camara;Jeune;" + young + ";Montreuil;YOUNG_ADULT_ASE;ASE-AUL;;;;oui\n"
                + "Sans;Accord;12/03/1985;Saint-Denis;RSA;;;;;non\n"
                + "Mauvaise;Date;31/02/1990;Saint-Denis;RSA;;;;;oui\n"
                + "Hors;Territoire;12/03/1985;Lyon;RSA;;;;;oui\n"
                + "Peut;Etre;12/03/1985;Saint-Denis;RSA;;;;;peut-être\n";
        var report = run(prescriber, csv.getBytes(StandardCharsets.UTF_8));
        assertThat(report.failure()).isNull();
        assertThat(report.accepted()).isEqualTo(3);
        assertThat(report.rejected()).isEqualTo(4);
        assertThat(report.errors()).extracting(ReferralImports.RowError::line, ReferralImports.RowError::column)
                .contains(org.assertj.core.groups.Tuple.tuple(5, "consentement"),
                        org.assertj.core.groups.Tuple.tuple(6, "date_naissance"),
                        org.assertj.core.groups.Tuple.tuple(7, "commune"),
                        org.assertj.core.groups.Tuple.tuple(8, "consentement"));
        assertThat(jdbc.sql("""
                SELECT t.code FROM referral r JOIN beneficiary b ON b.id = r.beneficiary_id JOIN territory t ON t.id = r.territory_id
                WHERE b.last_name = 'Camara' AND r.referring_organisation_id = :o""")
                .param("o", prescriber.organisationId()).query(String.class).single()).isEqualTo("T7");

        String rejected = imports.rejectedRowsCsv(report.importId());
        // A person who said no is not kept, even among the rows to correct.
        assertThat(rejected).startsWith("\uFEFF" + HEADER.strip() + ";erreurs").contains("Lyon")
                .doesNotContain("Keita").doesNotContain("Sans;Accord");

        var again = run(prescriber, csv.getBytes(StandardCharsets.UTF_8));
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM referral WHERE referring_organisation_id = :o")
                .param("o", prescriber.organisationId()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void aFileOfSeveralChunksIsImportedWholeWithItsProgressAndItsDuplicateSuspicions() {
        var prescriber = data.prescriberUser("T6");
        long known = data.beneficiary().named("Zerrouki", "Nour").create();
        int rows = 2 * ReferralImports.CHUNK_ROWS + 20;
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= rows; i++) {
            if (i == ReferralImports.CHUNK_ROWS + 7) {
                csv.append("Ligne;Invalide;31/02/1990;Saint-Denis;RSA;;;;;oui\n");
            } else if (i == rows - 1) {
                // The person already known (same name and birth date), in the last chunk.
                csv.append("ZERROUKI;Nour;12/03/1985;Saint-Denis;RSA;;;NOUR.Z@EXAMPLE.ORG;;oui\n");
            } else {
                // Names are letters only: "Personne" + two letters from the row number.
                csv.append("Personne").append((char) ('a' + i / 26)).append((char) ('a' + i % 26))
                        .append(";Test;01/01/1980;Stains;SIAE_EMPLOYEE;;;;;oui\n");
            }
        }
        var report = run(prescriber, csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(report.failure()).isNull();
        assertThat(report.accepted()).isEqualTo(rows - 1);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.errors()).extracting(ReferralImports.RowError::line)
                .containsExactly(ReferralImports.CHUNK_ROWS + 8);
        assertThat(jdbc.sql("""
                SELECT processed_rows || '/' || total_rows || ' ' || accepted || ' ' || rejected || ' '
                       || (finished_at IS NOT NULL) FROM referral_import WHERE id = :id""")
                .param("id", report.importId()).query(String.class).single())
                .isEqualTo(rows + "/" + rows + " " + (rows - 1) + " 1 true");
        assertThat(jdbc.sql("""
                SELECT d.rule || ' ' || b.email FROM duplicate_suspicion d JOIN referral r ON r.id = d.referral_id
                JOIN beneficiary b ON b.id = r.beneficiary_id WHERE d.existing_id = :known""")
                .param("known", known).query(String.class).list()).containsExactly("NAME_BIRTH nour.z@example.org");

        var again = run(prescriber, csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(rows - 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM referral WHERE referring_organisation_id = :o")
                .param("o", prescriber.organisationId()).query(Long.class).single()).isEqualTo(rows - 1);
    }

    @Test
    void readsCommasWindows1252AndABom() {
        var prescriber = data.prescriberUser("T6");
        String csv = HEADER.replace(';', ',') + "Lefèvre,Hélène,1980-05-05,Saint-Denis,SIAE_EMPLOYEE,,,,,oui\n";
        var latin = run(prescriber, csv.getBytes(Charset.forName("windows-1252")));
        assertThat(latin.accepted()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary WHERE last_name = 'Lefèvre' AND first_name = 'Hélène' "
                + "AND referring_organisation_id = :o").param("o", prescriber.organisationId()).query(Long.class).single())
                .isEqualTo(1);
        var other = data.prescriberUser("T6");
        byte[] utf8 = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8);
        assertThat(run(other, utf8).accepted()).isEqualTo(1);
    }

    @Test
    void refusesAFileThatIsNotTheTemplate() {
        var prescriber = data.prescriberUser("T6");
        assertThat(run(prescriber, "a;b;c\n1;2;3\n".getBytes(StandardCharsets.UTF_8)).failure())
                .contains("Colonnes manquantes").contains("date_naissance");
        assertThat(run(prescriber, new byte[0]).failure()).contains("vide");
        StringBuilder big = new StringBuilder(HEADER);
        for (int i = 0; i <= imports.maxRows(); i++) {
            big.append("A;B;01/01/1980;93066;RSA;;;;;oui\n");
        }
        assertThat(run(prescriber, big.toString().getBytes(StandardCharsets.UTF_8)).failure()).contains("10\u202f000 lignes");
        assertThat(run(prescriber, (HEADER + "\"Pas;fermé\n").getBytes(StandardCharsets.UTF_8)).failure())
                .isNotNull();
    }

    @Test
    void thePageShowsTheReportAndOffersTheTemplateAndTheRejectedRows() throws Exception {
        var prescriber = data.prescriberUser("T6");
        String csv = HEADER + "Fall;Awa;01/01/1980;Saint-Denis;SIAE_EMPLOYEE;;;;;oui\nFall;Refus;01/01/1980;Paris;RSA;;;;;oui\n";
        String location = mvc.perform(multipart("/referral-imports").file(new MockMultipartFile("file", "liste.csv",
                        "text/csv", csv.getBytes(StandardCharsets.UTF_8))).with(csrf()).with(prescriber.login()))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String page = "";
        while (System.nanoTime() < deadline) {
            page = mvc.perform(get(location).with(prescriber.login())).andExpect(status().isOk()).andReturn()
                    .getResponse().getContentAsString();
            if (page.contains("personnes orientées")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(page).contains("Rapport d’import").contains("lignes à corriger").contains("Paris");
        String rejected = mvc.perform(get(location + "/rejected.csv").with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(rejected).contains("Fall;Refus").contains("Paris");
        String template = mvc.perform(get("/referral-imports/template.csv").with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(template).contains(HEADER.strip());
        mvc.perform(get(location).with(data.prescriberUser("T6").login())).andExpect(status().isNotFound());
    }

    @Test
    void readsThePublicAsPrescribersWriteItAndExplainsAnUnknownOneWithTheAcceptedValues() throws Exception {
        var prescriber = data.prescriberUser("T6");
        String young = java.time.LocalDate.now().minusYears(20).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        String csv = HEADER
                + "Diallo;Ami;12/03/1985;Saint-Denis;DELD;;;;;oui\n"
                + "Diallo;Bintou;12/03/1985;Saint-Denis;deld;;;;;oui\n"
                + "Diallo;Coumba;" + young + ";Saint-Denis;Mission Locale;;;;;oui\n"
                + "Diallo;Dado;" + young + ";Saint-Denis;ML;;;;;oui\n"
                + "Diallo;Fanta;12/03/1985;Saint-Denis;DEMANDEUR D'EMPLOI DE LONGUE DUREE;;;;;oui\n"
                + "Diallo;Gnima;12/03/1985;Saint-Denis;Salarié en insertion (SIAE);;;;;oui\n"
                + "Diallo;Hawa;12/03/1985;Saint-Denis;siae;;;;;oui\n"
                + "Diallo;Issa;12/03/1985;Saint-Denis; Allocataire du RSA ;;;;;oui\n"
                + "Diallo;Kadi;12/03/1985;Saint-Denis;long_term_jobseeker;;;;;oui\n"
                + "Diallo;Lamine;12/03/1985;Saint-Denis;Retraité;;;;;oui\n";
        var report = run(prescriber, csv.getBytes(StandardCharsets.UTF_8));
        assertThat(report.failure()).isNull();
        assertThat(report.accepted()).isEqualTo(9);
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(11);
            assertThat(e.column()).isEqualTo("categorie");
            assertThat(e.message()).contains("« Retraité » n’est pas un public reconnu")
                    .contains("RSA, DELD, ML, ASE, SIAE").doesNotContain("ne fait pas partie du programme");
        });
        assertThat(jdbc.sql("""
                SELECT b.first_name || ' ' || b.eligibility_category FROM beneficiary b
                WHERE b.referring_organisation_id = :o ORDER BY b.first_name""")
                .param("o", prescriber.organisationId()).query(String.class).list())
                .containsExactly("Ami LONG_TERM_JOBSEEKER", "Bintou LONG_TERM_JOBSEEKER", "Coumba YOUNG_MISSION_LOCALE",
                        "Dado YOUNG_MISSION_LOCALE", "Fanta LONG_TERM_JOBSEEKER", "Gnima SIAE_EMPLOYEE",
                        "Hawa SIAE_EMPLOYEE", "Issa RSA", "Kadi LONG_TERM_JOBSEEKER");

        String page = mvc.perform(get("/referral-imports").with(prescriber.login())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Valeurs acceptées dans la colonne «\u00a0categorie\u00a0»").contains("<code>DELD</code>")
                .contains("<code>mission locale</code>").contains("<code>LONG_TERM_JOBSEEKER</code>");
        // The template lists the values on comment lines, and imports as it is (its example row only).
        String template = mvc.perform(get("/referral-imports/template.csv").with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(template).contains("# Demandeur d’emploi de longue durée : DELD / LONG_TERM_JOBSEEKER")
                .contains("ML / mission locale / YOUNG_MISSION_LOCALE");
        var other = data.prescriberUser("T6");
        var fromTemplate = run(other, template.getBytes(StandardCharsets.UTF_8));
        assertThat(fromTemplate.failure()).isNull();
        assertThat(fromTemplate.totalRows()).isEqualTo(1);
        assertThat(fromTemplate.accepted()).isEqualTo(1);
    }

    @Test
    void theReportListsEveryRefusedRowPageByPage() throws Exception {
        var prescriber = data.prescriberUser("T6");
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 1_050; i++) {
            csv.append("Hors;Champ;12/03/1985;Lyon;RSA;;;;;oui\n");
        }
        var report = run(prescriber, csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(report.rejected()).isEqualTo(1_050);
        String last = mvc.perform(get("/referral-imports/" + report.importId()).param("page", "11")
                        .with(prescriber.login())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // Numbers are grouped the French way (the separator is whatever the page's formatting uses).
        assertThat(last).containsPattern("1.050 erreurs expliquées").containsPattern("lignes 1.001 à 1.050")
                .contains("<td>1051</td>")
                .contains("href=\"/referral-imports/" + report.importId() + "?page=11\" aria-current=\"page\"");
    }
}
