package org.parcoursnumerique.shared;

import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Appends a stage's transitions to its log table, one table per stage with the columns of
 * {@code referral_transition}: {@code <subject>_id, from_status, to_status, occurred_at, by_user_id,
 * note}. Rows are only ever appended: dashboards and audits read the history from them. ADR 0023.
 */
public final class TransitionLog {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final JdbcClient jdbc;
    private final String insert;
    private final String[] extraColumns;

    /**
     * @param table         the stage's log table, e.g. {@code appointment_transition}
     * @param subjectColumn the column naming the aggregate, e.g. {@code appointment_id}
     */
    public TransitionLog(JdbcClient jdbc, String table, String subjectColumn, String... extraColumns) {
        // Names are written into the SQL: only plain identifiers, fixed in code, are accepted.
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(subjectColumn).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + table + "." + subjectColumn);
        }
        StringBuilder columns = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (String c : extraColumns) {
            if (!IDENTIFIER.matcher(c).matches()) {
                throw new IllegalArgumentException("not a plain identifier: " + c);
            }
            columns.append(", ").append(c);
            values.append(", :x_").append(c);
        }
        this.jdbc = jdbc;
        this.extraColumns = extraColumns.clone();
        this.insert = """
                INSERT INTO %s (%s, from_status, to_status, occurred_at, by_user_id, note%s)
                VALUES (:subject, :from, :to, :at, :by, :note%s)""".formatted(table, subjectColumn, columns, values);
    }

    public void append(long subjectId, StageTransition<?> t) {
        var sql = jdbc.sql(insert).param("subject", subjectId).param("from", t.from() == null ? null : t.from().name())
                .param("to", t.to().name()).param("at", t.at()).param("by", t.by()).param("note", t.note());
        for (String c : extraColumns) {
            sql = sql.param("x_" + c, t.extra().get(c));
        }
        sql.update();
    }
}
