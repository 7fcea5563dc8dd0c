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
}
