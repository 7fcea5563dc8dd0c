package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiCallerUnitTests {

    @Test
    void aPrescriberTokenReadsItsReferralsAndNoIndicators() {
        var caller = ApiCaller.prescriber(12, 1, "logiciel");
        assertThat(caller.dataScope()).isEqualTo(DataScope.referredBy(12));
        assertThat(caller.figuresScope().isNone()).isTrue();
        assertThat(caller.kind().readsIndicators()).isFalse();
    }

    @Test
    void indicatorTokensReadNoPersonAndTheirTerritoriesOnly() {
        var departement = new ApiCaller(1, 1, "tableau", ApiCaller.Kind.DEPARTEMENT, null);
        var ept = new ApiCaller(2, 2, "tableau", ApiCaller.Kind.EPT, 6L);
        var consortium = new ApiCaller(3, 3, "tableau", ApiCaller.Kind.CONSORTIUM, 7L);
        assertThat(departement.figuresScope()).isEqualTo(DataScope.all());
        assertThat(ept.figuresScope()).isEqualTo(DataScope.territory(6));
        assertThat(consortium.figuresScope()).isEqualTo(DataScope.territory(7));
        for (var caller : new ApiCaller[] {departement, ept, consortium}) {
            assertThat(caller.dataScope().isNone()).isTrue();
            assertThat(caller.kind().readsIndicators()).isTrue();
        }
        // An EPT without a territory (never created so) reads nothing rather than everything.
        assertThat(new ApiCaller(4, 4, "x", ApiCaller.Kind.EPT, null).figuresScope().isNone()).isTrue();
    }
}
