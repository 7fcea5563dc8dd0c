package org.parcoursnumerique.home;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerritoryFiguresUnitTests {

    private static HomeController.TerritoryFigures figures(long diagnosed, int target) {
        return new HomeController.TerritoryFigures(1, "T6", "Plaine Commune", 300, 10, diagnosed, target);
    }

    @Test
    void thePaceNeededSpreadsWhatRemainsOverTheWeeksLeftRoundedUp() {
        assertThat(figures(150, 250).weeklyPaceNeeded(70)).isEqualTo(10);   // 100 in 10 weeks
        assertThat(figures(150, 250).weeklyPaceNeeded(64)).isEqualTo(10);   // 100 in 9.1 → 10 weeks
        assertThat(figures(249, 250).weeklyPaceNeeded(300)).isEqualTo(1);
        assertThat(figures(100, 250).weeklyPaceNeeded(0)).isEqualTo(150);  // due today: all of it
    }

    @Test
    void nothingRemainsOnceTheTargetIsReachedOrPassed() {
        assertThat(figures(260, 250).remaining()).isZero();
        assertThat(figures(260, 250).weeklyPaceNeeded(30)).isZero();
    }
}
