package org.parcoursnumerique.shared;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One module's part of a person's data, as the person reads it: a title ("Vos rendez-vous"), a
 * sentence saying what it is, and blocks, each either labelled values (a card) or a table. Values
 * are kept typed ({@code LocalDate}, {@code OffsetDateTime}, numbers, booleans, text, null): the PDF
 * writes them in French, the JSON file in ISO form.
 */
public record PersonDataPart(String title, String intro, List<Block> blocks) {

    /**
     * Labelled values when {@code columns} is empty (each row is {@code [label, value]}), else a
     * table whose rows have one value per column. {@code empty}: what to say when there are no rows.
     */
    public record Block(String heading, List<String> columns, List<List<Object>> rows, String empty) {

        public boolean isTable() {
            return !columns.isEmpty();
        }

        /** The labelled values of a card, in order. */
        public Map<String, Object> values() {
            Map<String, Object> values = new LinkedHashMap<>();
            rows.forEach(r -> values.put(String.valueOf(r.get(0)), r.get(1)));
            return values;
        }
    }

    /** A block of labelled values, in the order given. */
    public static Block facts(String heading, Map<String, ?> values) {
        List<List<Object>> rows = new ArrayList<>();
        values.forEach((label, value) -> rows.add(Arrays.asList(label, value)));
        return new Block(heading, List.of(), rows, null);
    }

    /** A table; {@code empty} is shown (and exported) when there is no row. */
    public static Block table(String heading, List<String> columns, List<List<Object>> rows, String empty) {
        return new Block(heading, List.copyOf(columns), rows, empty);
    }

    /** A row of a table, nulls allowed. */
    public static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** A French text of {@code messages.properties} with French typography, for titles and labels. */
    public static String text(org.springframework.context.MessageSource messages, String key, Object... args) {
        String pattern = French.spaces(messages.getMessage(key, null, PageContext.LOCALE));
        if (args == null || args.length == 0) {
            return pattern;
        }
        return new java.text.MessageFormat(French.elideBefore(pattern, args), PageContext.LOCALE).format(args);
    }
}
