package org.parcoursnumerique.equipment;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/** The kinds of device in stock; accessories are lines of a handover, not devices. */
enum DeviceType {
    DESKTOP("ordinateur fixe", "fixe", "unite centrale", "ordinateur de bureau"),
    LAPTOP("ordinateur portable", "portable", "pc portable"),
    TABLET("tablette"),
    SMARTPHONE("smartphone", "telephone", "telephone mobile", "mobile");

    private final String[] frenchNames;

    DeviceType(String... frenchNames) {
        this.frenchNames = frenchNames;
    }

    /** A type from its code or one of its French names (accents and case ignored). */
    static Optional<DeviceType> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = plain(value);
        for (DeviceType t : values()) {
            if (t.name().equalsIgnoreCase(v)) {
                return Optional.of(t);
            }
            for (String n : t.frenchNames) {
                if (n.equals(v)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the device may carry an IMEI (phones, cellular tablets). */
    boolean cellular() {
        return this == SMARTPHONE || this == TABLET;
    }

    static String plain(String value) {
        return Normalizer.normalize(value.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
    }
}
