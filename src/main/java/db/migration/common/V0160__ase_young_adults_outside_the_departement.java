package db.migration.common;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Young adults of the ASE may live anywhere in France (their ASE district decides the territory), so a
 * person's commune is no longer always one of the {@code commune} table (the communes of the
 * programme's territories): the foreign key goes. Written in Java because the constraint was created
 * without a name, and PostgreSQL and H2 name it differently; both answer the standard
 * {@code information_schema} query.
 */
public class V0160__ase_young_adults_outside_the_departement extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        List<String> names = new ArrayList<>();
        try (Statement st = context.getConnection().createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT tc.constraint_name FROM information_schema.table_constraints tc
                     JOIN information_schema.key_column_usage kcu
                       ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
                      AND kcu.constraint_schema = tc.constraint_schema
                     WHERE tc.constraint_type = 'FOREIGN KEY' AND LOWER(tc.table_name) = 'beneficiary'
                       AND LOWER(kcu.column_name) = 'commune_insee'
                       AND tc.constraint_schema = CURRENT_SCHEMA""")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        if (names.size() != 1) {
            throw new IllegalStateException("Expected one foreign key on beneficiary.commune_insee, found " + names);
        }
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("ALTER TABLE beneficiary DROP CONSTRAINT \"" + names.get(0).replace("\"", "\"\"") + "\"");
        }
    }
}
