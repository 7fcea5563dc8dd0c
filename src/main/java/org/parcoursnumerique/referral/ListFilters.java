package org.parcoursnumerique.referral;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

/**
 * Reads the filters of a list from query parameters without ever failing: a value that is not one
 * of the choices is ignored, a date that cannot be read is ignored with a notice saying so.
 */
final class ListFilters {

    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private ListFilters() {
    }

    /** The id among {@code options} that {@code raw} names, or null. */
    static Long option(String raw, List<ReferralQueries.Option> options) {
        if (raw == null || !raw.strip().matches("\\d{1,18}")) {
            return null;
        }
        long id = Long.parseLong(raw.strip());
        return options.stream().anyMatch(o -> o.id() == id) ? id : null;
    }

    /**
     * A date typed as AAAA-MM-JJ (what a date field sends) or JJ/MM/AAAA (what a person types where
     * the browser has no date field); null when empty, and null with a notice when unreadable.
     */
    static LocalDate date(String raw, String noticeKey, List<String> notices) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.strip();
        try {
            LocalDate date = v.contains("/") ? LocalDate.parse(v, FRENCH_DATE) : LocalDate.parse(v);
            if (date.getYear() < 2000 || date.getYear() > 2100) {
                throw new DateTimeParseException("out of range", v, 0);
            }
            return date;
        } catch (DateTimeParseException e) {
            notices.add(noticeKey);
            return null;
        }
    }
}
