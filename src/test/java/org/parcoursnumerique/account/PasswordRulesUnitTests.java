package org.parcoursnumerique.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.validation.BeanPropertyBindingResult;

class PasswordRulesUnitTests {

    record Form(String password, String confirmation) {
    }

    private static String error(String password) {
        var errors = new BeanPropertyBindingResult(new Form(password, password), "form");
        PasswordRules.check(password, password, errors);
        return errors.hasErrors() ? errors.getAllErrors().get(0).getCode() : null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"azertyuiop12", "123451234512", "motdepasse2024", "soleil123456", "qsdfghjklm12"})
    void refusesCommonPasswordsAndSequences(String password) {
        assertThat(error(password)).startsWith("password.weak");
    }

    @ParameterizedTest
    @ValueSource(strings = {"poiuytrezaqs", "wxcvbn,;:!wx", "mlkjhgfdsqpo"})
    void refusesWalksOnAFrenchKeyboard(String password) {
        assertThat(error(password)).isEqualTo("password.weak.keyboard");
    }

    @ParameterizedTest
    @ValueSource(strings = {"une phrase de passe solide", "girafe bleue sous la pluie",
            "éléphant très âgé qui boit du thé à l’ombre des érables près du marché"})
    void acceptsLongPassphrases(String password) {
        assertThat(error(password)).isNull();
    }

    @Test
    void theFrenchKeyboardKnowsItsNeighbours() {
        var graph = PasswordRules.slantedGraph(PasswordRules.AZERTY);
        // z: left a, upper left é/2, upper right "/3, right e, lower right s, lower left q.
        assertThat(graph.get('z')).containsExactly("aA", "é2", "\"3", "eE", "sS", "qQ");
        assertThat(graph.get('w')).containsExactly("<>", "qQ", "sS", "xX", null, null);
    }

    @Test
    void stillChecksLengthAndConfirmation() {
        assertThat(error("court")).isEqualTo("password.tooShort");
        assertThat(error("x".repeat(129))).isEqualTo("password.tooLong");
        var errors = new BeanPropertyBindingResult(new Form("une phrase de passe solide", "autre"), "form");
        PasswordRules.check("une phrase de passe solide", "autre", errors);
        assertThat(errors.getFieldError("confirmation").getCode()).isEqualTo("password.mismatch");
    }
}
