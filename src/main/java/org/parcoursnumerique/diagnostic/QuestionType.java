package org.parcoursnumerique.diagnostic;

/** How a question is answered. */
enum QuestionType {
    SINGLE_CHOICE, MULTIPLE_CHOICE, SCALE, NUMBER, DATE, TEXT;

    boolean hasOptions() {
        return this == SINGLE_CHOICE || this == MULTIPLE_CHOICE;
    }

    boolean isNumeric() {
        return this == SCALE || this == NUMBER;
    }
}
