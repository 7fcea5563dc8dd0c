package org.parcoursnumerique.account;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.matching.match.RepeatMatch;
import me.gosimple.nbvcxz.matching.match.SequenceMatch;
import me.gosimple.nbvcxz.matching.match.SpacialMatch;
import me.gosimple.nbvcxz.matching.match.YearMatch;
import me.gosimple.nbvcxz.matching.match.DateMatch;
import me.gosimple.nbvcxz.resources.AdjacencyGraph;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.scoring.Result;
import org.springframework.validation.Errors;

/**
 * Password policy: long rather than complicated (ANSSI recommendation for passwords alone), and not
 * guessable. Guessability is estimated by nbvcxz (dictionaries of common passwords, names and words,
 * keyboard patterns, sequences, repeats, dates) with a French keyboard and a short list of common
 * French passwords added, so that {@code azertyuiop12} or {@code 123451234512} are refused.
 */
final class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;
    /** log2 of the estimated guesses an attacker needs; nbvcxz's own default. */
    static final double MIN_ENTROPY = 35;

    private PasswordRules() {
    }

    static void check(String password, String confirmation, Errors errors) {
        if (password == null || password.length() < MIN_LENGTH) {
            errors.rejectValue("password", "password.tooShort", new Object[] {MIN_LENGTH}, null);
        } else if (password.length() > MAX_LENGTH) {
            errors.rejectValue("password", "password.tooLong", new Object[] {MAX_LENGTH}, null);
        } else if (password.isBlank() || password.chars().distinct().count() < 5) {
            errors.rejectValue("password", "password.tooSimple");
        } else if (weakness(password) != null) {
            errors.rejectValue("password", weakness(password));
        } else if (!password.equals(confirmation)) {
            errors.rejectValue("confirmation", "password.mismatch");
        }
    }

    /** The message key that says why the password is easy to guess, or null when it is not. */
    static String weakness(String password) {
        Result result = Estimator.INSTANCE.estimate(password);
        if (result.getEntropy() >= MIN_ENTROPY) {
            return null;
        }
        // Name the pattern that weighs most, so that the person knows what to avoid.
        Match main = result.getMatches().stream()
                .filter(m -> !(m instanceof me.gosimple.nbvcxz.matching.match.BruteForceMatch))
                .max(java.util.Comparator.comparingInt(m -> m.getToken().length())).orElse(null);
        if (main instanceof SpacialMatch) {
            return "password.weak.keyboard";
        }
        if (main instanceof SequenceMatch || main instanceof RepeatMatch) {
            return "password.weak.sequence";
        }
        if (main instanceof DictionaryMatch dictionary && dictionary.getToken().chars().allMatch(Character::isDigit)) {
            return "password.weak.sequence";
        }
        if (main instanceof DictionaryMatch || main instanceof YearMatch || main instanceof DateMatch) {
            return "password.weak.common";
        }
        return "password.weak";
    }

    /** Built once: loading the dictionaries takes a moment. */
    private static final class Estimator {

        static final Nbvcxz INSTANCE = new Nbvcxz(new ConfigurationBuilder()
                .setLocale(Locale.FRENCH)
                .setMinimumEntropy(MIN_ENTROPY)
                .setMaxLength(MAX_LENGTH)
                .setDictionaries(dictionaries())
                .setAdjacencyGraphs(keyboards())
                .createConfiguration());

        private static List<me.gosimple.nbvcxz.resources.Dictionary> dictionaries() {
            var list = new ArrayList<>(ConfigurationBuilder.getDefaultDictionaries());
            var french = new DictionaryBuilder().setDictionaryName("passwords-fr");
            int rank = 1;
            try (InputStream in = PasswordRules.class.getResourceAsStream("/reference/passwords-fr.txt")) {
                for (String word : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String w = word.strip().toLowerCase(Locale.ROOT);
                    if (!w.isEmpty() && !w.startsWith("#")) {
                        french.addWord(w, rank++);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            list.add(french.createDictionary());
            return list;
        }

        private static List<AdjacencyGraph> keyboards() {
            var list = new ArrayList<>(ConfigurationBuilder.getDefaultAdjacencyGraphs());
            list.add(new AdjacencyGraph("azerty", slantedGraph(AZERTY)));
            return list;
        }
    }

    /** The French keyboard, each key as its unshifted then shifted character, rows as typed. */
    static final String AZERTY = """

            ²³ &1 é2 "3 '4 (5 -6 è7 _8 ç9 à0 )° =+
                aA zZ eE rR tT yY uU iI oO pP ^¨ $£
                 qQ sS dD fF gG hH jJ kK lL mM ù% *µ
               <> wW xX cC vV bB nN ,? ;. :/ !§
            """;

    /**
     * Adjacency of each character on a slanted keyboard, in the form nbvcxz (after zxcvbn) expects:
     * for each character, the keys to its left, upper left, upper right, right, lower right and lower
     * left (null where there is none).
     */
    static HashMap<Character, String[]> slantedGraph(String layout) {
        var positions = new HashMap<List<Integer>, String>();
        String[] lines = layout.split("\n", -1);
        for (int y = 0; y < lines.length; y++) {
            String line = lines[y];
            int slant = y - 1;
            int from = 0;
            for (String token : line.trim().isEmpty() ? new String[0] : line.trim().split("\\s+")) {
                int index = line.indexOf(token, from);
                from = index + token.length();
                positions.put(List.of(Math.floorDiv(index - slant, 3), y), token);
            }
        }
        var graph = new HashMap<Character, String[]>();
        positions.forEach((xy, token) -> {
            int x = xy.get(0);
            int y = xy.get(1);
            int[][] around = {{x - 1, y}, {x, y - 1}, {x + 1, y - 1}, {x + 1, y}, {x, y + 1}, {x - 1, y + 1}};
            String[] neighbours = Arrays.stream(around).map(c -> positions.get(List.of(c[0], c[1])))
                    .toArray(String[]::new);
            for (char c : token.toCharArray()) {
                graph.put(c, neighbours);
            }
        });
        return graph;
    }
}
