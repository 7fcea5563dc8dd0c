package org.parcoursnumerique.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** A mediator can be marked "conseiller numérique": shown in the users' list and in the choice of mediator. */
@IntegrationTest
class DigitalAdvisorIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void anAdministratorMarksAMediatorAsConseillerNumerique() throws Exception {
        var admin = data.administrator();
        long structure = data.consortiumMember("T9");
        var mediator = data.user(Role.MEDIATOR, structure);
        mvc.perform(post("/admin/users/" + mediator.id() + "/digital-advisor").with(csrf()).with(admin.login())
                        .param("value", "true"))
                .andExpect(redirectedUrl("/admin/users"));
        assertThat(jdbc.sql("SELECT digital_advisor FROM user_account WHERE id = :id").param("id", mediator.id())
                .query(Boolean.class).single()).isTrue();
        String list = mvc.perform(get("/admin/users").param("q", mediator.email()).with(admin.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("<span class=\"tag\">conseiller numérique</span>")
                .contains("Retirer «\u00a0conseiller numérique\u00a0»");

        // The choice of mediator for an appointment shows it.
        var coordinator = data.user(Role.COORDINATOR, structure);
        long person = data.beneficiary().livingIn("93051", "T9").withStatus("ACCEPTED").create();
        String form = mvc.perform(get("/beneficiaries/" + person + "/appointments/new").with(coordinator.login()))
                .andReturn().getResponse().getContentAsString();
        assertThat(form).contains("(conseiller numérique)");

        mvc.perform(post("/admin/users/" + mediator.id() + "/digital-advisor").with(csrf()).with(admin.login())
                        .param("value", "false"))
                .andExpect(redirectedUrl("/admin/users"));
        assertThat(jdbc.sql("SELECT digital_advisor FROM user_account WHERE id = :id").param("id", mediator.id())
                .query(Boolean.class).single()).isFalse();
    }

    @Test
    void onlyMediatorsCanBeMarked() throws Exception {
        var admin = data.administrator();
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T9");
        mvc.perform(post("/admin/users/" + coordinator.id() + "/digital-advisor").with(csrf()).with(admin.login())
                        .param("value", "true"))
                .andExpect(status().isNotFound());
    }
}
