package org.parcoursnumerique.diagnostic;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.parcoursnumerique.shared.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Installs the shipped default referential as the platform's published version at start-up,
 * once. A published version is immutable: if the shipped file later differs from the stored
 * version of the same number, the stored one is kept and a warning says to raise the version.
 */
@Component
@Order(20)
class DefaultReferentialLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DefaultReferentialLoader.class);

    private final JdbcClient jdbc;
    private final ReferentialStore store;
    private final Clock clock;

    DefaultReferentialLoader(JdbcClient jdbc, ReferentialStore store, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        Referential r = store.commonCore();
        var problems = ReferentialValidator.validate(r, r);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the default diagnostic referential is invalid: " + problems);
        }
        String canonical = ReferentialJson.write(r);
        var stored = jdbc.sql("SELECT sha256 FROM diagnostic_referential WHERE code = :code AND version = :version")
                .param("code", r.code()).param("version", r.version()).query(String.class).optional();
        if (stored.isEmpty()) {
            store.insert(r, canonical, null, "PUBLISHED", null, OffsetDateTime.now(clock));
            log.info("Default diagnostic referential {} v{} installed", r.code(), r.version());
        } else if (!stored.get().equals(Hashes.sha256(canonical))) {
            log.warn("The shipped referential {} v{} differs from the published one, which is kept: "
                    + "give the new file a new version number", r.code(), r.version());
        }
    }
}
