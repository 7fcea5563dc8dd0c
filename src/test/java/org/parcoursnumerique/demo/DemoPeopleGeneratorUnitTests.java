package org.parcoursnumerique.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoPeopleGeneratorUnitTests {

    @Test
    void fakeSiretsHaveAValidCheckDigitAndCannotBeRealCompanies() {
        for (int n = 1; n < 50; n++) {
            String siret = DemoDataLoader.fakeSiret(n);
            assertThat(siret).hasSize(14).startsWith("000");
            int sum = 0;
            for (int i = 0; i < 14; i++) {
                int d = siret.charAt(13 - i) - '0';
                if (i % 2 == 1) {
                    d = d * 2 > 9 ? d * 2 - 9 : d * 2;
                }
                sum += d;
            }
            assertThat(sum % 10).isZero();
        }
    }

    @Test
    void namesAreVariedAndIncludeAccents() {
        assertThat(DemoNames.LAST).hasSizeGreaterThan(80).anyMatch(n -> n.contains("è") || n.contains("é"));
        assertThat(DemoNames.FEMALE).doesNotHaveDuplicates();
        assertThat(DemoNames.MALE).doesNotHaveDuplicates();
    }
}
