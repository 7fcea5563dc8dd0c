package org.parcoursnumerique.organisation;

import java.util.regex.Pattern;

/** SIRET numbers: 14 digits ending with a Luhn check digit. */
public final class Siret {

    private static final Pattern DIGITS = Pattern.compile("\\d{14}");

    private Siret() {
    }

    /** Whether {@code value} (spaces removed) is a well-formed SIRET. */
    public static boolean isValid(String value) {
        return value != null && DIGITS.matcher(value).matches() && luhn(value);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
