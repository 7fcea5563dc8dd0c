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
    void namesAsSpokenKeepOnlyLettersAndDigits() {
        for (String n : new String[] {"N'Diaye", "Ndiaye", "N Diaye", "n’diaye", "N-DIAYE", " n . diaye "}) {
            assertThat(Names.compact(n)).as(n).isEqualTo("ndiaye");
        }
        assertThat(Names.compact("Yılmaz")).isEqualTo("yilmaz");
        assertThat(Names.searchKey("N'Diaye", "Éloïse")).isEqualTo(new Names.SearchKey("ndiayeeloise", "eloisendiaye", 6));
    }

    @Test
    void aSearchKnowsWhereItsWordsEnded() {
        assertThat(Names.searchQuery("N’Diaye  Éloïse")).isEqualTo(new Names.SearchQuery("ndiayeeloise", ",1,6,12,"));
        assertThat(Names.searchQuery(" - ' ").isEmpty()).isTrue();
        assertThat(Names.searchQuery(null).isEmpty()).isTrue();
    }

    @Test
    void escapesLikeWildcards() {
        assertThat(Names.likePrefix("50%_a\\b")).isEqualTo("50\\%\\_a\\\\b%");
    }
}
