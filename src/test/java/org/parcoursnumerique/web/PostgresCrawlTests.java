package org.parcoursnumerique.web;

import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.support.RequiresPostgres;
import org.parcoursnumerique.support.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/** The crawl on PostgreSQL (a fresh database of its own) with demo data, as a production-like install. */
@ExtendWith(RequiresPostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parcours.demo.enabled=true", "parcours.demo.beneficiaries=150"})
@ContextConfiguration(initializers = PostgresCrawlTests.CrawlDatabase.class)
class PostgresCrawlTests extends CrawlTests {

    static class CrawlDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                    "spring.datasource.url=" + TestDatabases.fresh("crawl"),
                    "spring.datasource.username=" + TestDatabases.USER,
                    "spring.datasource.password=" + TestDatabases.PASSWORD
            ).applyTo(context);
        }
    }
}
