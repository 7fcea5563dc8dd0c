package org.parcoursnumerique.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** Registrations, results and CERTIFIED, the certificate, the Pix results import with generated rows. */
@IntegrationTest
class CertificationIntegrationTests {

    private static final DateTimeFormatter FR = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final String HEADER = "Numéro de certification;Prénom;Nom;Date de naissance;Lieu de naissance;"
            + "Identifiant Externe;Statut;Nombre de Pix;1.1;1.2;1.3;2.1;2.2;2.3;2.4;3.1;3.2;3.3;3.4;4.1;4.2;4.3;5.1;5.2;"
            + "Commentaire jury pour l’organisation;Session;Date de passage de la certification";

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired Pathways pathways;
    @Autowired JdbcClient jdbc;
    @Autowired Organisations organisations;
    @Autowired org.parcoursnumerique.account.ApiTokens apiTokens;

    private long centre() {
        return organisations.create(new Organisations.NewOrganisation(OrganisationKind.CERTIFICATION_CENTRE,
                TestData.unique("Centre Pix"), null, null, false, null, null, null, null, List.of()));
    }

    private LocalDate certified(long person) {
        return jdbc.sql("SELECT reached_on FROM milestone WHERE beneficiary_id = :id AND code = 'CERTIFIED'")
                .param("id", person).query(LocalDate.class).optional().orElse(null);
    }

    private long register(Pathways.Person p, long centre) throws Exception {
        String location = mvc.perform(post("/beneficiaries/" + p.personId() + "/certifications").with(csrf())
                        .with(p.mediator().login()).param("kind", "PIX").param("centre", String.valueOf(centre))
                        .param("sessionDate", LocalDate.now().minusDays(5).toString()).param("funding", "PASS_NUMERIQUE")
                        .param("cost", "59,90"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/certifications/");
        return Long.parseLong(location.substring("/certifications/".length()));
    }

    private int version(long registration) {
        return jdbc.sql("SELECT version FROM certification_registration WHERE id = :id").param("id", registration)
                .query(Integer.class).single();
    }

    @Test
    void aPassedPixResultReachesCertifiedAndACorrectionWithdrawsIt() throws Exception {
        var p = pathways.person().in("T6").diagnosedFarFromDigital();
        long reg = register(p, centre());
        assertThat(jdbc.sql("SELECT cost_cents FROM certification_registration WHERE id = :id").param("id", reg)
                .query(Long.class).single()).isEqualTo(5990L);
        LocalDate on = LocalDate.now().minusDays(2);

        mvc.perform(post("/certifications/" + reg + "/result").with(csrf()).with(p.mediator().login())
                        .param("version", String.valueOf(version(reg))).param("score", "300")
                        .param("resultOn", on.toString()).param("verificationCode", "P-ABCDEFGH"))
                .andExpect(status().is3xxRedirection());
        assertThat(certified(p.personId())).as("a code with vowels is refused, nothing written").isNull();

        mvc.perform(post("/certifications/" + reg + "/result").with(csrf()).with(p.mediator().login())
                        .param("version", String.valueOf(version(reg))).param("score", "300").param("c_1.1", "3")
                        .param("resultOn", on.toString()).param("verificationCode", "p-2b3c4d6f"))
                .andExpect(status().is3xxRedirection());
        assertThat(certified(p.personId())).isEqualTo(on);
        assertThat(jdbc.sql("SELECT level FROM certification_registration WHERE id = :id").param("id", reg)
                .query(Integer.class).single()).isEqualTo(3);

        mvc.perform(post("/certifications/" + reg + "/result").with(csrf()).with(p.mediator().login())
                        .param("version", String.valueOf(version(reg))).param("score", "40")
                        .param("resultOn", on.toString()))
                .andExpect(status().is3xxRedirection());
        assertThat(certified(p.personId())).as("a correction to failed withdraws it").isNull();
        assertThat(jdbc.sql("SELECT status FROM certification_registration WHERE id = :id").param("id", reg)
                .query(String.class).single()).isEqualTo("FAILED");

        var stranger = data.consortiumStaff(Role.MEDIATOR, "T7");
        mvc.perform(get("/certifications/" + reg).with(stranger.login())).andExpect(status().isNotFound());
        mvc.perform(get("/certifications/" + reg).with(p.prescriber().login())).andExpect(status().isNotFound());
        mvc.perform(get("/certifications/" + reg).with(p.mediator().login())).andExpect(status().isOk());
    }

    @Test
    void theCertificateMustBeASmallPdf() throws Exception {
        var p = pathways.person().in("T6").diagnosedFarFromDigital();
        long reg = register(p, centre());
        mvc.perform(multipart("/certifications/" + reg + "/certificate")
                        .file(new MockMultipartFile("file", "x.pdf", "application/pdf", "<html>".getBytes()))
                        .param("version", String.valueOf(version(reg))).with(csrf()).with(p.mediator().login()))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("SELECT certificate_size FROM certification_registration WHERE id = :id").param("id", reg)
                .query(Integer.class).optional().orElse(null)).isNull();
        byte[] pdf = "%PDF-1.4\n%fake but well started\n".getBytes(StandardCharsets.US_ASCII);
        mvc.perform(multipart("/certifications/" + reg + "/certificate")
                        .file(new MockMultipartFile("file", "attestation.pdf", "application/pdf", pdf))
                        .param("version", String.valueOf(version(reg))).with(csrf()).with(p.mediator().login()))
                .andExpect(status().is3xxRedirection());
        byte[] back = mvc.perform(get("/certifications/" + reg + "/certificate.pdf").with(p.mediator().login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(back).isEqualTo(pdf);
    }

    private static String row(String number, String first, String last, LocalDate birth, String status, String score,
                              LocalDate passed) {
        return number + ";" + first + ";" + last + ";" + birth.format(FR) + ";Paris;;" + status + ";" + score
                + ";3;-;2;-;-;-;-;-;-;-;-;-;-;-;-;-;;12345;" + passed.format(FR);
    }

    @Test
    void aPixFileIsMatchedByIdentityInScopeReportedPerRowAndImportedOnce() throws Exception {
        String last = "Pixnom " + Pathways.letters();
        var p = pathways.person().in("T6").named(last, "Aminata").diagnosedFarFromDigital();
        var coordinator = p.coordinator();
        LocalDate birth = LocalDate.of(1988, 4, 2);
        LocalDate passed = LocalDate.now().minusDays(3);
        String number = String.valueOf(100000 + new Random().nextInt(800000)) + System.nanoTime() % 1000;
        String csv = "\uFEFF" + HEADER + "\n"
                + row(number, "Aminata", last, birth, "Validée", "412", passed) + "\n"
                + row(number + "1", "Personne", "Inconnue", birth, "Validée", "300", passed) + "\n"
                + row(number + "2", "Aminata", last, birth, "Rejetée", "0", passed) + "\n"
                + row(number + "3", "Aminata", last, birth, "Validée", "5000", passed) + "\n"
                + row(number + "4", "Aminata", last, birth, "Validée", "300", passed).replace(birth.format(FR), "1988-04-02") + "\n";
        var file = new MockMultipartFile("file", "resultats.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        String page = mvc.perform(multipart("/certification/pix-imports").file(file).with(csrf()).with(coordinator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page.replace('\u00a0', ' ').replace('\u202f', ' ')).contains("Lignes lues : 5. Rattachées : 1. Sans personne correspondante : 1. Non validées par Pix : 1. Déjà importées : 0. Refusées : 2.");
        assertThat(certified(p.personId())).isEqualTo(passed);

        page = mvc.perform(multipart("/certification/pix-imports").file(file).with(csrf()).with(coordinator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page.replace('\u00a0', ' ').replace('\u202f', ' ')).contains("Rattachées : 0.").contains("Déjà importées : 1.");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM certification_registration WHERE beneficiary_id = :id")
                .param("id", p.personId()).query(Long.class).single()).isEqualTo(1L);

        // Out of scope: a coordinator of another territory matches nobody.
        var other = data.consortiumStaff(Role.COORDINATOR, "T7");
        String otherCsv = HEADER + "\n" + row(number + "9", "Aminata", last, birth, "Validée", "412", passed);
        page = mvc.perform(multipart("/certification/pix-imports")
                        .file(new MockMultipartFile("file", "r.csv", "text/csv", otherCsv.getBytes(StandardCharsets.UTF_8)))
                        .with(csrf()).with(other.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page.replace('\u00a0', ' ').replace('\u202f', ' ')).contains("Sans personne correspondante : 1.");
    }

    @Test
    void theApiImportsForAConsortiumTokenOnlyAndNeverFailsOnGeneratedRows() throws Exception {
        long consortium = organisations.create(new Organisations.NewOrganisation(OrganisationKind.CONSORTIUM,
                TestData.unique("Consortium API"), data.territory("T6"), null, false, null, null, null, null, List.of()));
        String token = "pn_cert_" + System.nanoTime();
        apiTokens.store(consortium, "pix", token, null);
        Random random = new Random(20261201L);
        String[] statuses = {"Validée", "Annulée", "En erreur", "Rejetée", "Démarrée", "", "VALIDÉE", "x"};
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        int rows = 60;
        for (int i = 0; i < rows; i++) {
            String[] cells = row("G" + System.nanoTime() + i, "Gen" + i, "Nom" + i, LocalDate.of(1990, 1, 1),
                    statuses[random.nextInt(statuses.length)], String.valueOf(random.nextInt(1500) - 100),
                    LocalDate.now().minusDays(random.nextInt(30) - 5)).split(";", -1);
            // Break one cell at random: missing, quoted, too long, another date format, odd characters.
            int c = random.nextInt(cells.length);
            cells[c] = switch (random.nextInt(6)) {
                case 0 -> "";
                case 1 -> "\"" + cells[c] + "\"";
                case 2 -> "x".repeat(300);
                case 3 -> "2026-13-45";
                case 4 -> "\u0000\u202e";
                default -> cells[c];
            };
            csv.append(String.join(";", cells)).append('\n');
        }
        String body = mvc.perform(multipart("/api/v1/certification/pix-imports")
                        .file(new MockMultipartFile("file", "gen.csv", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
        assertThat(json.get("totalRows").asInt()).isEqualTo(rows);
        assertThat(json.get("matched").asInt() + json.get("unmatched").asInt() + json.get("notValidated").asInt()
                + json.get("alreadyImported").asInt() + json.get("rejected").asInt()).isEqualTo(rows);
        assertThat(json.get("matched").asInt()).isZero();

        mvc.perform(multipart("/api/v1/certification/pix-imports")
                        .file(new MockMultipartFile("file", "bad.csv", "text/csv", "a,b,c\n1,2,3".getBytes()))
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest());

        var prescriber = data.prescriberUser("T6");
        String prescriberToken = "pn_presc_" + System.nanoTime();
        apiTokens.store(prescriber.organisationId(), "p", prescriberToken, null);
        mvc.perform(multipart("/api/v1/certification/pix-imports")
                        .file(new MockMultipartFile("file", "gen.csv", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + prescriberToken))
                .andExpect(status().isNotFound());
    }
}
