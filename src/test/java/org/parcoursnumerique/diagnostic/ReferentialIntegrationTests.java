package org.parcoursnumerique.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class ReferentialIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    static final String DEFAULT_JSON = ReferentialJson.write(ReferentialJson.loadDefault());

    /** The default referential under a new code, with one question added to the project step. */
    static String territoryVersion(String code, int version) {
        return DEFAULT_JSON.replaceFirst("\"code\" : \"referentiel-commun\"", "\"code\" : \"" + code + "\"")
                .replaceFirst("\"version\" : 1,", "\"version\" : " + version + ",")
                .replace("\"key\" : \"project_details\",", """
                        "key" : "transport_license", "type" : "SINGLE_CHOICE", "label" : "Avez-vous le permis de conduire ?",
                        "required" : false, "options" : [ {"key":"yes","label":"Oui"}, {"key":"no","label":"Non"} ], "core" : false
                        }, {
                        "key" : "project_details",""");
    }

    MockMultipartFile file(String json) {
        return new MockMultipartFile("file", "referentiel.json", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    long idOf(String code, int version) {
        return jdbc.sql("SELECT id FROM diagnostic_referential WHERE code = :c AND version = :v").param("c", code)
                .param("v", version).query(Long.class).single();
    }

    @Test
    void theDefaultReferentialIsInstalledOnceAsThePublishedPlatformVersion() throws Exception {
        var row = jdbc.sql("SELECT status, owner_territory_id FROM diagnostic_referential WHERE code = 'referentiel-commun' AND version = 1")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getObject(2)}).single();
        assertThat(row[0]).isEqualTo("PUBLISHED");
        assertThat(row[1]).isNull();
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        mvc.perform(get("/referentials").with(mediator.login())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Référentiel commun de diagnostic numérique")));
        mvc.perform(get("/referentials/" + idOf("referentiel-commun", 1)).with(mediator.login())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("1.1 Mener une recherche et une veille d'information")));
    }

    @Test
    void exportGivesTheJsonAsAnAttachmentThatReadsBackEqual() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        var response = mvc.perform(get("/referentials/" + idOf("referentiel-commun", 1) + "/export").with(mediator.login()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", Matchers.startsWith("attachment")))
                .andReturn().getResponse();
        var read = ReferentialJson.read(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(read.referential()).isEqualTo(ReferentialJson.loadDefault());
    }

    @Test
    void aCoordinatorImportsADraftPublishesItAndTheTerritorysNewDiagnosticsUseIt() throws Exception {
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T7");
        String code = "referentiel-t7-" + System.nanoTime() % 100000;
        mvc.perform(multipart("/referentials/import").file(file(territoryVersion(code, 1))).with(csrf())
                .with(coordinator.login())).andExpect(status().isFound());
        long id = idOf(code, 1);
        assertThat(jdbc.sql("SELECT status FROM diagnostic_referential WHERE id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("DRAFT");
        // Another territory does not see it.
        var elsewhere = data.consortiumStaff(Role.COORDINATOR, "T9");
        mvc.perform(get("/referentials/" + id).with(elsewhere.login())).andExpect(status().isNotFound());
        mvc.perform(post("/referentials/" + id + "/publish").with(csrf()).with(elsewhere.login()))
                .andExpect(status().isNotFound());
        // A mediator reads but does not publish.
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T7");
        mvc.perform(post("/referentials/" + id + "/publish").with(csrf()).with(mediator.login()))
                .andExpect(status().isNotFound());

        mvc.perform(post("/referentials/" + id + "/publish").with(csrf()).with(coordinator.login()))
                .andExpect(status().isFound());
        String published = jdbc.sql("SELECT content FROM diagnostic_referential WHERE id = :id").param("id", id)
                .query(String.class).single();

        // Published: the same version cannot be imported over, nor published again.
        mvc.perform(multipart("/referentials/import").file(file(territoryVersion(code, 1).replace("Avez-vous le permis", "Permis")))
                        .with(csrf()).with(coordinator.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("existe déjà et ne peut plus être modifiée")));
        mvc.perform(post("/referentials/" + id + "/publish").with(csrf()).with(coordinator.login()))
                .andExpect(status().isConflict());
        assertThat(jdbc.sql("SELECT content FROM diagnostic_referential WHERE id = :id").param("id", id)
                .query(String.class).single()).isEqualTo(published);
        // And the database refuses it too.
        assertThatThrownBy(() -> jdbc.sql("UPDATE diagnostic_referential SET content = 'x' WHERE id = :id")
                .param("id", id).update()).isInstanceOf(Exception.class);

        // A new diagnostic of T7 uses the territory's version; one of T6 keeps the platform's.
        var t7 = data.consortiumStaff(Role.MEDIATOR, "T7");
        long person = data.beneficiary().livingIn("93005", "T7").withStatus("ACCEPTED").create();
        mvc.perform(post("/beneficiaries/" + person + "/diagnostics").with(csrf()).with(t7.login()))
                .andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT referential_id FROM diagnostic WHERE beneficiary_id = :p").param("p", person)
                .query(Long.class).single()).isEqualTo(id);
        var t6 = data.consortiumStaff(Role.MEDIATOR, "T6");
        long other = data.beneficiary().withStatus("ACCEPTED").create();
        mvc.perform(post("/beneficiaries/" + other + "/diagnostics").with(csrf()).with(t6.login()))
                .andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT referential_id FROM diagnostic WHERE beneficiary_id = :p").param("p", other)
                .query(Long.class).single()).isEqualTo(idOf("referentiel-commun", 1));
    }

    @Test
    void anInvalidFileIsExplainedInFrenchAndNothingIsStored() throws Exception {
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T8");
        String code = "referentiel-t8-" + System.nanoTime() % 100000;
        String withoutCoreOption = territoryVersion(code, 1).replace(", {\n        \"key\" : \"tablet\",\n        \"label\" : \"Une tablette\"\n      }, {\n        \"key\" : \"none\"",
                ", {\n        \"key\" : \"none\"");
        assertThat(withoutCoreOption).isNotEqualTo(territoryVersion(code, 1));
        mvc.perform(multipart("/referentials/import").file(file(withoutCoreOption)).with(csrf()).with(coordinator.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("doit garder l’option « tablet »")));
        mvc.perform(multipart("/referentials/import").file(file("{\"code\": ")).with(csrf()).with(coordinator.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("pas un JSON valide (ligne 1")));
        mvc.perform(multipart("/referentials/import").file(file("")).with(csrf()).with(coordinator.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Choisissez un fichier JSON")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM diagnostic_referential WHERE code = :c").param("c", code)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aTerritoryCannotTakeThePlatformsCode() throws Exception {
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        mvc.perform(multipart("/referentials/import").file(file(territoryVersion("referentiel-commun", 2)))
                        .with(csrf()).with(coordinator.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("appartient à un autre propriétaire")));
    }

    @Test
    void aDraftOfTheSameOwnerIsReplacedByANewImport() throws Exception {
        var manager = data.programmeManager();
        String code = "referentiel-plateforme-" + System.nanoTime() % 100000;
        mvc.perform(multipart("/referentials/import").file(file(territoryVersion(code, 1))).with(csrf())
                .with(manager.login())).andExpect(status().isFound());
        mvc.perform(multipart("/referentials/import").file(file(territoryVersion(code, 1).replace("Avez-vous le permis", "Le permis")))
                .with(csrf()).with(manager.login())).andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT content FROM diagnostic_referential WHERE code = :c").param("c", code)
                .query(String.class).single()).contains("Le permis");
        assertThat(jdbc.sql("SELECT owner_territory_id FROM diagnostic_referential WHERE code = :c").param("c", code)
                .query(Long.class).optional()).isEmpty();
    }
}
