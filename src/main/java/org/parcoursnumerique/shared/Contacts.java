package org.parcoursnumerique.shared;

import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Normalisation and checks of phone numbers, email addresses and personal names. */
public final class Contacts {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Numbers typed without a country code are French. */
    private static final String REGION = "FR";
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]{2,}$");
    private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{M}][\\p{L}\\p{M} '’.\\-]{0,99}$");

    private Contacts() {
    }

    /**
     * The one stored form of a phone number, E.164: "06 39 98 45 12", "+33 6 39 98 45 12",
     * "0033 6 39 98 45 12" and "06.39.98.45.12" all give "+33639984512" (libphonenumber; a number
     * without a country code is French). Null or blank → null. Something that is not a valid number
     * comes back stripped but otherwise as typed, so that {@link #isValidPhone} refuses it.
     */
    public static String normalisePhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String typed = phone.strip();
        return parse(typed).map(n -> PHONES.format(n, PhoneNumberFormat.E164)).orElse(typed);
    }

    /** A number as {@link #normalisePhone} stores it: E.164 and valid for its country. */
    public static boolean isValidPhone(String normalised) {
        return normalised != null && E164.matcher(normalised).matches() && parse(normalised).isPresent();
    }

    /**
     * A stored number as people read it: French numbers grouped by two ("06 39 98 45 12"), others in
     * international form ("+44 20 7946 0958"). Anything that is not a number is shown as stored;
     * null → null. The one formatter of pages, messages (e-mails, SMS) and exports.
     */
    public static String formatPhone(String stored) {
        if (stored == null || stored.isBlank()) {
            return stored;
        }
        return parse(stored).map(n -> PHONES.format(n, REGION.equals(PHONES.getRegionCodeForNumber(n))
                ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL)).orElse(stored);
    }

    /**
     * A French number of the right shape (9 digits after the 0 or +33, not starting with 0) that the
     * library's ranges do not list: the ranges reserved for fiction (01 99 00, 06 39 98…, used by the
     * demo and the tests) and ranges opened after the library's release. Other countries' numbers
     * must be in a range the library knows.
     */
    private static boolean isFrenchShaped(PhoneNumber n) {
        return n.getCountryCode() == 33 && !n.hasItalianLeadingZero()
                && String.valueOf(n.getNationalNumber()).matches("[1-9]\\d{8}");
    }

    private static java.util.Optional<PhoneNumber> parse(String text) {
        if (text.length() > 40) {
            return java.util.Optional.empty();
        }
        try {
            PhoneNumber n = PHONES.parse(text, REGION);
            return PHONES.isValidNumber(n) || isFrenchShaped(n) ? java.util.Optional.of(n) : java.util.Optional.empty();
        } catch (NumberParseException e) {
            return java.util.Optional.empty();
        }
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
