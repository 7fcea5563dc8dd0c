package org.parcoursnumerique.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.diagnostic.TrainingTheme;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TerritoryScope;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Offers files as real publishers write them: usable records imported, defects reported per record
 * in French, never the same place twice, a re-import creating nothing and updating what changed.
 */
@IntegrationTest
class TrainingImportIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired OfferImports imports;
    @Autowired OfferQueries offers;
    @Autowired CommuneCentres centres;
    @Autowired ApiTokens tokens;
    @Autowired Organisations organisations;

    static String row(String id, String pivot, String name, String commune, String postcode, String insee, String address,
                      String lat, String lon, String date, String summary, String services) {
        return String.join(",", q(id), q(pivot), q(name), q(commune), q(postcode), q(insee), q(address), q(""), q(lat),
                q(lon), q("ASSO"), q("+33199001122"), q("accueil@exemple.test"), q("https://exemple.test/"),
                q("Mo-Fr 09:00-12:00"), q(summary), q(""), q("Essai"), q("Fixe"), q(""), q(date), q(services), q(""),
                q(""), q("Gratuit"), q(""), q(""), q(""), q("Se présenter"), q("Dans un atelier collectif"), q(""), q(""));
    }

    static String q(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Test
    void aMessyLieuxFileIsImportedWhereUsableAndReportedPerRecordAndAReimportCreatesNothing() {
        String p = TestData.unique("p").replaceAll("[^a-z0-9]", "");
        String csv = DemoCatalogue.HEADER + "\n"
                + row(p + "-1", "00000000000000", "Espace Clic " + p, "Saint-Denis", "93200", "93066", "1 rue A",
                        "48.9362", "2.3574", "1969-12-31", "Résumé", "Maîtrise des outils numériques du quotidien") + "\n"
                + row(p + "-2", "12345678901234", "Atelier " + p, "Montreuil", "93100", "93048", "2 rue B", "43.52609",
                        "5.41423", "2025-01-10", "x".repeat(400), "Aide aux démarches administratives|Service inventé") + "\n"
                + row(p + "-3", "", "", "Bobigny", "93000", "93008", "3 rue C", "", "", "2025-01-10", "", "") + "\n"
                + row(p + "-4", "", "Sans code " + p, "Bobigny", "9300X", "93008", "3 rue C", "", "", "2025-01-10", "", "") + "\n"
                + row(p + "-5", "", "Espace Clic " + p, "Saint-Denis", "93200", "93066", "1 rue A bis", "", "",
                        "2025-01-10", "", "") + "\n"
                + row(p + "-1", "", "Répété " + p, "Saint-Denis", "93200", "93066", "1 rue A", "", "", "2025-01-10", "", "")
                + "\n";
        var report = imports.run(Optional.empty(), "essai.csv", csv.getBytes(StandardCharsets.UTF_8), null, "test");
        assertThat(report.format()).isEqualTo("lieux-v1");
        assertThat(report.totalRecords()).isEqualTo(6);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(2);
        assertThat(report.duplicates()).isEqualTo(2);
        assertThat(report.errors()).extracting(OfferImports.Error::message).anySatisfy(m -> assertThat(m).contains("fictif"))
                .anySatisfy(m -> assertThat(m).contains("1969-12-31"))
                .anySatisfy(m -> assertThat(m).contains("coupé"))
                .anySatisfy(m -> assertThat(m).contains("hors de la commune"))
                .anySatisfy(m -> assertThat(m).contains("Service inventé"))
                .anySatisfy(m -> assertThat(m).contains("Nom absent"))
                .anySatisfy(m -> assertThat(m).contains("Code postal"))
                .anySatisfy(m -> assertThat(m).contains("déjà au catalogue"));
        var second = jdbc.sql("SELECT latitude, siret, source_updated_on, summary FROM training_offer WHERE source_id = :id")
                .param("id", p + "-2").query().singleRow();
        // Wrong region: replaced by the centre of Montreuil.
        assertThat(((Number) second.get("latitude")).doubleValue()).isBetween(48.8, 48.9);
        assertThat(((String) second.get("summary")).length()).isLessThanOrEqualTo(280);
        var first = jdbc.sql("SELECT siret, source_updated_on FROM training_offer WHERE source_id = :id")
                .param("id", p + "-1").query().singleRow();
        assertThat(first.get("siret")).isNull();
        assertThat(first.get("source_updated_on")).isNull();

        var again = imports.run(Optional.empty(), "essai.csv", csv.getBytes(StandardCharsets.UTF_8), null, "test");
        assertThat(again.accepted()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.unchanged()).isEqualTo(2);
        long count = jdbc.sql("SELECT COUNT(*) FROM training_offer WHERE source_id LIKE :p").param("p", p + "-%")
                .query(Long.class).single();
        assertThat(count).isEqualTo(2);

        var changed = imports.run(Optional.empty(), "essai.csv",
                csv.replace("2 rue B", "20 rue B").getBytes(StandardCharsets.UTF_8), null, "test");
        assertThat(changed.updated()).isEqualTo(1);
        assertThat(changed.accepted()).isZero();
    }

    @Test
    void aV0FileWithSemicolonsAndADataInclusionFileWithAV0ThematiqueAreReadAndMapped() {
        String p = TestData.unique("v").replaceAll("[^a-z0-9]", "");
        String v0 = """
                "id","pivot","nom","commune","code_postal","code_insee","adresse","complement_adresse","latitude","longitude","cle_ban","typologie","telephone","courriel","site_web","horaires","presentation_resume","presentation_detail","source","structure_parente","date_maj","services","publics_accueillis","conditions_acces","labels_nationaux","labels_autres","modalites_accompagnement","accessibilite","prise_rdv"
                "%s","","Point numérique %s","Bondy","93140","93010","5 rue D","","","","","ASSO","0199001133","a@exemple.test","","","Court","","Essai v0","","2024-02-02","Prendre en main un ordinateur;Favoriser mon insertion professionnelle","Adultes;Surdité","Gratuit : Je peux accéder gratuitement au lieu et à ses services","","","Seul : j'ai accès à du matériel et une connexion","",""
                """.formatted(p, p);
        var report = imports.run(Optional.empty(), "v0.csv", v0.getBytes(StandardCharsets.UTF_8), null, "test");
        assertThat(report.format()).isEqualTo("lieux-v0");
        assertThat(report.accepted()).isEqualTo(1);
        String json = """
                [{"source":"essai","structure_id":"s1","id":"%s","nom":"Atelier CV %s","description":"Atelier",
                  "date_maj":"2025-03-03","thematiques":["numerique--favoriser-mon-insertion-professionnelle","inconnue--x"],
                  "frais":["payant"],"modes_accueil":["en-presentiel","a-distance"],"adresse":"6 rue E","code_postal":"93140",
                  "code_insee":"93010","commune":"Bondy","latitude":48.9022,"longitude":2.4828},
                 "pas une fiche"]""".formatted(p, p);
        var di = imports.run(Optional.empty(), "di.json", json.getBytes(StandardCharsets.UTF_8), null, "test");
        assertThat(di.format()).isEqualTo("data-inclusion");
        assertThat(di.accepted()).isEqualTo(1);
        assertThat(di.rejected()).isEqualTo(1);
        assertThat(di.errors()).extracting(OfferImports.Error::message).anySatisfy(m -> assertThat(m).contains("inconnue--x"));

        var bondy = centres.of("93010").orElseThrow();
        var found = offers.search(new OfferQueries.Criteria(java.util.Set.of(TrainingTheme.JOB_SEARCH), null, null, bondy,
                2, false, OfferQueries.Modality.REMOTE, false, false, p), TerritoryScope.all(), "1", "/trainings");
        assertThat(found.rows()).extracting(OfferQueries.OfferRow::name).containsExactly("Atelier CV " + p);
        var free = offers.search(new OfferQueries.Criteria(java.util.Set.of(TrainingTheme.JOB_SEARCH), null, null, bondy,
                2, true, null, true, false, p), TerritoryScope.all(), "1", "/trainings");
        assertThat(free.rows()).extracting(OfferQueries.OfferRow::name).containsExactly("Point numérique " + p);
    }

    @Test
    void theApiAnswersTheReportToAConsortiumTokenAndNotFoundToAPrescriberOne() throws Exception {
        long consortium = organisations.create(new Organisations.NewOrganisation(OrganisationKind.CONSORTIUM,
                TestData.unique("Consortium API"), data.territory("T6"), null, false, "ASSOCIATION", null, null, null,
                java.util.List.of()));
        String token = "pn_training_" + System.nanoTime();
        tokens.store(consortium, "essai", token, null);
        String p = TestData.unique("a").replaceAll("[^a-z0-9]", "");
        String csv = DemoCatalogue.HEADER + "\n" + row(p, "", "Lieu API " + p, "Pantin", "93500", "93055", "7 rue F", "",
                "", "2025-01-10", "", "Maîtrise des outils numériques du quotidien") + "\n";
        var file = new MockMultipartFile("file", "lieux.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/api/v1/training/offer-imports").file(file).param("format", "lieux-v1")
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.updated").value(0)).andExpect(jsonPath("$.rejected").value(0))
                .andExpect(jsonPath("$.duplicates").value(0)).andExpect(jsonPath("$.errors").isArray());
        mvc.perform(multipart("/api/v1/training/offer-imports").file(file).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(jsonPath("$.accepted").value(0))
                .andExpect(jsonPath("$.unchanged").value(1));
        mvc.perform(multipart("/api/v1/training/offer-imports")
                        .file(new MockMultipartFile("file", "x.json", "application/json", "{pas du json".getBytes()))
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest());
        mvc.perform(multipart("/api/v1/training/offer-imports").file(file).param("format", "lieux-v9")
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest());
        var prescriber = data.user(Role.PRESCRIBER, data.prescriber("FRANCE_TRAVAIL", "T6"));
        String prescriberToken = "pn_training_p_" + System.nanoTime();
        tokens.store(prescriber.organisationId(), "essai", prescriberToken, null);
        mvc.perform(multipart("/api/v1/training/offer-imports").file(file).header("Authorization", "Bearer " + prescriberToken))
                .andExpect(status().isNotFound());
    }
}
