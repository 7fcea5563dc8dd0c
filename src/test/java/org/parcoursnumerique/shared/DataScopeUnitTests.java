package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataScopeUnitTests {

    private static CurrentUser user(Role role, Long territory) {
        return new CurrentUser(1, "a@b.c", "A", 42, "Org", role, territory);
    }

    @Test
    void eachRoleReadsExactlyItsScope() {
        assertThat(user(Role.PROGRAMME_MANAGER, null).dataScope()).isEqualTo(DataScope.all());
        assertThat(user(Role.COORDINATOR, 6L).dataScope()).isEqualTo(DataScope.territory(6));
        assertThat(user(Role.MEDIATOR, 6L).dataScope()).isEqualTo(DataScope.territory(6));
        assertThat(user(Role.LOGISTICS_MANAGER, 6L).dataScope()).isEqualTo(DataScope.territory(6));
        assertThat(user(Role.PRESCRIBER, null).dataScope()).isEqualTo(DataScope.referredBy(42));
        assertThat(user(Role.EPT_VIEWER, 6L).dataScope().isNone()).isTrue();
        assertThat(user(Role.ADMINISTRATOR, null).dataScope().isNone()).isTrue();
        // Consortium staff without a territory see nothing rather than everything.
        assertThat(user(Role.MEDIATOR, null).dataScope().isNone()).isTrue();
    }

    @Test
    void eptViewersSeeFiguresOfTheirTerritoryOnly() {
        assertThat(user(Role.EPT_VIEWER, 7L).figuresScope()).isEqualTo(DataScope.territory(7));
    }

    @Test
    void rendersOneNamedParameterPredicate() {
        assertThat(DataScope.territory(6).predicate("b")).isEqualTo("b.territory_id = :scopeId");
        assertThat(DataScope.referredBy(9).predicate("b")).isEqualTo("b.referring_organisation_id = :scopeId");
        assertThat(DataScope.all().predicate("b")).isEqualTo("1 = 1");
        assertThat(DataScope.none().predicate("b")).isEqualTo("1 = 0");
        assertThat(DataScope.territory(6).parameters()).containsEntry("scopeId", 6L);
        assertThat(DataScope.all().parameters()).isEmpty();
    }
}
