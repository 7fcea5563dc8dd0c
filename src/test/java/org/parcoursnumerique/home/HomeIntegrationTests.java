package org.parcoursnumerique.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class HomeIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;

    private String home(TestData.TestUser user) throws Exception {
        return mvc.perform(get("/").with(user.login())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    @Test
    void thePrescriberSeesTheirOwnReferralsByStatus() throws Exception {
        var prescriber = data.prescriberUser("T6");
        data.beneficiary().named("Accueil", "Un").referredBy(prescriber.organisationId()).create();
        data.beneficiary().named("Accueil", "Deux").withStatus("DIAGNOSED").referredBy(prescriber.organisationId()).create();
        data.beneficiary().named("Ailleurs", "Trois").create();
        String page = home(prescriber);
        assertThat(page).contains("Les personnes orientées par votre structure").contains("Accueil Un")
                .contains("Accueil Deux").doesNotContain("Ailleurs Trois").doesNotContain("T8 — Est Ensemble");
    }

    @Test
    void theEptViewerSeesOnlyFiguresOfTheirTerritoryAndNoNames() throws Exception {
        data.beneficiary().named("Confidentiel", "Nom").create();
        String page = home(data.eptViewer("T6"));
        assertThat(page).contains("T6 — Plaine Commune").contains("/ 250").doesNotContain("T7 — Paris")
                .doesNotContain("Confidentiel").doesNotContain("/beneficiaries");
    }

    @Test
    void theDepartementSeesTheFourTerritoriesAgainstTheirTargets() throws Exception {
        String page = home(data.programmeManager());
        assertThat(page).contains("T6 — Plaine Commune").contains("T7 — Paris Terres d").contains("T8 — Est Ensemble")
                .contains("T9 — Grand Paris Grand Est").contains("30 juin 2022")
                // The call's deadline (2022) is past: the page says what was missing, not a pace.
                .contains("manquaient à l’échéance");
    }

    @Test
    void consortiumStaffSeeTheirTerritoryAndWhoIsWaiting() throws Exception {
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T7");
        data.beneficiary().named("Attente", "Aulnay").livingIn("93005", "T7").create();
        String page = home(coordinator);
        assertThat(page).contains("T7 — Paris Terres d").doesNotContain("T6 — Plaine Commune")
                .contains("en attente de prise en charge").contains("Attente Aulnay");
    }

    @Test
    void theAdministratorSeesPlatformFigures() throws Exception {
        String page = home(data.administrator());
        assertThat(page).contains("La plateforme en chiffres").contains("comptes actifs").doesNotContain("/beneficiaries/");
    }
}
