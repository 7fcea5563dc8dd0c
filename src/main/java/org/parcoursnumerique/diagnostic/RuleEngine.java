package org.parcoursnumerique.diagnostic;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.parcoursnumerique.diagnostic.Referential.Condition;
import org.parcoursnumerique.diagnostic.Referential.ProfileLevel;
import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.diagnostic.Referential.Rule;

/**
 * Evaluates a referential's conditions over answers: which questions are shown, which profile
 * level and which recommendations follow. Everything comes from the referential's data; nothing
 * here knows any question.
 */
final class RuleEngine {

    /** One computed recommendation and the rule that decided its value (null for the default). */
    record Computed(RecommendationKind kind, String value, List<String> themes, String ruleId) {
    }

    /** The profile level (null if the referential has none) and one recommendation per kind. */
    record Outcome(ProfileLevel profile, Map<RecommendationKind, Computed> recommendations) {
    }

    private RuleEngine() {
    }

    static boolean holds(Condition c, Answers answers) {
        if (c == null) {
            return true;
        }
        if (c.all() != null) {
            return c.all().stream().allMatch(x -> holds(x, answers));
        }
        if (c.any() != null) {
            return c.any().stream().anyMatch(x -> holds(x, answers));
        }
        if (c.not() != null) {
            return !holds(c.not(), answers);
        }
        if (c.average() != null) {
            OptionalDouble average = average(c.average(), answers);
            return average.isPresent() && compare(c, average.getAsDouble());
        }
        String q = c.question();
        List<String> values = answers.get(q);
        if (c.answered() != null) {
            return c.answered() == !values.isEmpty();
        }
        if (c.equals() != null) {
            if (values.size() != 1) {
                return false;
            }
            // Numbers and scale points compare as numbers: "3", "3.0" and "3,0" are the same answer.
            OptionalDouble number = answers.number(q);
            Double expected = parseNumber(c.equals());
            if (number.isPresent() && expected != null) {
                return number.getAsDouble() == expected;
            }
            return values.get(0).equals(c.equals());
        }
        if (c.anyOf() != null) {
            return values.stream().anyMatch(c.anyOf()::contains);
        }
        if (c.includes() != null) {
            return values.contains(c.includes());
        }
        if (c.notIncludes() != null) {
            return !values.contains(c.notIncludes());
        }
        OptionalDouble number = answers.number(q);
        return number.isPresent() && compare(c, number.getAsDouble());
    }

    private static Double parseNumber(String text) {
        try {
            return Double.valueOf(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean compare(Condition c, double v) {
        if (c.lessThan() != null) {
            return v < c.lessThan();
        }
        if (c.atMost() != null) {
            return v <= c.atMost();
        }
        if (c.greaterThan() != null) {
            return v > c.greaterThan();
        }
        if (c.atLeast() != null) {
            return v >= c.atLeast();
        }
        return false;
    }

    /** The mean of the answered questions among {@code questions}; empty when none is answered. */
    static OptionalDouble average(List<String> questions, Answers answers) {
        return questions.stream().map(answers::number).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).average();
    }

    /** The answers where each scale answered « je ne connais pas » holds the scale's lowest point instead. */
    static Answers unknownAsLowest(Referential referential, Answers answers) {
        Answers current = answers;
        for (Question q : referential.questions()) {
            if (q.type() == QuestionType.SCALE && StepAnswers.UNKNOWN.equals(current.first(q.key()))) {
                current = current.with(q.key(), List.of(String.valueOf(q.scale().min())));
            }
        }
        return current;
    }

    /** The questions a condition reads. */
    static Set<String> subjects(Condition c) {
        Set<String> keys = new LinkedHashSet<>();
        if (c == null) {
            return keys;
        }
        if (c.question() != null) {
            keys.add(c.question());
        }
        if (c.average() != null) {
            keys.addAll(c.average());
        }
        if (c.all() != null) {
            c.all().forEach(x -> keys.addAll(subjects(x)));
        }
        if (c.any() != null) {
            c.any().forEach(x -> keys.addAll(subjects(x)));
        }
        keys.addAll(subjects(c.not()));
        return keys;
    }

    static boolean visible(Question q, Answers answers) {
        return q.showIf() == null || holds(q.showIf(), answers);
    }

    /**
     * The answers without those of questions hidden by the other answers. Repeated until nothing
     * changes, because clearing one answer may hide a question that depended on it.
     */
    static Answers withoutHidden(Referential referential, Answers answers) {
        Answers current = answers;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Question q : referential.questions()) {
                if (current.answered(q.key()) && !visible(q, current)) {
                    current = current.without(q.key());
                    changed = true;
                }
            }
        }
        return current;
    }

    /** Required questions that are shown and unanswered, in order. */
    static List<Question> missingRequired(Referential referential, Answers answers) {
        List<Question> missing = new ArrayList<>();
        for (Question q : referential.questions()) {
            if (q.required() && visible(q, answers) && !answers.answered(q.key())) {
                missing.add(q);
            }
        }
        return missing;
    }

    /**
     * Profile and recommendations. A scale answered « je ne connais pas » ({@link StepAnswers#UNKNOWN})
     * counts here as the scale's lowest point: someone who never heard of a competence cannot use
     * it, and leaving it out of an average would rate them higher than someone who tried and
     * answered 0. It stays stored (and shown) as its own answer, so that it can be told apart.
     */
    static Outcome evaluate(Referential referential, Answers raw) {
        Answers answers = unknownAsLowest(referential, withoutHidden(referential, raw));
        ProfileLevel profile = null;
        if (referential.profile() != null) {
            for (ProfileLevel level : referential.profile().levels()) {
                if (holds(level.when(), answers)) {
                    profile = level;
                    break;
                }
            }
        }
        Map<RecommendationKind, String> values = new EnumMap<>(RecommendationKind.class);
        Map<RecommendationKind, String> decidedBy = new EnumMap<>(RecommendationKind.class);
        Set<String> themes = new LinkedHashSet<>();
        for (Rule rule : referential.rules()) {
            if (!holds(rule.when(), answers)) {
                continue;
            }
            if (rule.value() != null && !values.containsKey(rule.kind())) {
                values.put(rule.kind(), rule.value());
                decidedBy.put(rule.kind(), rule.id());
            }
            if (rule.themes() != null) {
                themes.addAll(rule.themes());
            }
        }
        Map<RecommendationKind, Computed> result = new EnumMap<>(RecommendationKind.class);
        for (RecommendationKind kind : RecommendationKind.values()) {
            String value = values.getOrDefault(kind, kind.defaultValue());
            List<String> kindThemes = List.of();
            if (kind == RecommendationKind.TRAINING) {
                // Themes follow the order of the enum so that the plan reads the same whatever the rule order.
                kindThemes = java.util.Arrays.stream(TrainingTheme.values()).map(Enum::name)
                        .filter(themes::contains).toList();
            }
            result.put(kind, new Computed(kind, value, kindThemes, decidedBy.get(kind)));
        }
        return new Outcome(profile, result);
    }
}
