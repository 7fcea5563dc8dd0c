package org.parcoursnumerique.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IccidUnitTests {

    @Test
    void publishedIccidsAreValidAndAnyChangedDigitIsCaught() {
        // ICCIDs printed in operators' documentation (19 and 20 digits).
        for (String iccid : new String[] {"89014103211118510720", "8944110068256270054"}) {
            assertThat(Iccid.isValid(iccid)).as(iccid).isTrue();
            for (int i = 2; i < iccid.length(); i++) {
                char d = iccid.charAt(i);
                String changed = iccid.substring(0, i) + (char) ('0' + (d - '0' + 1) % 10) + iccid.substring(i + 1);
                assertThat(Iccid.isValid(changed)).as(changed).isFalse();
            }
        }
    }

    @Test
    void typedSpacesAndDashesAreRemovedAndAnythingElseRefused() {
        assertThat(Iccid.normalise("8901 4103 2111 1851 0720")).isEqualTo("89014103211118510720");
        assertThat(Iccid.normalise("8901-4103-2111-1851-0720")).isEqualTo("89014103211118510720");
        assertThat(Iccid.normalise("8901x4103")).isNull();
        assertThat(Iccid.isValid("4539148803436467")).as("a card number is not an ICCID").isFalse();
        assertThat(Iccid.isValid(null)).isFalse();
    }

    @Test
    void theDemoIccidsAreValid() {
        for (long id = 1; id < 2000; id += 7) {
            assertThat(Iccid.isValid(ConnectionDemoData.iccid(id))).isTrue();
        }
    }
}
