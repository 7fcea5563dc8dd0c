package org.parcoursnumerique.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
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
class AseDistrictAdminIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired TerritoryRules rules;

    @Test
    void anAdministratorMovesADistrictToAnotherTerritoryAndTheRuleFollows() throws Exception {
        var admin = data.administrator();
        String code = "ASE-" + (System.nanoTime() % 100000);
        mvc.perform(post("/admin/ase-districts").with(csrf()).with(admin.login())
                        .param("code", code).param("name", TestData.unique("Circonscription"))
                        .param("territoryId", String.valueOf(data.territory("T6"))))
                .andExpect(redirectedUrl("/admin/ase-districts"));
        long id = jdbc.sql("SELECT id FROM ase_district WHERE code = :code").param("code", code).query(Long.class).single();
        assertThat(rules.territoryFor("93048", true, id)).contains(data.territory("T6"));

        mvc.perform(post("/admin/ase-districts/" + id).with(csrf()).with(admin.login())
                        .param("territoryId", String.valueOf(data.territory("T9"))))
                .andExpect(redirectedUrl("/admin/ase-districts"));
        assertThat(rules.territoryFor("93048", true, id)).contains(data.territory("T9"));
    }

    @Test
    void refusesAnUnknownTerritoryADuplicateCodeAndABadCode() throws Exception {
        var admin = data.administrator();
        String body = mvc.perform(post("/admin/ase-districts").with(csrf()).with(admin.login())
                        .param("code", "ASE-SDN").param("name", "Doublon").param("territoryId", "999999"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).contains("Choisissez un territoire");
        String duplicate = mvc.perform(post("/admin/ase-districts").with(csrf()).with(admin.login())
                        .param("code", "ASE-SDN").param("name", "Doublon")
                        .param("territoryId", String.valueOf(data.territory("T6"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(duplicate).contains("Ce code existe déjà");
        String badCode = mvc.perform(post("/admin/ase-districts").with(csrf()).with(admin.login())
                        .param("code", "ase sdn<script>").param("name", "X")
                        .param("territoryId", String.valueOf(data.territory("T6"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(badCode).contains("Le code contient 2 à 20").doesNotContain("<script>");
        mvc.perform(post("/admin/ase-districts/999999").with(csrf()).with(admin.login())
                .param("territoryId", String.valueOf(data.territory("T6")))).andExpect(status().isNotFound());
    }
}
