package org.parcoursnumerique;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.DemoMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default of {@code ./mvnw spring-boot:run}: an H2 file database, demo mode switched
 * on by itself, demo accounts that log in over real HTTP. Keeps the zero-setup path from rotting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parcours.demo.beneficiaries=200", "parcours.outbox.interval=PT0.2S",
                "parcours.outbox.initial-delay=PT0.2S"})
class EmbeddedDefaultSmokeTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void embeddedDatabase(DynamicPropertyRegistry registry) throws Exception {
        var dir = java.nio.file.Files.createTempDirectory("parcours-h2");
        // Same URL shape as application.properties, in a temporary folder instead of ./data.
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:file:" + dir.resolve("parcours") + ";MODE=PostgreSQL;DEFAULT_NULL_ORDERING=HIGH");
    }

    @LocalServerPort int port;
    @Autowired DemoMode demoMode;
    @Autowired JdbcClient jdbc;

    @Test
    void startsInDemoModeAndADemoAccountLogsIn() throws Exception {
        assertThat(demoMode.enabled()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM beneficiary").query(Long.class).single()).isEqualTo(200);

        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String loginPage = get(client, "/login").body();
        assertThat(loginPage).contains("Mode démonstration");

        var home = post(client, "/login", "username=departement%40demo.parcours.test&password=demo&_csrf="
                + csrf(loginPage));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.uri().getPath()).isEqualTo("/");
        assertThat(home.body()).contains("Bonjour Denise Département").contains("T6 — Plaine Commune");

        var list = get(client, "/beneficiaries?q=ma");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Personnes accompagnées");
    }

    @Test
    void outboxRunsOnTheEmbeddedDatabase() throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = get(client, "/password-reset").body();
        var response = post(client, "/password-reset", "email=" + URLEncoder.encode("admin@demo.parcours.test",
                StandardCharsets.UTF_8) + "&_csrf=" + csrf(page));
        assertThat(response.statusCode()).isEqualTo(302);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long sent = 0;
        while (System.nanoTime() < deadline && sent == 0) {
            Thread.sleep(100);
            sent = jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE sent_at IS NOT NULL").query(Long.class).single();
        }
        assertThat(sent).isEqualTo(1);
    }

    @Test
    void healthAnswersWithoutLogin() throws Exception {
        var response = get(HttpClient.newHttpClient(), "/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"UP\"");
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient client, String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("CSRF field on the page").isTrue();
        return m.group(1);
    }
}
