package org.parcoursnumerique.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoPeopleGeneratorUnitTests {

    @Test
    void fakeSiretsHaveAValidCheckDigitAndCannotBeRealCompanies() {
        for (int n = 1; n < 50; n++) {
            String siret = DemoDataLoader.fakeSiret(n);
            assertThat(siret).hasSize(14).startsWith("000");
            assertThat(org.parcoursnumerique.organisation.Siret.isValid(siret)).isTrue();
        }
    }

    @Test
    void namesAreVariedAndIncludeAccents() {
        assertThat(DemoNames.LAST).hasSizeGreaterThan(80).anyMatch(n -> n.contains("è") || n.contains("é"));
        assertThat(DemoNames.FEMALE).doesNotHaveDuplicates();
        assertThat(DemoNames.MALE).doesNotHaveDuplicates();
    }
}
