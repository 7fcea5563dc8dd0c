package org.parcoursnumerique.web;

import org.parcoursnumerique.support.TestDatabases;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points the application under the browser at its own fresh PostgreSQL database, so the demo data it
 * loads never mixes with the data the MockMvc integration tests create.
 */
public class BrowserDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "spring.datasource.url=" + TestDatabases.fresh("browser"),
                "spring.datasource.username=" + TestDatabases.USER,
                "spring.datasource.password=" + TestDatabases.PASSWORD
        ).applyTo(context);
    }
}
