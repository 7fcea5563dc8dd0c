package org.parcoursnumerique.diagnostic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.parcoursnumerique.diagnostic.Referential.Condition;
import org.parcoursnumerique.diagnostic.Referential.Option;
import org.parcoursnumerique.diagnostic.Referential.ProfileLevel;
import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.diagnostic.Referential.Rule;
import org.parcoursnumerique.diagnostic.Referential.Section;

/**
 * Checks a referential before it is stored: structure, keys, references between questions and
 * rules, and the common core every version must keep so that data stays comparable across
 * territories and over time. Returns every problem found, each with its JSON path.
 */
final class ReferentialValidator {

    static final Pattern CODE = Pattern.compile("^[a-z0-9][a-z0-9-]{1,59}$");
    static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,59}$");
    static final Pattern RULE_ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,59}$");
    static final int LABEL_MAX = 500;
    static final int TEXT_MAX = 10_000;
    static final int SCALE_MAX_STEPS = 10;

    private final List<ReferentialProblem> problems = new ArrayList<>();
    private final Map<String, Question> known = new HashMap<>();
    /** Question key → position in the questionnaire, to refuse a condition on a later question. */
    private final Map<String, Integer> position = new HashMap<>();
    /** Every question key of the file with its first position, to tell "unknown" from "later". */
    private final Map<String, Integer> everyKey = new HashMap<>();

    private ReferentialValidator() {
    }

    /** Every problem of {@code candidate}, checked against the common core of {@code reference}. */
    static List<ReferentialProblem> validate(Referential candidate, Referential reference) {
        var v = new ReferentialValidator();
        v.check(candidate, reference);
        return List.copyOf(v.problems);
    }

    private void problem(String path, String key, Object... args) {
        problems.add(ReferentialProblem.of(path, key, args));
    }

    private void check(Referential r, Referential reference) {
        if (r.code() == null || !CODE.matcher(r.code()).matches()) {
            problem("code", "referential.error.code");
        }
        if (r.version() < 1 || r.version() > 9999) {
            problem("version", "referential.error.version");
        }
        checkText("title", r.title(), true, 200);
        checkText("description", r.description(), false, 2000);
        if (r.sections().isEmpty()) {
            problem("sections", "referential.error.noSections");
        }
        int at = 0;
        for (Section section : r.sections()) {
            for (Question question : section.questions()) {
                if (question.key() != null) {
                    everyKey.putIfAbsent(question.key(), at);
                }
                at++;
            }
        }
        Set<String> sectionKeys = new HashSet<>();
        int index = 0;
        for (int s = 0; s < r.sections().size(); s++) {
            Section section = r.sections().get(s);
            String path = "sections[" + s + "]";
            key(path + ".key", section.key(), sectionKeys, "referential.error.duplicateSection");
            checkText(path + ".title", section.title(), true, 200);
            checkText(path + ".intro", section.intro(), false, 2000);
            if (section.questions().isEmpty()) {
                problem(path + ".questions", "referential.error.noQuestions");
            }
            for (int q = 0; q < section.questions().size(); q++) {
                Question question = section.questions().get(q);
                String qPath = path + ".questions[" + q + "]";
                checkQuestion(qPath, question, index);
                index++;
            }
        }
        if (r.profile() != null) {
            checkProfile(r.profile().levels());
        } else {
            problem("profile", "referential.error.noProfile");
        }
        Set<String> ruleIds = new HashSet<>();
        for (int i = 0; i < r.rules().size(); i++) {
            Rule rule = r.rules().get(i);
            if (rule.id() != null) {
                // Stored with each recommendation (rule_id): a key, unique, of bounded length.
                if (!RULE_ID.matcher(rule.id()).matches()) {
                    problem("rules[" + i + "].id", "referential.error.ruleId");
                } else if (!ruleIds.add(rule.id())) {
                    problem("rules[" + i + "].id", "referential.error.duplicateRule", rule.id());
                }
            }
            checkRule("rules[" + i + "]", rule);
        }
        if (reference != null) {
            checkCore(r, reference);
        }
    }

    private void checkQuestion(String path, Question q, int index) {
        if (q.key() == null || !KEY.matcher(q.key()).matches()) {
            problem(path + ".key", "referential.error.key");
        } else if (known.containsKey(q.key())) {
            problem(path + ".key", "referential.error.duplicateQuestion", q.key());
        }
        checkText(path + ".label", q.label(), true, LABEL_MAX);
        checkText(path + ".hint", q.hint(), false, 1000);
        if (q.type() == null) {
            problem(path + ".type", "referential.error.noType");
        }
        // The condition is checked before the question is known: it may only look backwards.
        if (q.showIf() != null) {
            checkCondition(path + ".showIf", q.showIf(), index);
        }
        if (q.key() != null && !known.containsKey(q.key())) {
            known.put(q.key(), q);
            position.put(q.key(), index);
        }
        if (q.type() == null) {
            return;
        }
        if (q.type().hasOptions()) {
            if (q.options() == null || q.options().size() < 2) {
                problem(path + ".options", "referential.error.fewOptions");
            } else {
                Set<String> keys = new HashSet<>();
                for (int o = 0; o < q.options().size(); o++) {
                    Option option = q.options().get(o);
                    if (option == null || option.key() == null || !KEY.matcher(option.key()).matches()) {
                        problem(path + ".options[" + o + "].key", "referential.error.key");
                    } else if (!keys.add(option.key())) {
                        problem(path + ".options", "referential.error.duplicateOption", option.key());
                    }
                    checkText(path + ".options[" + o + "].label", option == null ? null : option.label(), true, LABEL_MAX);
                }
            }
        } else if (q.options() != null) {
            problem(path + ".options", "referential.error.optionsNotAllowed", q.type().name());
        }
        if (q.type() == QuestionType.SCALE) {
            if (q.scale() == null) {
                problem(path + ".scale", "referential.error.noScale");
            } else {
                if (q.scale().min() >= q.scale().max()) {
                    problem(path + ".scale", "referential.error.scaleOrder", q.scale().min(), q.scale().max());
                } else if (q.scale().max() - q.scale().min() > SCALE_MAX_STEPS) {
                    problem(path + ".scale", "referential.error.scaleTooWide", SCALE_MAX_STEPS);
                }
                checkText(path + ".scale.minLabel", q.scale().minLabel(), false, 200);
                checkText(path + ".scale.maxLabel", q.scale().maxLabel(), false, 200);
            }
        } else if (q.scale() != null) {
            problem(path + ".scale", "referential.error.scaleNotAllowed", q.type().name());
        }
        if (q.type() == QuestionType.NUMBER) {
            if (q.number() != null && q.number().min() != null && q.number().max() != null
                    && q.number().min() >= q.number().max()) {
                problem(path + ".number", "referential.error.numberOrder");
            }
        } else if (q.number() != null) {
            problem(path + ".number", "referential.error.numberNotAllowed", q.type().name());
        }
        if (q.maxLength() != null) {
            if (q.type() != QuestionType.TEXT) {
                problem(path + ".maxLength", "referential.error.maxLengthNotAllowed", q.type().name());
            } else if (q.maxLength() < 1 || q.maxLength() > TEXT_MAX) {
                problem(path + ".maxLength", "referential.error.maxLength", TEXT_MAX);
            }
        }
    }

    private void checkProfile(List<ProfileLevel> levels) {
        if (levels.isEmpty()) {
            problem("profile.levels", "referential.error.noProfile");
            return;
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < levels.size(); i++) {
            ProfileLevel level = levels.get(i);
            String path = "profile.levels[" + i + "]";
            key(path + ".key", level.key(), keys, "referential.error.duplicateLevel");
            checkText(path + ".label", level.label(), true, 200);
            checkText(path + ".description", level.description(), false, 1000);
            if (level.when() != null) {
                checkCondition(path + ".when", level.when(), Integer.MAX_VALUE);
            } else if (i < levels.size() - 1) {
                problem(path + ".when", "referential.error.levelUnreachable");
            }
        }
        if (levels.get(levels.size() - 1).when() != null) {
            problem("profile.levels[" + (levels.size() - 1) + "].when", "referential.error.lastLevelConditional");
        }
    }

    private void checkRule(String path, Rule rule) {
        checkText(path + ".description", rule.description(), false, 1000);
        if (rule.kind() == null) {
            problem(path + ".kind", "referential.error.ruleKind");
            return;
        }
        if (rule.value() == null && (rule.themes() == null || rule.themes().isEmpty())) {
            problem(path, "referential.error.ruleEmpty");
        }
        if (rule.value() != null && !rule.kind().accepts(rule.value())) {
            problem(path + ".value", "referential.error.ruleValue", rule.value(), String.join(", ", rule.kind().allowedValues()));
        }
        if (rule.themes() != null) {
            if (rule.kind() != RecommendationKind.TRAINING) {
                problem(path + ".themes", "referential.error.themesNotAllowed");
            }
            for (String theme : rule.themes()) {
                if (java.util.Arrays.stream(TrainingTheme.values()).noneMatch(t -> t.name().equals(theme))) {
                    problem(path + ".themes", "referential.error.theme", theme);
                }
            }
        }
        if (rule.when() != null) {
            checkCondition(path + ".when", rule.when(), Integer.MAX_VALUE);
        }
    }

    /** {@code before}: only questions at a position lower than this may be referenced. */
    private void checkCondition(String path, Condition c, int before) {
        int forms = (c.all() != null ? 1 : 0) + (c.any() != null ? 1 : 0) + (c.not() != null ? 1 : 0)
                + (c.question() != null ? 1 : 0) + (c.average() != null ? 1 : 0);
        int operators = (c.equals() != null ? 1 : 0) + (c.anyOf() != null ? 1 : 0) + (c.includes() != null ? 1 : 0)
                + (c.notIncludes() != null ? 1 : 0) + (c.answered() != null ? 1 : 0) + (c.lessThan() != null ? 1 : 0)
                + (c.atMost() != null ? 1 : 0) + (c.greaterThan() != null ? 1 : 0) + (c.atLeast() != null ? 1 : 0);
        if (forms != 1) {
            problem(path, "referential.error.conditionForm");
            return;
        }
        if (c.all() != null || c.any() != null) {
            List<Condition> list = c.all() != null ? c.all() : c.any();
            String name = c.all() != null ? "all" : "any";
            if (operators != 0 || list.isEmpty()) {
                problem(path, "referential.error.conditionForm");
            }
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    problem(path + "." + name + "[" + i + "]", "referential.error.conditionForm");
                } else {
                    checkCondition(path + "." + name + "[" + i + "]", list.get(i), before);
                }
            }
            return;
        }
        if (c.not() != null) {
            if (operators != 0) {
                problem(path, "referential.error.conditionForm");
            }
            checkCondition(path + ".not", c.not(), before);
            return;
        }
        if (operators != 1) {
            problem(path, "referential.error.conditionOperator");
            return;
        }
        boolean numeric = c.lessThan() != null || c.atMost() != null || c.greaterThan() != null || c.atLeast() != null;
        if (c.average() != null) {
            if (!numeric) {
                problem(path, "referential.error.averageOperator");
            }
            if (c.average().isEmpty()) {
                problem(path + ".average", "referential.error.conditionForm");
            }
            for (String key : c.average()) {
                Question q = reference(path + ".average", key, before);
                if (q != null && q.type() != null && !q.type().isNumeric()) {
                    problem(path + ".average", "referential.error.averageType", key);
                }
            }
            return;
        }
        Question q = reference(path + ".question", c.question(), before);
        if (q == null || q.type() == null) {
            return;
        }
        if (numeric && !q.type().isNumeric()) {
            problem(path, "referential.error.numericOperator", q.key());
        }
        if ((c.includes() != null || c.notIncludes() != null) && q.type() != QuestionType.MULTIPLE_CHOICE) {
            problem(path, "referential.error.includesOperator", q.key());
        }
        List<String> optionKeys = new ArrayList<>();
        if (c.equals() != null) {
            optionKeys.add(c.equals());
        }
        if (c.anyOf() != null) {
            if (c.anyOf().isEmpty()) {
                problem(path + ".anyOf", "referential.error.conditionForm");
            }
            optionKeys.addAll(c.anyOf());
        }
        if (c.includes() != null) {
            optionKeys.add(c.includes());
        }
        if (c.notIncludes() != null) {
            optionKeys.add(c.notIncludes());
        }
        if (q.type().hasOptions()) {
            for (String key : optionKeys) {
                if (q.option(key).isEmpty()) {
                    problem(path, "referential.error.unknownOption", key, q.key());
                }
            }
        }
    }

    private Question reference(String path, String key, int before) {
        Integer at = key == null ? null : everyKey.get(key);
        if (at == null) {
            problem(path, "referential.error.unknownQuestion", String.valueOf(key));
            return null;
        }
        if (at >= before) {
            problem(path, "referential.error.laterQuestion", key);
            return null;
        }
        return known.get(key);
    }

    /** Every core question of the reference must be here with the same key, type and option keys. */
    private void checkCore(Referential candidate, Referential reference) {
        Map<String, Question> mine = candidate.questionsByKey();
        for (Question core : reference.questions()) {
            if (!core.core()) {
                continue;
            }
            Question q = mine.get(core.key());
            if (q == null) {
                problem("sections", "referential.error.coreMissing", core.key());
                continue;
            }
            String path = pathOf(candidate, core.key());
            if (q.type() != core.type()) {
                problem(path + ".type", "referential.error.coreType", core.key(), core.type().name());
                continue;
            }
            if (!q.core()) {
                problem(path + ".core", "referential.error.coreFlag", core.key());
            }
            // A core question stays asked as in the common core: not made optional, not hidden by
            // another condition, or the figures would stop being comparable.
            if (core.required() && !q.required()) {
                problem(path + ".required", "referential.error.coreRequired", core.key());
            }
            if (!java.util.Objects.equals(core.showIf(), q.showIf())) {
                problem(path + ".showIf", "referential.error.coreShowIf", core.key());
            }
            if (core.options() != null) {
                for (Option option : core.options()) {
                    if (q.option(option.key()).isEmpty()) {
                        problem(path + ".options", "referential.error.coreOption", core.key(), option.key());
                    }
                }
            }
            if (core.scale() != null && q.scale() != null
                    && (core.scale().min() != q.scale().min() || core.scale().max() != q.scale().max())) {
                problem(path + ".scale", "referential.error.coreScale", core.key(), core.scale().min(), core.scale().max());
            }
        }
    }

    private static String pathOf(Referential r, String key) {
        for (int s = 0; s < r.sections().size(); s++) {
            List<Question> qs = r.sections().get(s).questions();
            for (int q = 0; q < qs.size(); q++) {
                if (key.equals(qs.get(q).key())) {
                    return "sections[" + s + "].questions[" + q + "]";
                }
            }
        }
        return "sections";
    }

    private void key(String path, String key, Set<String> seen, String duplicateKey) {
        if (key == null || !KEY.matcher(key).matches()) {
            problem(path, "referential.error.key");
        } else if (!seen.add(key)) {
            problem(path, duplicateKey, key);
        }
    }

    private void checkText(String path, String value, boolean required, int max) {
        if (value == null || value.isBlank()) {
            if (required) {
                problem(path, "referential.error.required");
            }
        } else if (value.length() > max) {
            problem(path, "referential.error.tooLong", max);
        } else if (!org.parcoursnumerique.shared.Names.isCleanText(value, true) || value.indexOf('\uFFFD') >= 0) {
            // Invisible characters break the pages' and the PDF's markup and are never meant.
            problem(path, "referential.error.control");
        }
    }
}
