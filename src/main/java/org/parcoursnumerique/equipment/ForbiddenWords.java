package org.parcoursnumerique.equipment;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * Words that may not describe a refurbished device (decree 2022-190 of 17 February 2022): "comme
 * neuf", "état neuf", "à neuf". A grade's label or description using them is refused.
 */
final class ForbiddenWords {

    static final List<String> WORDS = List.of("comme neuf", "etat neuf", "a neuf");

    private ForbiddenWords() {
    }

    static boolean found(String text) {
        if (text == null) {
            return false;
        }
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[\\s\\u00a0\\u202f'’-]+", " ");
        for (String w : WORDS) {
            if ((" " + plain + " ").matches("(?s).*[^a-z]" + w.replace(" ", " ") + "(e|s|es)?[^a-z].*")) {
                return true;
            }
        }
        return false;
    }
}
