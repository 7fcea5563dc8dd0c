package org.parcoursnumerique.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class OrganisationAdminIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Organisations organisations;

    @Test
    void addsAPrescriberServingSeveralTerritories() throws Exception {
        var admin = data.administrator();
        String name = TestData.unique("Cap emploi");
        mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "PRESCRIBER").param("name", name).param("prescriberKind", "CAP_EMPLOI")
                        .param("servedTerritoryIds", String.valueOf(data.territory("T6")))
                        .param("servedTerritoryIds", String.valueOf(data.territory("T9"))))
                .andExpect(redirectedUrl("/admin/organisations"));
        var created = organisations.findByName(name).orElseThrow();
        assertThat(created.kind()).isEqualTo(OrganisationKind.PRESCRIBER);
        assertThat(created.servedTerritories()).isEqualTo("T6, T9");
        assertThat(mvc.perform(get("/admin/organisations").with(admin.login())).andReturn().getResponse()
                .getContentAsString()).contains(name);
    }

    @Test
    void aMemberStructureTakesItsConsortiumsTerritoryAndNeedsAValidIdentifier() throws Exception {
        var admin = data.administrator();
        long member = data.consortiumMember("T7");
        long consortium = jdbc.sql("SELECT consortium_id FROM organisation WHERE id = :id").param("id", member)
                .query(Long.class).single();
        String bad = mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "MEMBER_STRUCTURE").param("name", TestData.unique("Asso"))
                        .param("consortiumId", String.valueOf(consortium)).param("legalForm", "ASSOCIATION")
                        .param("siret", "12345678901234").param("rna", "X12"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("Le SIRET doit contenir 14 chiffres valides").contains("W suivi de 9 chiffres");

        String name = TestData.unique("Asso");
        mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "MEMBER_STRUCTURE").param("name", name)
                        .param("consortiumId", String.valueOf(consortium)).param("legalForm", "ESS")
                        .param("siret", "732 829 320 00074"))
                .andExpect(redirectedUrl("/admin/organisations"));
        var created = organisations.findByName(name).orElseThrow();
        assertThat(created.territoryCode()).isEqualTo("T7");
        assertThat(created.siret()).isEqualTo("73282932000074");
    }

    @Test
    void aMemberStructureGetsTheAddressWherePeopleAreReceived() throws Exception {
        var admin = data.administrator();
        long member = data.consortiumMember("T7");
        long consortium = jdbc.sql("SELECT consortium_id FROM organisation WHERE id = :id").param("id", member)
                .query(Long.class).single();
        String name = TestData.unique("Asso adresse");
        String bad = mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "MEMBER_STRUCTURE").param("name", name)
                        .param("consortiumId", String.valueOf(consortium)).param("legalForm", "ESS")
                        .param("siret", "732 829 320 00074").param("addressLine", "4 place de l’Essai")
                        .param("postcode", "9360").param("phone", "12"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("Le code postal doit faire 5 chiffres").contains("Saisissez la ville.")
                .contains("Ce numéro de téléphone n’est pas valide");
        assertThat(organisations.findByName(name)).isEmpty();

        mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "MEMBER_STRUCTURE").param("name", name)
                        .param("consortiumId", String.valueOf(consortium)).param("legalForm", "ESS")
                        .param("siret", "732 829 320 00074").param("addressLine", "4 place de l’Essai")
                        .param("postcode", "93600").param("city", "Aulnay-sous-Bois")
                        .param("accessInfo", "Porte B").param("phone", "01 99 00 00 44"))
                .andExpect(redirectedUrl("/admin/organisations"));
        var created = organisations.findByName(name).orElseThrow();
        assertThat(created.address()).isEqualTo("4 place de l’Essai, 93600 Aulnay-sous-Bois");
        assertThat(created.accessInfo()).isEqualTo("Porte B");
        assertThat(created.phone()).isEqualTo("+33199000044");

        String empty = mvc.perform(post("/admin/organisations/" + created.id() + "/address").with(csrf())
                        .with(admin.login()).param("addressLine", "").param("postcode", "").param("city", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(empty).contains("Saisissez le numéro et la rue.");
        mvc.perform(post("/admin/organisations/" + created.id() + "/address").with(csrf()).with(admin.login())
                        .param("addressLine", "9 rue Nouvelle").param("postcode", "93600").param("city", "Aulnay-sous-Bois"))
                .andExpect(redirectedUrl("/admin/organisations"));
        var moved = organisations.find(created.id()).orElseThrow();
        assertThat(moved.address()).isEqualTo("9 rue Nouvelle, 93600 Aulnay-sous-Bois");
        assertThat(moved.accessInfo()).isNull();
        // Only member structures receive people: other organisations have no address page.
        mvc.perform(get("/admin/organisations/" + consortium + "/address").with(admin.login()))
                .andExpect(status().isNotFound());
    }

    @Test
    void explainsWhatIsMissing() throws Exception {
        var admin = data.administrator();
        String empty = mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "PRESCRIBER").param("name", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(empty).contains("Saisissez un nom").contains("Choisissez le type de prescripteur")
                .contains("Cochez au moins un territoire desservi");
        String platform = mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "PLATFORM").param("name", TestData.unique("X")))
                .andReturn().getResponse().getContentAsString();
        assertThat(platform).contains("Choisissez un type d’organisation");
    }

    @Test
    void siretCheckDigit() {
        assertThat(Siret.isValid("732829320 00074".replace(" ", ""))).isTrue();
        assertThat(Siret.isValid("73282932000075")).isFalse();
        assertThat(Siret.isValid("7328293200007")).isFalse();
    }
}
