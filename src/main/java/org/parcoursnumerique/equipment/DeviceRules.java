package org.parcoursnumerique.equipment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of a device entering the stock, the same for the form, a delivery row and the API: each
 * problem names the field and a message key of {@code messages.properties}.
 */
final class DeviceRules {

    record Problem(String field, String key, Object... args) {
    }

    private static final Pattern SIRET = Pattern.compile("\\d{14}");
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9./_-]{2,59}");
    private static final Pattern SHORT_TEXT = Pattern.compile("[\\p{L}\\p{N} .,'’()+/&_-]{1,120}");

    private DeviceRules() {
    }

    /**
     * @param grades the active grade codes
     */
    static List<Problem> check(NewDevice d, Set<String> grades, LocalDate today) {
        List<Problem> p = new ArrayList<>();
        if (d.type() == null) {
            p.add(new Problem("type", "equipment.rule.type"));
        }
        text(p, "brand", d.brand(), 60, true);
        text(p, "model", d.model(), 100, true);
        text(p, "osName", d.osName(), 40, false);
        text(p, "osVersion", d.osVersion(), 40, false);
        range(p, "ramGb", d.ramGb(), 0, 1024);
        range(p, "storageGb", d.storageGb(), 0, 100000);
        if (d.screenInches() != null && (d.screenInches() <= 0 || d.screenInches() > 99)) {
            p.add(new Problem("screenInches", "equipment.rule.screen"));
        }
        if (d.serialNumber() == null || d.serialNumber().isBlank()) {
            p.add(new Problem("serialNumber", "equipment.rule.serial.required"));
        } else if (!SERIAL.matcher(d.serialNumber()).matches()) {
            p.add(new Problem("serialNumber", "equipment.rule.serial.format"));
        }
        if (d.imei() != null && !d.imei().isBlank()) {
            if (d.type() != null && !d.type().cellular()) {
                p.add(new Problem("imei", "equipment.rule.imei.notCellular"));
            } else if (!imeiValid(d.imei())) {
                p.add(new Problem("imei", "equipment.rule.imei.invalid"));
            }
        } else if (d.type() == DeviceType.SMARTPHONE) {
            p.add(new Problem("imei", "equipment.rule.imei.required"));
        }
        if (d.source() == null) {
            p.add(new Problem("source", "equipment.rule.source"));
        } else {
            switch (d.source()) {
                case PURCHASE -> text(p, "supplier", d.supplier(), 120, true);
                case REFURBISHED -> {
                    if (d.grade() == null || d.grade().isBlank()) {
                        p.add(new Problem("grade", "equipment.rule.grade.required"));
                    }
                    if (d.refurbisherSiret() != null && !d.refurbisherSiret().isBlank()
                            && !SIRET.matcher(d.refurbisherSiret()).matches()) {
                        p.add(new Problem("refurbisherSiret", "equipment.rule.siret"));
                    }
                }
                case DONATION -> text(p, "donor", d.donor(), 120, true);
            }
        }
        text(p, "orderReference", d.orderReference(), 60, false);
        text(p, "wipeCertificate", d.wipeCertificate(), 60, false);
        if (d.grade() != null && !d.grade().isBlank() && !grades.contains(d.grade())) {
            p.add(new Problem("grade", "equipment.rule.grade.unknown", String.join(", ", grades)));
        }
        range(p, "warrantyMonths", d.warrantyMonths(), 0, 120);
        if (d.costCents() != null && (d.costCents() < 0 || d.costCents() > 10_000_000L)) {
            p.add(new Problem("cost", "equipment.rule.cost"));
        }
        if (d.acquiredOn() == null) {
            p.add(new Problem("acquiredOn", "equipment.rule.acquiredOn.required"));
        } else if (d.acquiredOn().isAfter(today) || d.acquiredOn().isBefore(today.minusYears(15))) {
            p.add(new Problem("acquiredOn", "equipment.rule.acquiredOn.range"));
        }
        return p;
    }

    /** 15 digits whose last is the Luhn check digit of the 14 others. */
    static boolean imeiValid(String imei) {
        if (imei == null || imei.length() != 15) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = imei.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /** The Luhn check digit completing 14 digits (for demo and test data). */
    static int luhnDigit(String fourteen) {
        int sum = 0;
        for (int i = 0; i < 14; i++) {
            int digit = fourteen.charAt(i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }

    private static void text(List<Problem> p, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                p.add(new Problem(field, "equipment.rule.required"));
            }
        } else if (value.length() > max || !SHORT_TEXT.matcher(value).matches()) {
            p.add(new Problem(field, "equipment.rule.text", max));
        }
    }

    private static void range(List<Problem> p, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            p.add(new Problem(field, "equipment.rule.range", min, max));
        }
    }
}
