package org.parcoursnumerique.shared;

import java.io.Serializable;
import java.util.Locale;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The one-line message shown at the top of the page a redirect leads to, after an action: what
 * happened, with its severity. Shown only on that page when it renders normally, never on an error
 * page rendered later (see {@link WebAdvice#build}). A plain message key put under {@link #ATTRIBUTE}
 * counts as a success.
 */
public record Flash(Severity severity, String key) implements Serializable {

    public static final String ATTRIBUTE = "flash";

    public enum Severity {
        SUCCESS, WARNING, ERROR;

        /** {@code success}, {@code warning}, {@code error}: the CSS modifier and the key suffix. */
        public String css() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** An error interrupts (role="alert"); a success or a warning is announced politely (role="status"). */
        public String role() {
            return this == ERROR ? "alert" : "status";
        }
    }

    public static void success(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute(ATTRIBUTE, new Flash(Severity.SUCCESS, key));
    }

    public static void warning(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute(ATTRIBUTE, new Flash(Severity.WARNING, key));
    }

    public static void error(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute(ATTRIBUTE, new Flash(Severity.ERROR, key));
    }

    /** The flash of a flash attribute value: a {@code Flash}, or a message key (a success), or null. */
    static Flash of(Object value) {
        if (value instanceof Flash flash) {
            return flash;
        }
        if (value instanceof String key && !key.isBlank()) {
            return new Flash(Severity.SUCCESS, key);
        }
        return null;
    }
}
