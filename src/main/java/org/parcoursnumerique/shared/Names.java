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

    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");

    /**
     * A name as it is spoken: {@link #normalise} without anything but letters and digits, so that
     * apostrophes, hyphens, spaces and dots inside a name do not matter ("N'Diaye", "N Diaye",
     * "n’diaye" → "ndiaye"), and the few Latin letters that have no accent to drop spelled as on a
     * French keyboard ("Yılmaz" → "yilmaz", "Łukasz" → "lukasz").
     */
    public static String compact(String value) {
        String s = normalise(value).replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("đ", "d")
                .replace("ð", "d").replace("þ", "th");
        return NOT_LETTER_OR_DIGIT.matcher(s).replaceAll("");
    }

    /**
     * The keys a person is found by: {@code key} = last then first name, {@code reverseKey} = first
     * then last name, both {@linkplain #compact compacted}, and {@code cut} the length of the last
     * name in {@code key} (the first name's is {@code key.length() - cut}). See {@link SearchQuery}.
     */
    public record SearchKey(String key, String reverseKey, int cut) {
    }

    /** "N'Diaye", "Éloïse" → ("ndiayeeloise", "eloisendiaye", 6). */
    public static SearchKey searchKey(String lastName, String firstName) {
        String last = compact(lastName);
        String first = compact(firstName);
        return new SearchKey(last + first, first + last, last.length());
    }

    /**
     * What was typed in a name search: {@code prefix} is it compacted (the keys that start with it
     * match), {@code wordEnds} the positions in {@code prefix} where a typed word ended, each followed
     * by a comma and the first preceded by one (1, 6 and 12 for n diaye eloise). A match may run from one
     * name into the other only where a word of the search ended, so that "martine" does not find
     * Emma Martin ("martinemma") while "martin emma" does; inside a name the spaces typed do not
     * matter ("n diaye" finds Ndiaye).
     */
    public record SearchQuery(String prefix, String wordEnds) {

        public boolean isEmpty() {
            return prefix.isEmpty();
        }
    }

    public static SearchQuery searchQuery(String typed) {
        StringBuilder prefix = new StringBuilder();
        StringBuilder ends = new StringBuilder(",");
        for (String word : normalise(typed).split(" ")) {
            String w = compact(word);
            if (!w.isEmpty()) {
                prefix.append(w);
                ends.append(prefix.length()).append(',');
            }
        }
        return new SearchQuery(prefix.toString(), ends.toString());
    }

    /**
     * Text safe to store: control characters (NUL included, which PostgreSQL refuses), noncharacters
     * (U+FFFE, U+FFFF…) and lone surrogates become the replacement character, so what a user typed
     * stays visible but harmless.
     */
    public static String storable(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(value.length());
        value.codePoints().forEach(c -> s.appendCodePoint(isForbidden(c, true) ? 0xFFFD : c));
        return s.toString();
    }

    /**
     * Whether a code point may never be part of a text a person or an import sends: a control character
     * (tab and line breaks excepted when {@code multiline}), a Unicode noncharacter (U+FDD0–U+FDEF and the
     * last two code points of every plane, U+FFFE and U+FFFF included) or a lone surrogate. They are
     * invisible, some databases refuse them, and they break XML (hence the PDF documents).
     */
    public static boolean isForbidden(int c, boolean multiline) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return !multiline;
        }
        return Character.isISOControl(c)
                || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE
                || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    /** Whether {@code value} (null included) holds no {@linkplain #isForbidden forbidden} character. */
    public static boolean isCleanText(String value, boolean multiline) {
        return value == null || value.codePoints().noneMatch(c -> isForbidden(c, multiline));
    }

    /** {@code value} without its {@linkplain #isForbidden forbidden} characters (tab and line breaks kept). */
    public static String withoutForbidden(String value) {
        if (value == null || isCleanText(value, true)) {
            return value;
        }
        StringBuilder s = new StringBuilder(value.length());
        value.codePoints().filter(c -> !isForbidden(c, true)).forEach(s::appendCodePoint);
        return s.toString();
    }

    /**
     * Free text a person typed (a message, a note, a reason, an answer), trimmed, with invisible
     * control characters, noncharacters and lone surrogates dropped rather than refused (they come from
     * copy and paste; forms and the API refuse them earlier, see {@code TextInputFilter}); null when
     * nothing is left.
     */
    public static String freeText(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = storable(raw.strip()).replace("\uFFFD", "").strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * The smallest string greater than every string that starts with {@code prefix}, in code point order
     * (the byte order of UTF-8, collation "C"), or null if there is none: "mar" → "mas". With it, a
     * prefix search can also be written as a range, {@code col >= prefix AND col < end}, which an index
     * serves even in a plan prepared before the prefix is known.
     */
    public static String prefixEnd(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            int next = cps[i] + 1;
            if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                cps[i] = next;
                return new String(cps, 0, i + 1);
            }
        }
        return null;
    }

    /** Escapes LIKE wildcards so user input matches literally. */
    public static String likePrefix(String normalised) {
        return normalised.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
