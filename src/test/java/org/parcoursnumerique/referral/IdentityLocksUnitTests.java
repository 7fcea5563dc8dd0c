package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class IdentityLocksUnitTests {

    static final LocalDate BIRTH = LocalDate.of(1990, 5, 17);

    @Test
    void theLockKeyIgnoresAccentsCaseSeparatorsAndTheOrderOfTheNames() {
        long key = IdentityLocks.key(1, "N’Diaye", "Éloïse", BIRTH);
        assertThat(IdentityLocks.key(1, "ndiaye", "eloise", BIRTH)).isEqualTo(key);
        assertThat(IdentityLocks.key(1, "N Diaye", "ELOISE", BIRTH)).isEqualTo(key);
        assertThat(IdentityLocks.key(1, "Eloise", "N-Diaye", BIRTH)).isEqualTo(key);
    }

    @Test
    void anotherBirthDateOrProgrammeIsAnotherLock() {
        long key = IdentityLocks.key(1, "Diallo", "Awa", BIRTH);
        assertThat(IdentityLocks.key(1, "Diallo", "Awa", BIRTH.plusDays(1))).isNotEqualTo(key);
        assertThat(IdentityLocks.key(2, "Diallo", "Awa", BIRTH)).isNotEqualTo(key);
        assertThat(IdentityLocks.key(1, "Diallo", "Aïcha", BIRTH)).isNotEqualTo(key);
    }
}
