package org.parcoursnumerique.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class FirstAdministratorIntegrationTests {

    @Autowired JdbcClient jdbc;
    @Autowired Accounts accounts;
    @Autowired org.parcoursnumerique.organisation.Organisations organisations;

    @Test
    void createsTheFirstAdministratorWithoutPasswordOnlyWhenThereIsNone() throws Exception {
        // Other tests made administrators: set them aside for this check, then put them back.
        var others = jdbc.sql("SELECT id FROM user_account WHERE role = 'ADMINISTRATOR' AND active").query(Long.class).list();
        jdbc.sql("UPDATE user_account SET active = FALSE WHERE role = 'ADMINISTRATOR'").update();
        try {
            check();
        } finally {
            for (long id : others) {
                jdbc.sql("UPDATE user_account SET active = TRUE WHERE id = :id").param("id", id).update();
            }
        }
    }

    private void check() throws Exception {
        String email = "premier-" + System.nanoTime() + "@test.parcours.example";
        new FirstAdministrator(jdbc, accounts, organisations, email).run(null);

        var row = jdbc.sql("SELECT role, password_hash IS NULL AS no_password FROM user_account WHERE email = :e")
                .param("e", email).query().singleRow();
        assertThat(row).containsEntry("role", "ADMINISTRATOR").containsEntry("no_password", true);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM account_token t JOIN user_account u ON u.id = t.user_id
                WHERE u.email = :e AND t.purpose = 'INVITATION'""").param("e", email).query(Long.class).single())
                .isEqualTo(1);

        String second = "second-" + System.nanoTime() + "@test.parcours.example";
        new FirstAdministrator(jdbc, accounts, organisations, second).run(null);
        assertThat(accounts.emailTaken(second)).isFalse();
    }
}
