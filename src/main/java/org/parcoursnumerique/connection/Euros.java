package org.parcoursnumerique.connection;

import java.math.BigDecimal;

/** Amounts typed in euros (12 or 12,5 or 12,50 € or 1 250,00) as cents; null when not an amount. */
final class Euros {

    private Euros() {
    }

    static Integer cents(String typed) {
        if (typed == null) {
            return null;
        }
        String s = typed.replace("€", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "").strip()
                .replace(',', '.');
        if (!s.matches("\\d{1,7}(\\.\\d{1,2})?")) {
            return null;
        }
        return new BigDecimal(s).movePointRight(2).intValueExact();
    }

    /** Cents as a form shows them back: 12,50 (a comma, two decimals). */
    static String typed(Integer cents) {
        if (cents == null) {
            return "";
        }
        return cents / 100 + "," + String.format("%02d", cents % 100);
    }
}
