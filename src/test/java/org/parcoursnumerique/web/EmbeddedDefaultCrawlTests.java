package org.parcoursnumerique.web;

import java.nio.file.Files;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The crawl on the embedded default exactly as the README starts it: an H2 file database, demo mode
 * switched on by itself ("auto"), only fewer fictitious people to stay fast.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parcours.demo.beneficiaries=150"})
class EmbeddedDefaultCrawlTests extends CrawlTests {

    @DynamicPropertySource
    static void embeddedDatabase(DynamicPropertyRegistry registry) throws Exception {
        var dir = Files.createTempDirectory("parcours-crawl-h2");
        // Same URL shape as application.properties, in a temporary folder instead of ./data.
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:file:" + dir.resolve("parcours") + ";MODE=PostgreSQL;DEFAULT_NULL_ORDERING=HIGH");
    }
}
