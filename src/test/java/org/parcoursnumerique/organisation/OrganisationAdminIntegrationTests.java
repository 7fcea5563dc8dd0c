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
        // The list is paginated: the new organisation is found by its name.
        assertThat(mvc.perform(get("/admin/organisations").param("q", name).with(admin.login())).andReturn().getResponse()
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

    private String auditDetails(String action, long userId) {
        return String.join("\n", jdbc.sql("SELECT details FROM audit_event WHERE action = :a AND user_id = :u ORDER BY id")
                .param("a", action).param("u", userId).query(String.class).list());
    }

    @Test
    void onlyTheCoordinatingStructureMustBeAnAssociationOrEss() throws Exception {
        var admin = data.administrator();
        long member = data.consortiumMember("T8");
        long consortium = jdbc.sql("SELECT consortium_id FROM organisation WHERE id = :id").param("id", member)
                .query(Long.class).single();
        String library = TestData.unique("Médiathèque");
        mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "MEMBER_STRUCTURE").param("name", library).param("consortiumId", String.valueOf(consortium))
                        .param("legalForm", "MUNICIPALITY").param("siret", "732 829 320 00074"))
                .andExpect(redirectedUrl("/admin/organisations"));
        assertThat(organisations.findByName(library).orElseThrow().legalForm()).isEqualTo("MUNICIPALITY");

        String lead = TestData.unique("CCAS");
        String refused = mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "MEMBER_STRUCTURE").param("name", lead).param("consortiumId", String.valueOf(consortium))
                        .param("legalForm", "CCAS").param("leadMember", "true").param("siret", "732 829 320 00074"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("La structure coordinatrice doit être une association ou une structure de l’économie sociale");
        assertThat(organisations.findByName(lead)).isEmpty();
    }

    @Test
    void partnersAreNotMembersAndHaveNoAccounts() throws Exception {
        var admin = data.administrator();
        String name = TestData.unique("Repair café");
        mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                        .param("kind", "REPAIR_CAFE").param("name", name)
                        .param("territoryId", String.valueOf(data.territory("T9"))))
                .andExpect(redirectedUrl("/admin/organisations"));
        var cafe = organisations.findByName(name).orElseThrow();
        assertThat(cafe.kind()).isEqualTo(OrganisationKind.REPAIR_CAFE);
        assertThat(cafe.territoryCode()).isEqualTo("T9");
        assertThat(mvc.perform(get("/admin/organisations").param("kind", "REPAIR_CAFE").with(admin.login()))
                .andReturn().getResponse().getContentAsString()).contains(name).contains("Repair café (partenaire)");
        // No role fits a partner: they never see people.
        for (String role : new String[] {"MEDIATOR", "COORDINATOR", "PRESCRIBER", "LOGISTICS_MANAGER"}) {
            mvc.perform(post("/admin/users").with(csrf()).with(admin.login())
                            .param("email", TestData.unique("p").replace(' ', '.') + "@example.org")
                            .param("displayName", "Partenaire").param("organisationId", String.valueOf(cafe.id()))
                            .param("role", role))
                    .andExpect(status().isOk());
        }
        assertThat(cafe.userCount()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_account WHERE organisation_id = :o").param("o", cafe.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void anAdministratorEditsAnOrganisationAndEachChangeIsAudited() throws Exception {
        var admin = data.administrator();
        long prescriber = data.prescriber("CAP_EMPLOI", "T6");
        String form = mvc.perform(get("/admin/organisations/" + prescriber + "/edit").with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(form).contains("Le type ne se modifie pas");
        String newName = TestData.unique("Cap emploi renommé");
        mvc.perform(post("/admin/organisations/" + prescriber).with(csrf()).with(admin.login())
                        // The kind sent is ignored: it stays a prescriber.
                        .param("kind", "DEPARTEMENT").param("name", newName).param("prescriberKind", "CAP_EMPLOI")
                        .param("siret", "732 829 320 00074")
                        .param("servedTerritoryIds", String.valueOf(data.territory("T6")))
                        .param("servedTerritoryIds", String.valueOf(data.territory("T8"))))
                .andExpect(status().isFound());
        var changed = organisations.find(prescriber).orElseThrow();
        assertThat(changed.name()).isEqualTo(newName);
        assertThat(changed.kind()).isEqualTo(OrganisationKind.PRESCRIBER);
        assertThat(changed.siret()).isEqualTo("73282932000074");
        assertThat(changed.servedTerritories()).isEqualTo("T6, T8");
        assertThat(auditDetails("ORGANISATION_CHANGED", admin.id())).contains("organisation " + prescriber)
                .contains("name « Prescripteur CAP_EMPLOI").contains("» → « " + newName + " »")
                .contains("siret «  » → « 73282932000074 »").contains("servedTerritories « T6 » → « T6, T8 »");

        // Invalid edits are explained on the form and change nothing.
        String bad = mvc.perform(post("/admin/organisations/" + prescriber).with(csrf()).with(admin.login())
                        .param("name", "").param("prescriberKind", "CAP_EMPLOI").param("siret", "123"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("Saisissez un nom").contains("Le SIRET doit contenir 14 chiffres valides")
                .contains("Cochez au moins un territoire desservi");
        assertThat(organisations.find(prescriber).orElseThrow().name()).isEqualTo(newName);
        mvc.perform(get("/admin/organisations/999999999/edit").with(admin.login())).andExpect(status().isNotFound());
    }

    @Test
    void organisationsAreSearchedByNameSiretKindAndTerritoryWithATrueTotal() throws Exception {
        var admin = data.administrator();
        String stem = "Cherchable" + System.nanoTime();
        for (int i = 0; i < 53; i++) {
            organisations.create(new Organisations.NewOrganisation(OrganisationKind.PRESCRIBER, stem + " " + i, null, null,
                    false, null, i == 7 ? "73282932000074" : null, null, "CAP_EMPLOI",
                    java.util.List.of(data.territory(i % 2 == 0 ? "T6" : "T9"))));
        }
        var all = organisations.search(new Organisations.Filter(stem.toLowerCase(), null, null, 1));
        assertThat(all.total()).isEqualTo(53);
        assertThat(all.pages()).isEqualTo(2);
        assertThat(all.rows()).hasSize(Organisations.PAGE_SIZE);
        // A page out of range is clamped to the last one.
        var last = organisations.search(new Organisations.Filter(stem, null, null, 99));
        assertThat(last.page()).isEqualTo(2);
        assertThat(last.rows()).hasSize(3);
        assertThat(organisations.search(new Organisations.Filter(stem, OrganisationKind.PRESCRIBER,
                data.territory("T9"), 1)).total()).isEqualTo(26);
        assertThat(organisations.search(new Organisations.Filter(stem, OrganisationKind.EPT, null, 1)).total()).isZero();
        assertThat(organisations.search(new Organisations.Filter("732 829 320", null, null, 1)).rows())
                .extracting(Organisations.Organisation::name).contains(stem + " 7");

        String page = mvc.perform(get("/admin/organisations").param("q", stem).param("page", "2").with(admin.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("53 organisations trouvées — page 2 sur 2").contains("Page précédente")
                .doesNotContain("Page suivante");
        mvc.perform(get("/admin/organisations").param("page", "abc").param("kind", "NOPE").param("territory", "x")
                .with(admin.login())).andExpect(status().isOk());
    }

    @Test
    void invisibleCharactersInAnOrganisationAreRefusedOnTheFormNamingTheField() throws Exception {
        var admin = data.administrator();
        String prefix = TestData.unique("Asso");
        for (String bad : new String[] {"\u0001", "\uFFFE", "\uFFFF", "\uD800", "\u007F", "\u0085", "\uFDD0", "\n"}) {
            String page = mvc.perform(post("/admin/organisations").with(csrf()).with(admin.login())
                            .param("kind", "PRESCRIBER").param("name", prefix + bad + " emploi")
                            .param("prescriberKind", "CAP_EMPLOI")
                            .param("servedTerritoryIds", String.valueOf(data.territory("T6"))))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("Le champ « Nom » contient un caractère invisible ou interdit");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM organisation WHERE name LIKE :p").param("p", prefix + "%")
                .query(Long.class).single()).isZero();
        long member = data.consortiumMember("T6");
        String address = mvc.perform(post("/admin/organisations/" + member + "/address").with(csrf()).with(admin.login())
                        .param("addressLine", "3 rue\u0000 Haute").param("postcode", "93200").param("city", "Saint-Denis"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(address).contains("Le champ « Numéro et rue » contient un caractère invisible");
    }
}
