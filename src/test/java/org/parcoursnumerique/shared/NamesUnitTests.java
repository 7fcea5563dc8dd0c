package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesUnitTests {

    @Test
    void removesAccentsCaseAndSeparators() {
        assertThat(Names.normalise("  Élodie-Anne  D’Artois ")).isEqualTo("elodie anne d artois");
        assertThat(Names.normalise("ŒUVRE Gonçalves Yılmaz")).isEqualTo("oeuvre goncalves yılmaz");
        assertThat(Names.normalise(null)).isEmpty();
    }

    @Test
    void buildsBothSearchKeys() {
        assertThat(Names.fullName("Lefèvre", "Élodie")).isEqualTo("lefevre elodie");
        assertThat(Names.reverseName("Lefèvre", "Élodie")).isEqualTo("elodie lefevre");
    }

    @Test
    void escapesLikeWildcards() {
        assertThat(Names.likePrefix("50%_a\\b")).isEqualTo("50\\%\\_a\\\\b%");
    }
}
