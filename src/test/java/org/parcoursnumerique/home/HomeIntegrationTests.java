package org.parcoursnumerique.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.pathway.Indicators;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.French;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class HomeIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired Milestones milestones;
    @Autowired Indicators indicators;
    @Autowired Programmes programmes;

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

    @Test
    void theDepartementAndTheAdministratorSeeTheFiveIndicatorsOfEveryTerritoryTheTotalTheFunnelAndTheExits() throws Exception {
        for (var user : java.util.List.of(data.programmeManager(), data.administrator())) {
            String page = home(user);
            assertThat(page).contains("Indicateurs du programme").contains("Total du Département")
                    .contains("T6 — Plaine Commune").contains("T9 — Grand Paris Grand Est")
                    .contains("Diagnostics").contains("Équipées").contains("Connectées 6 mois")
                    .contains("Orientées en formation").contains("Certifiées")
                    .contains("Après l’échéance").contains("<progress")
                    .contains("Entonnoir du parcours").contains("Sorties anticipées par motif").contains("A déménagé");
        }
    }

    @Test
    void theEptViewerSeesTheIndicatorsOfTheirTerritoryFromTheMilestonesOnly() throws Exception {
        var viewer = data.eptViewer("T9");
        long t9 = data.territory("T9");
        long inTime = data.beneficiary().livingIn("93051", "T9").create();
        long late = data.beneficiary().livingIn("93051", "T9").create();
        long before = diagnosed(t9).value();
        long lateBefore = diagnosed(t9).afterDeadline();
        String page = home(viewer);
        assertThat(page).contains("T9 — Grand Paris Grand Est").doesNotContain("T6 — Plaine Commune")
                .doesNotContain("Total du Département").contains("Entonnoir du parcours")
                .contains(French.number(before) + " / 250");
        // A diagnostic in the period counts; one after the deadline is shown apart.
        milestones.reach(inTime, Milestone.DIAGNOSED, LocalDate.of(2022, 1, 15), null, null);
        milestones.reach(late, Milestone.DIAGNOSED, LocalDate.of(2022, 9, 1), null, null);
        assertThat(diagnosed(t9).value()).isEqualTo(before + 1);
        assertThat(diagnosed(t9).afterDeadline()).isEqualTo(lateBefore + 1);
        assertThat(home(viewer)).contains(French.number(before + 1) + " / 250");
    }

    @Test
    void thePrescriberSeesNoTerritoryIndicators() throws Exception {
        String page = home(data.prescriberUser("T6"));
        assertThat(page).doesNotContain("Indicateurs du programme").doesNotContain("Entonnoir du parcours")
                .doesNotContain("Sorties anticipées par motif").doesNotContain("<progress");
    }

    private Indicators.Indicator diagnosed(long territory) {
        return indicators.indicators(programmes.defaultProgramme(), DataScope.territory(territory)).total().stream()
                .filter(i -> i.code().equals("DIAGNOSED")).findFirst().orElseThrow();
    }
}
