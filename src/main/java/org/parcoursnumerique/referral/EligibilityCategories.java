package org.parcoursnumerique.referral;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the public («categorie») a prescriber wrote in a file the way they write it: the code
 * ({@code LONG_TERM_JOBSEEKER}), the label of the web form («Demandeur d’emploi de longue durée») or
 * a usual abbreviation («DELD», «ML», «mission locale»), with accents, case and punctuation left
 * aside. The abbreviations are data ({@code eligibility_category_alias}); the API keeps codes only.
 */
@Component
class EligibilityCategories {

    /** One accepted public, as the import page and the template list it. */
    record Accepted(String code, String label, List<String> abbreviations) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;
    /** Reference data changes only with a migration: read once. */
    private volatile Map<String, String> codeByKey;
    private volatile List<Accepted> accepted;

    EligibilityCategories(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    /** The code of the public {@code raw} names, if any. */
    Optional<String> resolve(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        load();
        return Optional.ofNullable(codeByKey.get(key(raw)));
    }

    /** Every public of the programme, in the form's order, with its label and listed abbreviations. */
    List<Accepted> accepted() {
        load();
        return accepted;
    }

    /** «Codes or abbreviations» a person can type, for one line of explanation: «RSA, DELD, ML…». */
    String shortList() {
        List<String> words = new ArrayList<>();
        for (Accepted a : accepted()) {
            words.add(a.abbreviations().isEmpty() ? a.code() : a.abbreviations().get(0));
        }
        return String.join(", ", words);
    }

    /** «Jeune suivi par une mission locale (ML)» → «jeune suivi par une mission locale ml». */
    static String key(String raw) {
        return Names.normalise(raw).replaceAll("[^a-z0-9]+", " ").strip();
    }

    private void load() {
        if (accepted != null) {
            return;
        }
        Map<String, String> byKey = new HashMap<>();
        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (String code : jdbc.sql("SELECT code FROM eligibility_category_v ORDER BY position").query(String.class).list()) {
            byKey.put(key(code), code);
            byKey.put(key(label(code)), code);
            shown.put(code, new ArrayList<>());
        }
        jdbc.sql("SELECT alias, category_code, shown FROM eligibility_category_alias ORDER BY alias")
                .query((rs, n) -> {
                    String code = rs.getString("category_code");
                    byKey.putIfAbsent(key(rs.getString("alias")), code);
                    // An abbreviation that is the code itself ("rsa") is listed once, as the code.
                    if (rs.getBoolean("shown") && shown.containsKey(code) && !key(code).equals(key(rs.getString("alias")))) {
                        // Abbreviations are written in capitals ("DELD"); a phrase keeps its words ("mission locale").
                        String alias = rs.getString("alias");
                        shown.get(code).add(alias.contains(" ") ? alias : alias.toUpperCase(java.util.Locale.ROOT));
                    }
                    return null;
                }).list();
        List<Accepted> list = new ArrayList<>();
        shown.forEach((code, abbreviations) -> {
            // The first abbreviation listed is the short one ("ML" before "mission locale").
            abbreviations.sort(java.util.Comparator.comparingInt(String::length));
            list.add(new Accepted(code, label(code), List.copyOf(abbreviations)));
        });
        codeByKey = Map.copyOf(byKey);
        accepted = List.copyOf(list);
    }

    private String label(String code) {
        return messages.getMessage("category." + code, null, code, PageContext.LOCALE);
    }
}
