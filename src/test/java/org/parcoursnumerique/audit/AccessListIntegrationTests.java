package org.parcoursnumerique.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** "Qui a consulté ce dossier": consecutive accesses of one user make one line. */
@IntegrationTest
class AccessListIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired AuditLog audit;

    @Test
    void aMediatorSavingManyStepsDoesNotPushThePrescribersReadingOutOfTheList() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().referredBy(prescriber.organisationId()).withStatus("ACCEPTED").create();
        mvc.perform(get("/beneficiaries/" + person).with(prescriber.login())).andExpect(status().isOk());
        CurrentUser mediatorUser = currentUser(mediator);
        for (int i = 0; i < 24; i++) {
            audit.record(mediatorUser, person, i % 3 == 0 ? AuditAction.READ : AuditAction.CHANGE, "step " + i);
        }

        var groups = audit.accessGroups(person, 20);
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).userEmail()).isEqualTo(mediator.email());
        assertThat(groups.get(0).count()).isEqualTo(24);
        assertThat(groups.get(0).actions()).isEqualTo(Map.of("READ", 8, "CHANGE", 16));
        assertThat(groups.get(0).from()).isBefore(groups.get(0).to());
        assertThat(groups.get(1).userEmail()).isEqualTo(prescriber.email());
        assertThat(groups.get(1).count()).isEqualTo(1);

        // The mediator reads the page once more: it joins the mediator's line, the prescriber stays listed.
        String page = mvc.perform(get("/beneficiaries/" + person).with(mediator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(name(prescriber)).contains(name(mediator))
                .contains("Consultation du dossier (9 fois)").contains("Modification du dossier (16 fois)")
                .contains("du ");
    }

    @Test
    void accessesOfDifferentUsersInTurnStaySeparate() throws Exception {
        var prescriber = data.prescriberUser("T6");
        var manager = data.programmeManager();
        long person = data.beneficiary().referredBy(prescriber.organisationId()).create();
        for (int i = 0; i < 2; i++) {
            audit.record(currentUser(prescriber), person, AuditAction.READ, null);
            audit.record(currentUser(manager), person, AuditAction.READ, null);
        }
        var groups = audit.accessGroups(person, 20);
        assertThat(groups).extracting(AuditLog.AccessGroup::userEmail)
                .containsExactly(manager.email(), prescriber.email(), manager.email(), prescriber.email());
        assertThat(groups).allSatisfy(g -> assertThat(g.count()).isEqualTo(1));
        assertThat(audit.accessGroups(person, 3)).hasSize(3);
    }

    private String name(TestData.TestUser user) {
        return jdbc.sql("SELECT display_name FROM user_account WHERE id = :id").param("id", user.id())
                .query(String.class).single();
    }

    private CurrentUser currentUser(TestData.TestUser user) {
        return ((org.parcoursnumerique.shared.AuthenticatedPrincipal) userDetails.loadUserByUsername(user.email()))
                .currentUser();
    }

    @Autowired org.springframework.security.core.userdetails.UserDetailsService userDetails;
}
