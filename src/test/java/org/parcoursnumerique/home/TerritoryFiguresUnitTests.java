package org.parcoursnumerique.home;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerritoryFiguresUnitTests {

    @Test
    void thePaceNeededSpreadsWhatRemainsOverTheWeeksLeftRoundedUp() {
        assertThat(HomeController.weeklyPaceNeeded(100, 70)).isEqualTo(10);   // 100 in 10 weeks
        assertThat(HomeController.weeklyPaceNeeded(100, 64)).isEqualTo(10);   // 100 in 9.1 → 10 weeks
        assertThat(HomeController.weeklyPaceNeeded(1, 300)).isEqualTo(1);
        assertThat(HomeController.weeklyPaceNeeded(150, 0)).isEqualTo(150);  // due today: all of it
    }

    @Test
    void nothingIsNeededOnceTheTargetIsReachedOrPassed() {
        assertThat(HomeController.weeklyPaceNeeded(0, 30)).isZero();
        assertThat(HomeController.weeklyPaceNeeded(-10, 30)).isZero();
    }
}
