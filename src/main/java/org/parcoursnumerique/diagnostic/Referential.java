package org.parcoursnumerique.diagnostic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A diagnostic referential as written in its JSON file: sections of questions, the profile levels
 * and the recommendation rules. Immutable; the JSON format is described in
 * {@code docs/referential-format.md}.
 */
record Referential(String code, int version, String title, String description, List<Section> sections,
                   Profile profile, List<Rule> rules) {

    Referential {
        sections = sections == null ? List.of() : List.copyOf(sections);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    record Section(String key, String title, String intro, List<Question> questions) {
        Section {
            questions = questions == null ? List.of() : List.copyOf(questions);
        }
    }

    record Question(String key, QuestionType type, String label, String hint, boolean required, List<Option> options,
                    Scale scale, NumberRange number, Integer maxLength, Condition showIf, boolean core) {

        static final int DEFAULT_MAX_LENGTH = 2000;

        Question {
            options = options == null ? null : List.copyOf(options);
        }

        Optional<Option> option(String key) {
            return options == null ? Optional.empty() : options.stream().filter(o -> o.key().equals(key)).findFirst();
        }

        int textMaxLength() {
            return maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
        }
    }

    record Option(String key, String label) {
    }

    record Scale(int min, int max, String minLabel, String maxLabel) {
    }

    record NumberRange(Double min, Double max, String unit) {
    }

    /**
     * A test over the answers. Exactly one form: a subject ({@code question}, or {@code average}
     * of scale questions) with one operator, or one combinator ({@code all}, {@code any},
     * {@code not}).
     */
    record Condition(String question, List<String> average, String equals, List<String> anyOf, String includes,
                     String notIncludes, Boolean answered, Double lessThan, Double atMost, Double greaterThan,
                     Double atLeast, List<Condition> all, List<Condition> any, Condition not) {
    }

    /** The digital-autonomy levels, tried in order: the first whose condition holds is the profile. */
    record Profile(List<ProfileLevel> levels) {
        Profile {
            levels = levels == null ? List.of() : List.copyOf(levels);
        }
    }

    record ProfileLevel(String key, String label, String description, Condition when) {
    }

    /**
     * When {@code when} holds (or always, without it), sets the recommendation of {@code kind} to
     * {@code value} unless an earlier rule did, and adds {@code themes} (training only).
     */
    record Rule(String id, String description, Condition when, RecommendationKind kind, String value,
                List<String> themes) {
    }

    /** Every question, in order, with the number (from 1) of its section. */
    List<Question> questions() {
        List<Question> all = new ArrayList<>();
        sections.forEach(s -> all.addAll(s.questions()));
        return all;
    }

    Map<String, Question> questionsByKey() {
        Map<String, Question> byKey = new LinkedHashMap<>();
        for (Question q : questions()) {
            byKey.putIfAbsent(q.key(), q);
        }
        return byKey;
    }

    /** The step (1-based section number) of a question, or 0 if unknown. */
    int stepOf(String questionKey) {
        for (int i = 0; i < sections.size(); i++) {
            for (Question q : sections.get(i).questions()) {
                if (q.key().equals(questionKey)) {
                    return i + 1;
                }
            }
        }
        return 0;
    }
}
