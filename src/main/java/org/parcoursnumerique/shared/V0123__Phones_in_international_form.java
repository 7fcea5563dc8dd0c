package org.parcoursnumerique.shared;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Rewrites the phone numbers already stored ("0639984512", "+33639984512") in the one form that
 * {@link Contacts#normalisePhone} now stores, E.164, so that the same number compares equal (duplicate
 * detection) whatever way it was typed. For people and organisations, a thousand rows at a time; a
 * value that is not a valid number is left as it is. In Java because it needs libphonenumber.
 */
@Component
class V0123__Phones_in_international_form extends BaseJavaMigration {

    private static final int BATCH = 1000;

    record Row(long id, String phone) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        for (String table : List.of("beneficiary", "organisation")) {
            migrate(context, table);
        }
    }

    private static void migrate(Context context, String table) throws Exception {
        var connection = context.getConnection();
        long after = 0;
        try (PreparedStatement read = connection.prepareStatement("SELECT id, phone FROM " + table
                     + " WHERE id > ? AND phone IS NOT NULL ORDER BY id LIMIT " + BATCH);
             PreparedStatement write = connection.prepareStatement("UPDATE " + table + " SET phone = ? WHERE id = ?")) {
            while (true) {
                List<Row> rows = new ArrayList<>(BATCH);
                read.setLong(1, after);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getString(2)));
                    }
                }
                if (rows.isEmpty()) {
                    return;
                }
                for (Row r : rows) {
                    String normalised = Contacts.normalisePhone(r.phone());
                    if (Contacts.isValidPhone(normalised) && !normalised.equals(r.phone())) {
                        write.setString(1, normalised);
                        write.setLong(2, r.id());
                        write.addBatch();
                    }
                }
                write.executeBatch();
                after = rows.get(rows.size() - 1).id();
            }
        }
    }
}
