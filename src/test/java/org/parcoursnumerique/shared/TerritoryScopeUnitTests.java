package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TerritoryScopeUnitTests {

    static CurrentUser user(Role role, Long territoryId) {
        return new CurrentUser(1, "u@example.org", "U", 2, "Org", role, territoryId);
    }

    @Test
    void theProgrammeTeamReadsAndWritesEveryTerritory() {
        var manager = user(Role.PROGRAMME_MANAGER, null);
        assertThat(TerritoryScope.toRead(manager).predicate("s.territory_id")).isEqualTo("1 = 1");
        assertThat(TerritoryScope.toWrite(manager).includes(6)).isTrue();
        assertThat(TerritoryScope.toRead(manager).parameters()).isEmpty();
    }

    @Test
    void aTerritorysStaffReadsItAndOnlyCoordinationAndLogisticsWriteIt() {
        for (Role role : new Role[] {Role.COORDINATOR, Role.LOGISTICS_MANAGER}) {
            var scope = TerritoryScope.toWrite(user(role, 6L));
            assertThat(scope.predicate("s.territory_id")).isEqualTo("s.territory_id = :territoryScopeId");
            assertThat(scope.parameters()).containsEntry("territoryScopeId", 6L);
            assertThat(scope.includes(6)).isTrue();
            assertThat(scope.includes(7)).isFalse();
        }
        for (Role role : new Role[] {Role.MEDIATOR, Role.EPT_VIEWER}) {
            assertThat(TerritoryScope.toRead(user(role, 6L)).includes(6)).isTrue();
            assertThat(TerritoryScope.toWrite(user(role, 6L)).isNone()).as(role + " writes").isTrue();
        }
    }

    @Test
    void prescribersAdministratorsAndStaffWithoutTerritoryReachNothing() {
        for (var u : new CurrentUser[] {user(Role.PRESCRIBER, null), user(Role.ADMINISTRATOR, null),
                user(Role.COORDINATOR, null)}) {
            assertThat(TerritoryScope.toRead(u).predicate("t")).isEqualTo("1 = 0");
            assertThat(TerritoryScope.toWrite(u).isNone()).isTrue();
        }
        assertThatThrownBy(() -> TerritoryScope.toRead(user(Role.PRESCRIBER, null)).check(6))
                .isInstanceOf(NotFoundException.class);
    }
}
