package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoModeUnitTests {

    @Test
    void automaticDemoOnlyWithTheEmbeddedDatabase() {
        assertThat(new DemoMode("auto", "jdbc:h2:file:./data/parcours").enabled()).isTrue();
        assertThat(new DemoMode("auto", "jdbc:postgresql://db/parcours").enabled()).isFalse();
        assertThat(new DemoMode("", "jdbc:postgresql://db/parcours").enabled()).isFalse();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(new DemoMode("true", "jdbc:postgresql://db/parcours").enabled()).isTrue();
        assertThat(new DemoMode("false", "jdbc:h2:file:./data/parcours").enabled()).isFalse();
    }
}
