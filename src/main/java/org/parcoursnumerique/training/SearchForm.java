package org.parcoursnumerique.training;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.parcoursnumerique.diagnostic.TrainingLevel;
import org.parcoursnumerique.diagnostic.TrainingTheme;
import org.parcoursnumerique.shared.Pagination;

/**
 * The search of offers as the page's form sends it (every field optional, anything unknown ignored):
 * themes, level, commune of the offer, commune to measure the distance from and radius, free only,
 * modality, accessibility, dedicated trainings only, words of the name.
 */
record SearchForm(List<String> theme, String level, String commune, String near, String radius, String free,
                  String modality, String accessible, String dedicated, String q) {

    static final List<Integer> RADII = List.of(2, 5, 10, 20, 50);

    Set<TrainingTheme> themes() {
        Set<TrainingTheme> set = EnumSet.noneOf(TrainingTheme.class);
        if (theme != null) {
            for (String t : theme) {
                TrainingTheme known = DedicatedTrainings.theme(t);
                if (known != null) {
                    set.add(known);
                }
            }
        }
        return set;
    }

    TrainingLevel trainingLevel() {
        return DedicatedTrainings.level(level);
    }

    Integer radiusKm() {
        Integer r = DedicatedTrainings.number(radius);
        return r != null && RADII.contains(r) ? r : null;
    }

    OfferQueries.Modality modalityValue() {
        for (var m : OfferQueries.Modality.values()) {
            if (m.name().equals(modality)) {
                return m;
            }
        }
        return null;
    }

    OfferQueries.Criteria criteria(CommuneCentres centres) {
        String communeCode = centres.of(commune).map(CommuneCentres.Centre::inseeCode).orElse(null);
        String query = q == null || q.isBlank() ? null : q.strip().length() > 100 ? q.strip().substring(0, 100) : q.strip();
        return new OfferQueries.Criteria(themes(), trainingLevel(), communeCode, centres.of(near).orElse(null),
                radiusKm(), "true".equals(free), modalityValue(), "true".equals(accessible), "true".equals(dedicated),
                query);
    }

    /** The address of this search (page number left out). */
    String link(String path) {
        List<String> pairs = new ArrayList<>();
        for (TrainingTheme t : themes()) {
            pairs.add("theme");
            pairs.add(t.name());
        }
        TrainingLevel l = trainingLevel();
        add(pairs, "level", l == null ? null : l.name());
        add(pairs, "commune", commune);
        add(pairs, "near", near);
        add(pairs, "radius", radiusKm() == null ? null : String.valueOf(radiusKm()));
        add(pairs, "free", "true".equals(free) ? "true" : null);
        add(pairs, "modality", modalityValue() == null ? null : modalityValue().name());
        add(pairs, "accessible", "true".equals(accessible) ? "true" : null);
        add(pairs, "dedicated", "true".equals(dedicated) ? "true" : null);
        add(pairs, "q", q);
        return Pagination.link(path, pairs.toArray(String[]::new));
    }

    private static void add(List<String> pairs, String name, String value) {
        pairs.add(name);
        pairs.add(value);
    }

    boolean has(TrainingTheme t) {
        return themes().contains(t);
    }
}
