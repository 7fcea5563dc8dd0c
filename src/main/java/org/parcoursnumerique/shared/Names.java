package org.parcoursnumerique.shared;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalisation used for accent- and case-insensitive search. */
public final class Names {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern CONTROLS = Pattern.compile("\\p{Cntrl}+");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s'’\\-]+");

    private Names() {
    }

    /** "Élodie-Anne  D'Artois" → "elodie anne d artois". */
    public static String normalise(String value) {
        if (value == null) {
            return "";
        }
        String s = Normalizer.normalize(CONTROLS.matcher(value).replaceAll(""), Normalizer.Form.NFD);
        s = MARKS.matcher(s).replaceAll("");
        s = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss");
        s = s.toLowerCase(Locale.ROOT);
        s = SEPARATORS.matcher(s).replaceAll(" ").trim();
        return s;
    }

    /** "Lefèvre", "Élodie" → "lefevre elodie": the key people are found and sorted by. */
    public static String fullName(String lastName, String firstName) {
        return (normalise(lastName) + " " + normalise(firstName)).trim();
    }

    /** "Lefèvre", "Élodie" → "elodie lefevre", so that a search may start with the first name. */
    public static String reverseName(String lastName, String firstName) {
        return (normalise(firstName) + " " + normalise(lastName)).trim();
    }

    /**
     * Text safe to store: control characters (NUL included, which PostgreSQL refuses) become the
     * replacement character, so what a user typed stays visible but harmless.
     */
    public static String storable(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(value.length());
        value.codePoints().forEach(c -> s.appendCodePoint(Character.isISOControl(c) && c != '\n' && c != '\t' ? 0xFFFD : c));
        return s.toString();
    }

    /** Escapes LIKE wildcards so user input matches literally. */
    public static String likePrefix(String normalised) {
        return normalised.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
