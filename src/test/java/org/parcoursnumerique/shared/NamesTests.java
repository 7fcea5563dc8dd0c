package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTests {

    @Test
    void prefixEndIsTheFirstStringAfterEveryStringWithThePrefix() {
        assertThat(Names.prefixEnd("mar")).isEqualTo("mas");
        assertThat(Names.prefixEnd("elodie ")).isEqualTo("elodie!");
        assertThat(Names.prefixEnd("az")).isEqualTo("a{");
        assertThat(Names.prefixEnd("y\u0131")).isEqualTo("y\u0132");
        assertThat(Names.prefixEnd("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(Names.prefixEnd("a" + Character.toString(Character.MAX_CODE_POINT))).isEqualTo("b");
        assertThat(Names.prefixEnd(Character.toString(Character.MAX_CODE_POINT))).isNull();
    }

    @Test
    void freeTextIsTrimmedLosesInvisibleCharactersAndIsNullWhenNothingIsLeft() {
        assertThat(Names.freeText("  Le matin\u0000 seulement \n")).isEqualTo("Le matin seulement");
        assertThat(Names.freeText("ligne 1\nligne 2")).isEqualTo("ligne 1\nligne 2");
        assertThat(Names.freeText(" \u0007 ")).isNull();
        assertThat(Names.freeText("   ")).isNull();
        assertThat(Names.freeText(null)).isNull();
    }
}
