package org.parcoursnumerique.connection;

import java.util.List;

/**
 * Input that breaks a rule of lines and periods: each problem names its field and a message key of
 * {@code messages.properties} with its arguments. The page shows them next to the fields, the API as
 * a problem document's errors (422). Thrown inside the transaction, so nothing is half written.
 */
class LineProblem extends RuntimeException {

    record Problem(String field, String key, Object... args) {
    }

    private final List<Problem> problems;

    LineProblem(List<Problem> problems) {
        super(problems.toString(), null, false, false);
        this.problems = List.copyOf(problems);
    }

    LineProblem(String field, String key, Object... args) {
        this(List.of(new Problem(field, key, args)));
    }

    List<Problem> problems() {
        return problems;
    }
}
