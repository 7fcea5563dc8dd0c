package org.parcoursnumerique.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application at a fresh PostgreSQL database and at the in-process SMTP server. */
public class PostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "spring.datasource.url=" + TestDatabases.fresh("it"),
                "spring.datasource.username=" + TestDatabases.USER,
                "spring.datasource.password=" + TestDatabases.PASSWORD,
                "spring.mail.host=127.0.0.1",
                "spring.mail.port=" + TestMail.port()
        ).applyTo(context);
    }
}
