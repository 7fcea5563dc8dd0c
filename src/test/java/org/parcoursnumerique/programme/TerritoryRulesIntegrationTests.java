package org.parcoursnumerique.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class TerritoryRulesIntegrationTests {

    @Autowired TerritoryRules rules;
    @Autowired Programmes programmes;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void loadsTheFourTerritoriesAndTheirCommunesFromTheReferenceFile() {
        assertThat(programmes.territories()).extracting(Programmes.Territory::code).containsExactly("T6", "T7", "T8", "T9");
        assertThat(programmes.communes()).hasSize(40);
        assertThat(rules.territoryFor("93066", false, null)).contains(data.territory("T6"));
        assertThat(rules.territoryFor("93005", false, null)).contains(data.territory("T7"));
        assertThat(rules.territoryFor("93048", false, null)).contains(data.territory("T8"));
        assertThat(rules.territoryFor("93051", false, null)).contains(data.territory("T9"));
    }

    @Test
    void aCommuneOutsideTheProgrammeHasNoTerritory() {
        assertThat(rules.territoryFor("75056", false, null)).isEmpty();
        assertThat(rules.currentInseeCode("75056", LocalDate.now())).isEmpty();
    }

    @Test
    void pierrefitteIsPartOfSaintDenisSince2025() {
        assertThat(rules.currentInseeCode("93059", LocalDate.of(2024, 6, 1))).contains("93059");
        assertThat(rules.currentInseeCode("93059", LocalDate.of(2025, 1, 1))).contains("93066");
    }

    @Test
    void anAseYoungAdultTakesTheTerritoryOfTheirDistrict() {
        long aulnay = jdbc.sql("SELECT id FROM ase_district WHERE code = 'ASE-AUL'").query(Long.class).single();
        // Living in Montreuil (T8), followed in Aulnay-sous-Bois (T7).
        assertThat(rules.territoryFor("93048", true, aulnay)).contains(data.territory("T7"));
        assertThat(rules.territoryFor("93048", true, null)).isEmpty();
    }

    @Test
    void theDefaultProgrammeFollowsTheCall() {
        var programme = programmes.defaultProgramme();
        assertThat(programme.diagnosticDeadline()).isEqualTo(LocalDate.of(2022, 6, 30));
        assertThat(programme.budgetTotalCents()).isEqualTo(750_000_00L);
        assertThat(programmes.budgets(programme.id())).allSatisfy(b -> assertThat(b.budgetCents()).isEqualTo(187_500_00L));
        assertThat(programmes.target(programme.id(), "DIAGNOSED", null)).isEqualTo(1000);
        assertThat(programmes.target(programme.id(), "EQUIPPED", data.territory("T6"))).isEqualTo(200);
        assertThat(programmes.target(programme.id(), "CONNECTED_6_MONTHS", data.territory("T6"))).isEqualTo(100);
        assertThat(programmes.target(programme.id(), "ORIENTED", data.territory("T6"))).isEqualTo(150);
        assertThat(programmes.target(programme.id(), "CERTIFIED", data.territory("T6"))).isEqualTo(100);
    }
}
