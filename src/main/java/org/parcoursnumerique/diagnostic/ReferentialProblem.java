package org.parcoursnumerique.diagnostic;

import java.util.List;

/**
 * One error found in a referential: where ({@code sections[2].questions[4].options}, empty for
 * the whole file), and the key of its French message in {@code messages.properties} with the
 * message's arguments.
 */
record ReferentialProblem(String path, String key, List<String> args) {

    static ReferentialProblem of(String path, String key, Object... args) {
        return new ReferentialProblem(path, key, java.util.Arrays.stream(args).map(String::valueOf).toList());
    }

    Object[] arguments() {
        return args.toArray();
    }
}
