package org.parcoursnumerique.diagnostic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The answers of one diagnostic: question key → values (one value for a single choice, scale,
 * number, date or text; one per option ticked for a multiple choice). Unanswered questions are absent.
 */
record Answers(Map<String, List<String>> values) {

    Answers {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                copy.put(k, List.copyOf(v));
            }
        });
        values = java.util.Collections.unmodifiableMap(copy);
    }

    static Answers none() {
        return new Answers(Map.of());
    }

    boolean answered(String question) {
        return values.containsKey(question);
    }

    List<String> get(String question) {
        return values.getOrDefault(question, List.of());
    }

    String first(String question) {
        List<String> v = get(question);
        return v.isEmpty() ? null : v.get(0);
    }

    OptionalDouble number(String question) {
        String v = first(question);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    Answers with(String question, List<String> value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        if (value == null || value.isEmpty()) {
            copy.remove(question);
        } else {
            copy.put(question, value);
        }
        return new Answers(copy);
    }

    Answers without(String question) {
        return with(question, null);
    }
}
