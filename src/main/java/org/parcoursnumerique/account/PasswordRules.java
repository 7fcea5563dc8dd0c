package org.parcoursnumerique.account;

import org.springframework.validation.Errors;

/** Password policy: long rather than complicated (ANSSI recommendation for passwords alone). */
final class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private PasswordRules() {
    }

    static void check(String password, String confirmation, Errors errors) {
        if (password == null || password.length() < MIN_LENGTH) {
            errors.rejectValue("password", "password.tooShort", new Object[] {MIN_LENGTH}, null);
        } else if (password.length() > MAX_LENGTH) {
            errors.rejectValue("password", "password.tooLong", new Object[] {MAX_LENGTH}, null);
        } else if (password.isBlank() || password.chars().distinct().count() < 5) {
            errors.rejectValue("password", "password.tooSimple");
        } else if (!password.equals(confirmation)) {
            errors.rejectValue("confirmation", "password.mismatch");
        }
    }
}
