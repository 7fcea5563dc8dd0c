package org.parcoursnumerique.beneficiary;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.parcoursnumerique.shared.Names;
import org.springframework.stereotype.Component;

/**
 * Fills the name search keys of V0120 for the people already recorded. In Java rather than SQL:
 * the keys drop accents as {@link Names} does, which neither H2 nor PostgreSQL (without the
 * unaccent extension) can do the same way. People are read by id, a thousand at a time.
 */
@Component
class V0121__Backfill_name_search_keys extends BaseJavaMigration {

    private static final int BATCH = 1000;

    record Row(long id, String lastName, String firstName) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        var connection = context.getConnection();
        long after = 0;
        try (PreparedStatement read = connection.prepareStatement(
                     "SELECT id, last_name, first_name FROM beneficiary WHERE id > ? ORDER BY id LIMIT " + BATCH);
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE beneficiary SET name_key = ?, name_key_reverse = ?, name_key_cut = ? WHERE id = ?")) {
            while (true) {
                List<Row> rows = new ArrayList<>(BATCH);
                read.setLong(1, after);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                if (rows.isEmpty()) {
                    return;
                }
                for (Row r : rows) {
                    var key = Names.searchKey(r.lastName(), r.firstName());
                    write.setString(1, key.key());
                    write.setString(2, key.reverseKey());
                    write.setInt(3, key.cut());
                    write.setLong(4, r.id());
                    write.addBatch();
                }
                write.executeBatch();
                after = rows.get(rows.size() - 1).id();
            }
        }
    }
}
