package org.parcoursnumerique.shared;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * French typography for what pages show: dates in words ("1er décembre 2026"), times ("14 h 30"),
 * numbers grouped by a narrow no-break space ("10 000"), plurals (1 is singular, and so is 0),
 * elisions ("d’Aulnay-sous-Bois", not "de Aulnay-sous-Bois") and no-break spaces before « : ; ! ? »
 * and inside guillemets. {@link PageContext} applies it to every text and value of a template.
 */
public final class French {

    /** U+202F, the thin no-break space of French number grouping. */
    public static final char NARROW_NBSP = '\u202F';
    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", PageContext.LOCALE);
    /** "de" before a word starting with a vowel (an h is left alone: "de Hauts-de-Seine" is right). */
    private static final Pattern DE_BEFORE_VOWEL = Pattern.compile("\\b([Dd])e ([AEIOUÀÂÉÈÊËÎÏÔÙÛŒaeiouàâéèêëîïôùûœ])");
    private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile("(?<=\\S) ([:;!?»])");
    private static final Pattern SPACE_AFTER_GUILLEMET = Pattern.compile("« ");

    private French() {
    }

    /** "1er décembre 2026", "2 décembre 2026". */
    public static String date(LocalDate date) {
        if (date == null) {
            return "";
        }
        return (date.getDayOfMonth() == 1 ? "1er" : String.valueOf(date.getDayOfMonth())) + " " + MONTH_YEAR.format(date);
    }

    /** "1er décembre 2026 à 14 h 30", in Paris time ("à 9 h" on the hour). */
    public static String dateTime(OffsetDateTime time) {
        if (time == null) {
            return "";
        }
        ZonedDateTime at = time.atZoneSameInstant(PageContext.ZONE);
        return date(at.toLocalDate()) + " à " + time(at.getHour(), at.getMinute());
    }

    /** "14 h 30", "9 h". */
    public static String time(int hour, int minute) {
        return minute == 0 ? hour + "\u00A0h" : hour + "\u00A0h\u00A0" + String.format("%02d", minute);
    }

    /** "10 000" with a narrow no-break space, whatever the JDK's locale data says. */
    public static String number(long value) {
        return integerFormat().format(value);
    }

    /** The singular for 0 and 1 (French rule), the plural from 2 on, after the grouped number. */
    public static String count(long value, String singular, String plural) {
        return number(value) + "\u00A0" + (Math.abs(value) < 2 ? singular : plural);
    }

    /** "d’Aulnay-sous-Bois", "de Saint-Denis": "de" followed by a name, elided before a vowel. */
    public static String of(String name) {
        if (name == null || name.isEmpty()) {
            return "de";
        }
        return elide("de " + name);
    }

    /** Elides every "de" before a word starting with a vowel: "de Aulnay" → "d’Aulnay". */
    public static String elide(String text) {
        if (text == null || text.indexOf('e') < 0) {
            return text;
        }
        Matcher m = DE_BEFORE_VOWEL.matcher(text);
        return m.find() ? m.replaceAll("$1’$2") : text;
    }

    private static final Pattern DE_BEFORE_ARGUMENT = Pattern.compile("\\b([Dd])e \\{(\\d+)}");
    private static final Pattern STARTS_WITH_VOWEL = Pattern.compile("^[AEIOUÀÂÉÈÊËÎÏÔÙÛŒaeiouàâéèêëîïôùûœ].*", Pattern.DOTALL);

    /**
     * In a message pattern, "de {n}" becomes "d’{n}" when the value {@code args[n]} is a text that
     * starts with a vowel: "Coordonnées de {0}" with "Élodie" reads "Coordonnées d’Élodie".
     */
    public static String elideBefore(String pattern, Object[] args) {
        Matcher m = DE_BEFORE_ARGUMENT.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = Integer.parseInt(m.group(2));
            boolean vowel = index < args.length && args[index] instanceof CharSequence value
                    && STARTS_WITH_VOWEL.matcher(value).matches();
            m.appendReplacement(out, Matcher.quoteReplacement(vowel ? m.group(1) + "’{" + index + "}" : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** No-break spaces before : ; ! ? » and after «, so that a line never starts with them. */
    public static String spaces(String text) {
        if (text == null || text.indexOf(' ') < 0) {
            return text;
        }
        String result = SPACE_BEFORE_PUNCTUATION.matcher(text).replaceAll("\u00A0$1");
        return SPACE_AFTER_GUILLEMET.matcher(result).replaceAll("«\u00A0");
    }

    static NumberFormat integerFormat() {
        DecimalFormat format = (DecimalFormat) NumberFormat.getIntegerInstance(PageContext.LOCALE);
        DecimalFormatSymbols symbols = format.getDecimalFormatSymbols();
        symbols.setGroupingSeparator(NARROW_NBSP);
        format.setDecimalFormatSymbols(symbols);
        return format;
    }
}
