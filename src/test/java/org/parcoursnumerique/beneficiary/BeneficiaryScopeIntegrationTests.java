package org.parcoursnumerique.beneficiary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class BeneficiaryScopeIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void prescriberSeesOnlyThePeopleTheirOrganisationReferred() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long mine = data.beneficiary().named("Zéphyrin", "Mine").referredBy(prescriber.organisationId()).create();
        long other = data.beneficiary().named("Zéphyrin", "Autre").create();

        String list = mvc.perform(get("/beneficiaries").param("q", "zephyrin").with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("/beneficiaries/" + mine).doesNotContain("/beneficiaries/" + other);

        mvc.perform(get("/beneficiaries/" + mine).with(prescriber.login())).andExpect(status().isOk());
        mvc.perform(get("/beneficiaries/" + other).with(prescriber.login())).andExpect(status().isNotFound());
    }

    @Test
    void consortiumStaffSeeTheirTerritoryOnly() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long inT6 = data.beneficiary().livingIn("93066", "T6").create();
        long inT8 = data.beneficiary().livingIn("93048", "T8").create();

        mvc.perform(get("/beneficiaries/" + inT6).with(mediator.login())).andExpect(status().isOk());
        mvc.perform(get("/beneficiaries/" + inT8).with(mediator.login())).andExpect(status().isNotFound());
    }

    @Test
    void aseYoungAdultBelongsToTheTerritoryOfTheirDistrictNotOfTheirHome() throws Exception {
        var coordinatorT7 = data.consortiumStaff(Role.COORDINATOR, "T7");
        var coordinatorT8 = data.consortiumStaff(Role.COORDINATOR, "T8");
        // Lives in Montreuil (T8), followed by the Aulnay-sous-Bois district (T7).
        long young = data.beneficiary().livingIn("93048", "T8").aseYoungAdult("ASE-AUL", "T7").create();

        mvc.perform(get("/beneficiaries/" + young).with(coordinatorT7.login())).andExpect(status().isOk());
        mvc.perform(get("/beneficiaries/" + young).with(coordinatorT8.login())).andExpect(status().isNotFound());
    }

    @Test
    void eptViewerAndAdministratorNeverOpenAPersonsRecord() throws Exception {
        long person = data.beneficiary().create();
        mvc.perform(get("/beneficiaries/" + person).with(data.eptViewer("T6").login())).andExpect(status().isNotFound());
        mvc.perform(get("/beneficiaries").with(data.eptViewer("T6").login())).andExpect(status().isNotFound());
        mvc.perform(get("/beneficiaries/" + person).with(data.administrator().login())).andExpect(status().isNotFound());
    }

    @Test
    void departementSeesEveryTerritory() throws Exception {
        var manager = data.programmeManager();
        for (String[] place : new String[][] {{"93066", "T6"}, {"93005", "T7"}, {"93048", "T8"}, {"93051", "T9"}}) {
            long id = data.beneficiary().livingIn(place[0], place[1]).create();
            mvc.perform(get("/beneficiaries/" + id).with(manager.login())).andExpect(status().isOk());
        }
    }

    @Test
    void searchIgnoresAccentsAndCase() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long id = data.beneficiary().named("Lefèvre-Ménard", "Éloïse").referredBy(prescriber.organisationId()).create();
        for (String q : new String[] {"lefevre", "LEFÈVRE", "lefevre-men", "Lefèvre Ménard Él", "eloise lefe", "ÉLOÏSE"}) {
            String body = mvc.perform(get("/beneficiaries").param("q", q).with(prescriber.login()))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(body).as("search %s", q).contains("/beneficiaries/" + id);
        }
        String none = mvc.perform(get("/beneficiaries").param("q", "dupont").with(prescriber.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(none).doesNotContain("/beneficiaries/" + id);
    }

    @Test
    void searchFindsNamesAsTheyAreSpokenInEitherOrder() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long eloise = data.beneficiary().named("N'Diaye", "Éloïse").referredBy(prescriber.organisationId()).create();
        long legall = data.beneficiary().named("Le Gall", "Marie-Claire").referredBy(prescriber.organisationId()).create();
        long emma = data.beneficiary().named("Martin", "Emma").referredBy(prescriber.organisationId()).create();
        for (String q : new String[] {"N'Diaye", "Ndiaye", "N Diaye", "n’diaye", "NDIAYE", "n-diaye", "eloise ndiaye",
                "ndiaye eloise", "Éloïse N’Diaye", "n diaye el", "eloise n"}) {
            assertThat(ids(search(prescriber, q))).as("search %s", q).contains(eloise);
        }
        for (String q : new String[] {"legall", "le gall", "Le-Gall marie", "marie claire le", "marieclaire",
                "marie-claire legall"}) {
            assertThat(ids(search(prescriber, q))).as("search %s", q).contains(legall);
        }
        for (String q : new String[] {"martin emma", "emma martin", "martin"}) {
            assertThat(ids(search(prescriber, q))).as("search %s", q).contains(emma);
        }
        // A match passes from one name into the other only where a typed word ends.
        for (String q : new String[] {"martine", "emmam", "ndiayee", "eloisen"}) {
            assertThat(ids(search(prescriber, q))).as("search %s", q).doesNotContain(emma, eloise);
        }
    }

    private String search(TestData.TestUser user, String q) throws Exception {
        return mvc.perform(get("/beneficiaries").param("q", q).with(user.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void searchListsEachPersonOnceInNameOrderAcrossPages() throws Exception {
        var prescriber = data.prescriberUser("T6");
        // "qua" starts the "last first" name, the "first last" name, or both (listed once).
        Map<String, Long> expected = new TreeMap<>();
        String[][] people = {{"Quaresma", "Quarto"}, {"Abadie", "Quassia"}, {"Quay", "Paul"}, {"Zubiri", "Quaid"}};
        for (String[] p : people) {
            expected.put(Names.searchKey(p[0], p[1]).key(), data.beneficiary().named(p[0], p[1])
                    .referredBy(prescriber.organisationId()).create());
        }
        for (int i = 0; i < 13; i++) {
            char c = (char) ('a' + i);
            expected.put(Names.searchKey("Quab" + c, "Jean").key(), data.beneficiary().named("Quab" + c, "Jean")
                    .referredBy(prescriber.organisationId()).create());
            expected.put(Names.searchKey("Bleu" + c, "Quaz").key(), data.beneficiary().named("Bleu" + c, "Quaz")
                    .referredBy(prescriber.organisationId()).create());
        }
        data.beneficiary().named("Quatre", "Hors").create();

        String first = mvc.perform(get("/beneficiaries").param("q", "Qua").with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String second = mvc.perform(get("/beneficiaries").param("q", "Qua").param("page", "2").with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(first).contains("30 personnes").contains("Page 1 sur 2");
        assertThat(second).contains("Page 2 sur 2");
        List<Long> listed = new ArrayList<>(ids(first));
        listed.addAll(ids(second));
        assertThat(ids(first)).hasSize(25);
        assertThat(listed).containsExactlyElementsOf(expected.values());
    }

    private static List<Long> ids(String page) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"/beneficiaries/(\\d+)\"").matcher(page);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    @Test
    void searchTreatsLikeWildcardsLiterally() throws Exception {
        var prescriber = data.prescriberUser("T6");
        long id = data.beneficiary().named("Martin", "Paul").referredBy(prescriber.organisationId()).create();
        String body = mvc.perform(get("/beneficiaries").param("q", "%").with(prescriber.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("/beneficiaries/" + id);
    }

    @Test
    void listPaginatesAndFiltersByStatus() throws Exception {
        var prescriber = data.prescriberUser("T6");
        for (int i = 0; i < 30; i++) {
            data.beneficiary().named("Pagination", "N" + i).referredBy(prescriber.organisationId()).create();
        }
        long diagnosed = data.beneficiary().named("Pagination", "Diagnostiquée").withStatus("DIAGNOSED")
                .referredBy(prescriber.organisationId()).create();
        String first = mvc.perform(get("/beneficiaries").with(prescriber.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(first).contains("31 personnes").contains("Page 1 sur 2");
        String second = mvc.perform(get("/beneficiaries").param("page", "2").with(prescriber.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(second).contains("Page 2 sur 2");
        String filtered = mvc.perform(get("/beneficiaries").param("status", "DIAGNOSED").with(prescriber.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(filtered).contains("1 personne.").contains("/beneficiaries/" + diagnosed);
    }

    @Test
    void malformedIdsAndParametersNeverGiveAServerError() throws Exception {
        var prescriber = data.prescriberUser("T6");
        mvc.perform(get("/beneficiaries/abc").with(prescriber.login())).andExpect(status().isNotFound());
        mvc.perform(get("/beneficiaries/99999999999999999999").with(prescriber.login())).andExpect(status().isNotFound());
        mvc.perform(get("/beneficiaries").param("page", "-4").param("status", "NOPE").param("territory", "'; drop")
                .param("q", "x".repeat(5000)).with(prescriber.login())).andExpect(status().isOk());
        // A NUL character reaches the audit trail harmlessly (PostgreSQL refuses it in text).
        mvc.perform(get("/beneficiaries").param("q", "ab\u0000c").with(prescriber.login())).andExpect(status().isOk());
    }

    @Test
    void aPagePastTheEndOfThePeopleListShowsTheLastPageWithItsFiltersInTheLinks() throws Exception {
        var prescriber = data.prescriberUser("T6");
        for (int i = 0; i < 30; i++) {
            data.beneficiary().named("Paginee" + (char) ('a' + i % 26) + (char) ('a' + i / 26), "Test")
                    .referredBy(prescriber.organisationId()).create();
        }
        String page = mvc.perform(get("/beneficiaries").param("page", "7").param("sort", "name")
                        .with(prescriber.login())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("30 personnes").contains("Pagineeza").doesNotContain("Pagineeaa")
                .contains("href=\"/beneficiaries?sort=name&amp;page=2\" aria-current=\"page\"")
                .contains("href=\"/beneficiaries?sort=name&amp;page=1\" rel=\"prev\"");
    }
}
