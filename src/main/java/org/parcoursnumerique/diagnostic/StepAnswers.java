package org.parcoursnumerique.diagnostic;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.shared.Names;

/**
 * Reads the answers of one step from the submitted form ({@code q_<key>} parameters) and checks
 * their format against each question: option keys, scale bounds, numbers, dates, text length.
 */
final class StepAnswers {

    static final String PREFIX = "q_";

    /**
     * {@code base} with the values submitted for {@code questions} as they were typed (blank ones left
     * out, each cut at 20 000 characters), to show them again next to their errors.
     */
    static Answers typed(Answers base, List<Question> questions, Map<String, String[]> params) {
        Answers shown = base;
        for (Question q : questions) {
            String[] raw = params.get(PREFIX + q.key());
            List<String> values = new ArrayList<>();
            if (raw != null) {
                for (String r : raw) {
                    if (r != null && !r.isBlank()) {
                        values.add(r.length() > 20_000 ? r.substring(0, 20_000) : r);
                    }
                }
            }
            shown = shown.with(q.key(), values);
        }
        return shown;
    }
    /** An option with this key excludes the others ("none of these"). */
    static final String EXCLUSIVE_OPTION = "none";
    static final int MAX_VALUES = 50;
    /**
     * The answer « je ne connais pas » that the capture offers on every scale (self-assessed
     * competence) question, whatever the referential: stored as this value, distinct from any
     * point of the scale. See {@link RuleEngine#evaluate} for how rules count it.
     */
    static final String UNKNOWN = "unknown";

    /** One format error: the question and the key of its message with arguments. */
    record Problem(String question, String key, Object[] args) {
    }

    record Parsed(Map<String, List<String>> values, List<Problem> problems) {
    }

    private StepAnswers() {
    }

    static Parsed parse(List<Question> questions, Map<String, String[]> params) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Question q : questions) {
            String[] raw = params.get(PREFIX + q.key());
            List<String> given = new ArrayList<>();
            if (raw != null) {
                for (String r : raw) {
                    if (r != null && !r.isBlank()) {
                        given.add(q.type() == QuestionType.TEXT ? r : r.strip());
                    }
                }
            }
            if (given.isEmpty()) {
                values.put(q.key(), List.of());
                continue;
            }
            Problem p = check(q, given, values);
            if (p != null) {
                problems.add(p);
            }
        }
        return new Parsed(values, problems);
    }

    private static Problem check(Question q, List<String> given, Map<String, List<String>> values) {
        if (q.type() != QuestionType.MULTIPLE_CHOICE && given.size() > 1) {
            return new Problem(q.key(), "diagnostic.error.oneValue", new Object[0]);
        }
        String v = given.get(0);
        switch (q.type()) {
            case SINGLE_CHOICE -> {
                if (q.option(v).isEmpty()) {
                    return new Problem(q.key(), "diagnostic.error.option", new Object[0]);
                }
                values.put(q.key(), List.of(v));
            }
            case MULTIPLE_CHOICE -> {
                if (given.size() > MAX_VALUES) {
                    return new Problem(q.key(), "diagnostic.error.option", new Object[0]);
                }
                LinkedHashSet<String> picked = new LinkedHashSet<>();
                for (String g : given) {
                    if (q.option(g).isEmpty()) {
                        return new Problem(q.key(), "diagnostic.error.option", new Object[0]);
                    }
                    picked.add(g);
                }
                if (picked.contains(EXCLUSIVE_OPTION) && picked.size() > 1) {
                    return new Problem(q.key(), "diagnostic.error.exclusive",
                            new Object[] {q.option(EXCLUSIVE_OPTION).get().label()});
                }
                // Stored in the referential's order, whatever the order of the form.
                values.put(q.key(), q.options().stream().map(Referential.Option::key).filter(picked::contains).toList());
            }
            case SCALE -> {
                if (UNKNOWN.equals(v)) {
                    values.put(q.key(), List.of(UNKNOWN));
                    return null;
                }
                Integer n = integer(v);
                if (n == null || n < q.scale().min() || n > q.scale().max()) {
                    return new Problem(q.key(), "diagnostic.error.scale", new Object[] {q.scale().min(), q.scale().max()});
                }
                values.put(q.key(), List.of(String.valueOf(n)));
            }
            case NUMBER -> {
                BigDecimal n = decimal(v);
                if (n == null) {
                    return new Problem(q.key(), "diagnostic.error.number", new Object[0]);
                }
                var range = q.number();
                if (range != null && ((range.min() != null && n.doubleValue() < range.min())
                        || (range.max() != null && n.doubleValue() > range.max()))) {
                    return new Problem(q.key(), "diagnostic.error.numberRange",
                            new Object[] {bound(range.min()), bound(range.max())});
                }
                values.put(q.key(), List.of(n.stripTrailingZeros().toPlainString()));
            }
            case DATE -> {
                LocalDate d;
                try {
                    d = v.length() == 10 ? LocalDate.parse(v) : null;
                } catch (DateTimeParseException e) {
                    d = null;
                }
                if (d == null || d.getYear() < 1900 || d.getYear() > 2100) {
                    return new Problem(q.key(), "diagnostic.error.date", new Object[0]);
                }
                values.put(q.key(), List.of(d.toString()));
            }
            case TEXT -> {
                String text = java.util.Objects.requireNonNullElse(Names.freeText(v), "");
                if (text.length() > q.textMaxLength()) {
                    return new Problem(q.key(), "diagnostic.error.textLength", new Object[] {q.textMaxLength()});
                }
                values.put(q.key(), text.isEmpty() ? List.of() : List.of(text));
            }
        }
        return null;
    }

    private static Integer integer(String v) {
        if (v.length() > 9 || !v.matches("-?\\d+")) {
            return null;
        }
        return Integer.valueOf(v);
    }

    private static BigDecimal decimal(String v) {
        String s = v.replace(',', '.').replace(" ", "").replace("\u00a0", "");
        if (s.length() > 15 || !s.matches("-?\\d+(\\.\\d+)?")) {
            return null;
        }
        return new BigDecimal(s);
    }

    private static String bound(Double d) {
        if (d == null) {
            return "—";
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
