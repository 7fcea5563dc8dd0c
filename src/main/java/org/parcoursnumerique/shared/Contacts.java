package org.parcoursnumerique.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/** Normalisation and checks of phone numbers, email addresses and personal names. */
public final class Contacts {

    private static final Pattern PHONE = Pattern.compile("^(?:\\+33|0)[1-9]\\d{8}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]{2,}$");
    private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{M}][\\p{L}\\p{M} '’.\\-]{0,99}$");

    private Contacts() {
    }

    /** "06 12.34-56 78" → "0612345678"; null or blank → null. */
    public static String normalisePhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        return phone.strip().replaceAll("[\\s.\\-()]", "");
    }

    /** A French phone number once normalised: 0X XX XX XX XX or +33 X XX XX XX XX. */
    public static boolean isValidPhone(String normalised) {
        return normalised != null && PHONE.matcher(normalised).matches();
    }

    /** Trimmed, lower-case address; null or blank → null. */
    public static String normaliseEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public static boolean isValidEmail(String normalised) {
        return normalised != null && normalised.length() <= 320 && EMAIL.matcher(normalised).matches();
    }

    /** Letters, spaces, hyphens, apostrophes and dots, starting with a letter, at most 100 characters. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name.strip()).matches();
    }

    /** Collapses inner runs of spaces: "  Le   Gall " → "Le Gall". */
    public static String cleanName(String name) {
        return name == null ? null : name.strip().replaceAll("\\s+", " ");
    }
}
