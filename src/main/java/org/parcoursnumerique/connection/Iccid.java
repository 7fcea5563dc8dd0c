package org.parcoursnumerique.connection;

/**
 * A SIM card's ICCID (ITU-T E.118): 19 or 20 digits starting with 89 (telecommunications), the last
 * being a Luhn check digit over the others. Typed with spaces or dashes as printed on the card; stored
 * as digits only. No maintained validation library is available offline (commons-validator is not in
 * the repository mirror), so the Luhn sum is here, tested against published ICCIDs.
 */
final class Iccid {

    private Iccid() {
    }

    /** The digits of what was typed (spaces and dashes removed); null when anything else is in it. */
    static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String digits = typed.replace(" ", "").replace("-", "").replace("\u00a0", "");
        return digits.matches("\\d{1,30}") ? digits : null;
    }

    /** Whether {@code digits} is a well-formed ICCID with a correct Luhn check digit. */
    static boolean isValid(String digits) {
        return digits != null && digits.matches("89\\d{17,18}") && luhn(digits);
    }

    /** The Luhn check (ISO/IEC 7812-1) over a string of digits, the last one being the check digit. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
