package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContactsUnitTests {

    @Test
    void storesEveryWayOfTypingAFrenchNumberInOneInternationalForm() {
        for (String typed : new String[] {"06 39 98 45 12", "+33 6 39 98 45 12", "0639984512", "06.39.98.45.12",
                "06-39-98-45-12", "0033 6 39 98 45 12", "+33 (0)6 39 98 45 12", " 06 39 98 45 12 "}) {
            String stored = Contacts.normalisePhone(typed);
            assertThat(stored).as(typed).isEqualTo("+33639984512");
            assertThat(Contacts.isValidPhone(stored)).as(typed).isTrue();
        }
        assertThat(Contacts.normalisePhone("01 99 00 00 12")).isEqualTo("+33199000012");
        assertThat(Contacts.normalisePhone("+44 20 7946 0958")).isEqualTo("+442079460958");
        assertThat(Contacts.normalisePhone("  ")).isNull();
    }

    @Test
    void refusesWhatIsNotAPhoneNumber() {
        for (String typed : new String[] {"06 39 98 45", "0639984512345", "12345", "bonjour", "06\u0000", "0".repeat(500),
                "+33 0 00 00 00 00"}) {
            assertThat(Contacts.isValidPhone(Contacts.normalisePhone(typed))).as(typed).isFalse();
        }
    }

    @Test
    void showsFrenchNumbersGroupedByTwoAndOthersInInternationalForm() {
        assertThat(Contacts.formatPhone("+33639984512")).isEqualTo("06 39 98 45 12");
        assertThat(Contacts.formatPhone("0639984512")).isEqualTo("06 39 98 45 12");
        assertThat(Contacts.formatPhone("+442079460958")).isEqualTo("+44 20 7946 0958");
        assertThat(Contacts.formatPhone("pas un numéro")).isEqualTo("pas un numéro");
        assertThat(Contacts.formatPhone(null)).isNull();
    }
}
