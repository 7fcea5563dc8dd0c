package org.parcoursnumerique.account;

import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the first administrator of an empty production database from
 * {@code PARCOURS_ADMIN_EMAIL} (or {@code --parcours.bootstrap.admin-email=…}). No password is ever
 * set by default: the account gets an invitation link, emailed and printed once in the log.
 */
@Component
@Order(20)
class FirstAdministrator implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdministrator.class);

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final Organisations organisations;
    private final String email;

    FirstAdministrator(JdbcClient jdbc, Accounts accounts, Organisations organisations,
                       @Value("${parcours.bootstrap.admin-email:}") String email) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.organisations = organisations;
        this.email = email;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (email == null || email.isBlank()) {
            return;
        }
        boolean hasAdmin = jdbc.sql("SELECT count(*) FROM user_account WHERE role = 'ADMINISTRATOR' AND active")
                .query(Long.class).single() > 0;
        if (hasAdmin || accounts.emailTaken(email)) {
            log.info("First administrator: an administrator already exists, nothing to do");
            return;
        }
        long platformId = organisations.all().stream().filter(o -> o.kind() == OrganisationKind.PLATFORM)
                .findFirst().map(Organisations.Organisation::id)
                .orElseGet(() -> organisations.create(new Organisations.NewOrganisation(OrganisationKind.PLATFORM,
                        "Administration de la plateforme", null, null, false, null, null, null, null, null)));
        String link = accounts.invite(null, email, "Administrateur", platformId, Role.ADMINISTRATOR);
        log.warn("""

                ==========================================================================
                 First administrator created: {}
                 Set its password within 72 hours with this single-use link:
                 {}
                ==========================================================================""", Accounts.normaliseEmail(email), link);
    }
}
