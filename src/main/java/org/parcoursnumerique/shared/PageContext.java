package org.parcoursnumerique.shared;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * What every template needs besides its own data: texts from {@code messages.properties}, the
 * current user for the navigation, the CSRF token for forms, the flash message and formatters.
 */
public final class PageContext {

    public static final Locale LOCALE = Locale.FRANCE;
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final MessageSource messages;
    private final CurrentUser user;
    private final String csrfParameter;
    private final String csrfToken;
    private final String path;
    private final Flash flash;
    private final boolean demo;

    public PageContext(MessageSource messages, CurrentUser user, String csrfParameter, String csrfToken,
                       String path, Flash flash, boolean demo) {
        this.messages = messages;
        this.user = user;
        this.csrfParameter = csrfParameter;
        this.csrfToken = csrfToken;
        this.path = path == null ? "" : path;
        this.flash = flash;
        this.demo = demo;
    }

    /**
     * The French text for {@code key}; arguments fill {0}, {1}… With French typography: no-break
     * spaces before « : ; ! ? », and "de" elided before an argument starting with a vowel.
     */
    public String t(String key, Object... args) {
        // The typography applies to the text of the message, never to the values put into it.
        String pattern = French.spaces(messages.getMessage(key, null, LOCALE));
        if (args == null || args.length == 0) {
            return pattern;
        }
        return new java.text.MessageFormat(French.elideBefore(pattern, args), LOCALE).format(args);
    }

    /** "de Saint-Denis", "d’Aulnay-sous-Bois": "de" and a name, elided as French wants. */
    public String of(String name) {
        return French.of(name);
    }

    /** "1 événement", "2 événements" (0 is singular in French), the number grouped. */
    public String count(long value, String singular, String plural) {
        return French.count(value, singular, plural);
    }

    /** Resolves a validation error or any other resolvable message. */
    public String message(org.springframework.context.MessageSourceResolvable resolvable) {
        return resolvable == null ? null : messages.getMessage(resolvable, LOCALE);
    }

    /** The resolved error message of a form field, or null. */
    public String error(FormErrors errors, String field) {
        return errors == null ? null : message(errors.get(field));
    }

    public CurrentUser user() {
        return user;
    }

    public boolean loggedIn() {
        return user != null;
    }

    public boolean has(Role... roles) {
        return user != null && user.has(roles);
    }

    public String csrfParameter() {
        return csrfParameter;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public String path() {
        return path;
    }

    /** "page" when the navigation entry {@code prefix} is the current section, for aria-current. */
    public String current(String prefix) {
        boolean match = "/".equals(prefix) ? path.equals("/") : path.startsWith(prefix);
        return match ? "page" : null;
    }

    /** The message of the action that led to this page, or null. */
    public Flash flash() {
        return flash;
    }

    public boolean demo() {
        return demo;
    }

    /** "1er décembre 2026". */
    public String date(LocalDate date) {
        return French.date(date);
    }

    /** "1er décembre 2026 à 14 h 30" (Paris time). */
    public String dateTime(OffsetDateTime time) {
        return French.dateTime(time);
    }

    public String isoDate(TemporalAccessor date) {
        return date == null ? "" : DateTimeFormatter.ISO_LOCAL_DATE.format(date);
    }

    /** URL-encodes a query parameter value (null gives an empty string). */
    public String enc(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** "10 000", grouped with a narrow no-break space. */
    public String number(long value) {
        return French.number(value);
    }

    public String euros(long cents) {
        return NumberFormat.getCurrencyInstance(LOCALE).format(cents / 100.0);
    }

    /** Percentage of {@code value} against {@code target}, capped at 100 for progress bars. */
    public int percent(long value, long target) {
        if (target <= 0) {
            return 0;
        }
        return (int) Math.min(100, Math.round(value * 100.0 / target));
    }
}
