package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

class FrenchUnitTests {

    private static final String NNBSP = "\u202F";
    private static final String NBSP = "\u00A0";

    @Test
    void datesAreWrittenInWordsWithTheOrdinalOfTheFirstDay() {
        assertThat(French.date(LocalDate.of(2026, 12, 1))).isEqualTo("1er décembre 2026");
        assertThat(French.date(LocalDate.of(2026, 12, 2))).isEqualTo("2 décembre 2026");
        assertThat(French.date(LocalDate.of(2022, 6, 30))).isEqualTo("30 juin 2022");
        assertThat(French.date(null)).isEmpty();
        // 13:30 UTC in winter is 14:30 in Paris.
        assertThat(French.dateTime(OffsetDateTime.of(2026, 12, 1, 13, 30, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("1er décembre 2026 à 14" + NBSP + "h" + NBSP + "30");
        assertThat(French.dateTime(OffsetDateTime.of(2026, 7, 1, 7, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("1er juillet 2026 à 9" + NBSP + "h");
    }

    @Test
    void numbersAreGroupedByANarrowNoBreakSpace() {
        assertThat(French.number(10_000)).isEqualTo("10" + NNBSP + "000");
        assertThat(French.number(1_234_567)).isEqualTo("1" + NNBSP + "234" + NNBSP + "567");
        assertThat(French.number(999)).isEqualTo("999");
    }

    @Test
    void zeroAndOneAreSingular() {
        assertThat(French.count(0, "événement", "événements")).isEqualTo("0" + NBSP + "événement");
        assertThat(French.count(1, "événement", "événements")).isEqualTo("1" + NBSP + "événement");
        assertThat(French.count(2, "événement", "événements")).isEqualTo("2" + NBSP + "événements");
        assertThat(French.count(10_000, "orientée", "orientées")).isEqualTo("10" + NNBSP + "000" + NBSP + "orientées");
    }

    @Test
    void deIsElidedBeforeAVowel() {
        assertThat(French.of("Aulnay-sous-Bois")).isEqualTo("d’Aulnay-sous-Bois");
        assertThat(French.of("Épinay-sur-Seine")).isEqualTo("d’Épinay-sur-Seine");
        assertThat(French.of("Île-Saint-Denis")).isEqualTo("d’Île-Saint-Denis");
        assertThat(French.of("Saint-Denis")).isEqualTo("de Saint-Denis");
        assertThat(French.of("Yannick")).isEqualTo("de Yannick");
        assertThat(French.elide("Coordonnées de Élodie Lefèvre")).isEqualTo("Coordonnées d’Élodie Lefèvre");
        assertThat(French.elide("Date de naissance")).isEqualTo("Date de naissance");
    }

    @Test
    void punctuationKeepsItsNoBreakSpace() {
        assertThat(French.spaces("Quand ? Le 1er décembre : « bienvenue » !"))
                .isEqualTo("Quand" + NBSP + "? Le 1er décembre" + NBSP + ":" + " «" + NBSP + "bienvenue" + NBSP + "»"
                        + NBSP + "!");
        assertThat(French.spaces("https://exemple.fr/a?b=c")).isEqualTo("https://exemple.fr/a?b=c");
    }

    @Test
    void pageTextsFollowTheRules() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        PageContext ctx = new PageContext(source, null, "_csrf", "", "/", null, false);
        assertThat(ctx.t("home.people", 1L)).isEqualTo("1 personne orientée");
        assertThat(ctx.t("home.people", 0L)).isEqualTo("0 personne orientée");
        assertThat(ctx.t("home.people", 12_000L)).isEqualTo("12" + NNBSP + "000 personnes orientées");
        assertThat(ctx.t("import.summary", 1L, 2L, 1L)).isEqualTo("1 orientée, 2 à corriger, 1 déjà importée");
        assertThat(ctx.t("home.admin.auditEvents", 1L)).isEqualTo("événement journalisé en 24 h");
        assertThat(ctx.t("import.intro", 10_000)).contains("10" + NNBSP + "000 lignes");
        assertThat(ctx.t("contact.title", "Élodie Lefèvre")).isEqualTo("Coordonnées d’Élodie Lefèvre");
        assertThat(ctx.t("layout.demo")).startsWith("Mode démonstration" + NBSP + ":");
        assertThat(ctx.t("filter.allFeminine")).isEqualTo("Toutes");
        // What a person typed is shown as typed: only the message around it follows the rules.
        assertThat(ctx.t("contact.title", "Arbre ? de Ici")).isEqualTo("Coordonnées d’Arbre ? de Ici");
        assertThat(ctx.t("contact.title", "Saint-Denis")).isEqualTo("Coordonnées de Saint-Denis");
        assertThat(ctx.t("contact.title", 12L)).isEqualTo("Coordonnées de 12");
    }
}
