package db.migration.common;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Partner organisations that are not members of a consortium (refurbishers, repair cafés, training
 * bodies, certification centres), and members of any legal form (only the coordinating structure must
 * be an association or an ESS structure, which the application checks). The two unnamed CHECK
 * constraints of V0002 are found through {@code information_schema} (PostgreSQL and H2 name them
 * differently) and replaced by named ones.
 */
public class V0161__partner_organisations_and_legal_forms extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        List<String> drop = new ArrayList<>();
        try (Statement st = context.getConnection().createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT tc.constraint_name, cc.check_clause FROM information_schema.table_constraints tc
                     JOIN information_schema.check_constraints cc
                       ON cc.constraint_name = tc.constraint_name AND cc.constraint_schema = tc.constraint_schema
                     WHERE tc.constraint_type = 'CHECK' AND LOWER(tc.table_name) = 'organisation'
                       AND tc.constraint_schema = CURRENT_SCHEMA""")) {
            while (rs.next()) {
                String clause = rs.getString(2);
                boolean kinds = clause.contains("'PLATFORM'") && clause.contains("'DEPARTEMENT'");
                boolean legalForms = clause.contains("'ASSOCIATION'") && clause.contains("'ESS'");
                if (kinds || legalForms) {
                    drop.add(rs.getString(1));
                }
            }
        }
        if (drop.size() != 2) {
            throw new IllegalStateException("Expected the kind and legal form checks of organisation, found " + drop);
        }
        try (Statement st = context.getConnection().createStatement()) {
            for (String name : drop) {
                st.execute("ALTER TABLE organisation DROP CONSTRAINT \"" + name.replace("\"", "\"\"") + "\"");
            }
            st.execute("""
                    ALTER TABLE organisation ADD CONSTRAINT organisation_kind_known CHECK (kind IN ('DEPARTEMENT',
                        'EPT', 'CONSORTIUM', 'MEMBER_STRUCTURE', 'PRESCRIBER', 'PLATFORM', 'REFURBISHER', 'REPAIR_CAFE',
                        'TRAINING_BODY', 'CERTIFICATION_CENTRE'))""");
            st.execute("""
                    ALTER TABLE organisation ADD CONSTRAINT organisation_legal_form_known CHECK (legal_form IN
                        ('ASSOCIATION', 'ESS', 'MUNICIPALITY', 'CCAS', 'OTHER_PUBLIC_BODY', 'COMPANY', 'OTHER'))""");
            // A coordinating structure is an association or an ESS structure (the call's only condition on form).
            st.execute("""
                    ALTER TABLE organisation ADD CONSTRAINT organisation_lead_is_association_or_ess
                        CHECK (NOT lead_member OR legal_form IN ('ASSOCIATION', 'ESS'))""");
        }
    }
}
