package org.parcoursnumerique.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The application on a real PostgreSQL database (one fresh database per test run, shared by all
 * integration tests through Spring's context cache), with MockMvc and the in-process SMTP server.
 * Tests create their own data with {@link TestData} and
 * {@link Pathways}; no shared seed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.class)
@SpringBootTest(properties = {
        "parcours.demo.enabled=false",
        "parcours.outbox.interval=PT0.2S",
        "parcours.outbox.initial-delay=PT0.2S",
        "parcours.base-url=http://parcours.test"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PostgresInitializer.class)
@Import({TestData.class, Pathways.class})
public @interface IntegrationTest {
}
