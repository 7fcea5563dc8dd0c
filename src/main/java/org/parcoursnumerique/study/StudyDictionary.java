package org.parcoursnumerique.study;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.shared.AgeBand;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.StudyEventSource;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The data dictionary of the study dataset: each column of both files (type, allowed values, where
 * it comes from, how it was generalised) and each kind of event, in French, as a page and as CSV.
 * Built from the code that writes the files, so it cannot fall behind them.
 */
@Component
class StudyDictionary {

    /** One column of one file. */
    record Column(String file, String name, String type, String values, String source, String description,
                  String generalisation) {
    }

    /** One kind of row of the events file. */
    record Event(String event, String module, String description, String item, String value) {
    }

    static final List<String> CSV_HEADER = List.of("fichier", "colonne", "type", "valeurs", "source", "description",
            "generalisation");

    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final StudyDataset dataset;

    StudyDictionary(MessageSource messages, JdbcClient jdbc, StudyDataset dataset) {
        this.messages = messages;
        this.jdbc = jdbc;
        this.dataset = dataset;
    }

    List<Column> columns() {
        String territories = String.join(" | ", jdbc.sql("SELECT code FROM territory_v ORDER BY code").query(String.class).list());
        String categories = String.join(" | ", jdbc.sql("SELECT code FROM eligibility_category_v ORDER BY position")
                .query(String.class).list());
        String bands = Arrays.stream(AgeBand.values()).map(AgeBand::code).collect(Collectors.joining(" | "));
        List<Column> list = new ArrayList<>();
        list.add(column("people", "person_key", t("study.type.key"), "", t("study.source.computed")));
        list.add(column("people", "territory", t("study.type.code"), territories, "beneficiary.territory_id"));
        list.add(column("people", "commune", t("study.type.commune"), "", "beneficiary.commune_insee"));
        list.add(column("people", "age_band", t("study.type.code"), bands, "beneficiary.birth_date, beneficiary.created_at"));
        list.add(column("people", "eligibility_category", t("study.type.code"), categories, "beneficiary.eligibility_category"));
        for (Milestone m : Milestone.values()) {
            list.add(new Column("people", StudyDataset.dateColumn(m), t("study.type.dateOrEmpty"), "", "milestone.reached_on",
                    t("study.column.milestone", t(m.labelKey()), m.name()), ""));
        }
        String events = dataset.sources().stream().flatMap(s -> s.kinds().stream()).map(StudyEventSource.Kind::event)
                .collect(Collectors.joining(" | "));
        list.add(column("events", "person_key", t("study.type.key"), "", t("study.source.computed")));
        list.add(column("events", "event", t("study.type.code"), events, t("study.source.events")));
        list.add(column("events", "date", t("study.type.date"), "", t("study.source.events")));
        list.add(column("events", "item", t("study.type.codeOrEmpty"), "", t("study.source.events")));
        list.add(column("events", "value", t("study.type.code"), "", t("study.source.events")));
        return list;
    }

    List<Event> events() {
        List<Event> list = new ArrayList<>();
        for (StudyEventSource source : dataset.sources()) {
            for (StudyEventSource.Kind kind : source.kinds()) {
                String key = "study.event." + kind.event();
                list.add(new Event(kind.event(), kind.module(), t(key), t(key + ".item"), t(key + ".value")));
            }
        }
        return list;
    }

    /** The dictionary as CSV, with the events as rows of a third "file" named {@code events.event}. */
    void writeCsv(OutputStream out) throws IOException {
        try (Writer csv = Csv.writer(out)) {
            Csv.row(csv, CSV_HEADER);
            for (Column c : columns()) {
                Csv.row(csv, List.of(c.file(), c.name(), c.type(), c.values(), c.source(), c.description(), c.generalisation()));
            }
            for (Event e : events()) {
                Csv.row(csv, List.of("events.event", e.event(), t("study.type.event"),
                        t("study.dictionary.csv.itemValue", e.item(), e.value()), e.module(), e.description(), ""));
            }
        }
    }

    private Column column(String file, String name, String type, String values, String source) {
        String key = "study.column." + file + "." + name;
        String generalisation = messages.getMessage(key + ".generalisation", null, "", PageContext.LOCALE);
        return new Column(file, name, type, values, source, t(key), generalisation);
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
