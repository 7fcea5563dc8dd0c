package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.support.RequiresPostgres;
import org.parcoursnumerique.support.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * The training orientation in a real Chromium: the mediator's journey from the person's page to a
 * completed training, its pages checked with axe-core (WCAG 2.1 A and AA). Same demo database
 * set-up as {@link BrowserJourneyTests}.
 */
@ExtendWith(RequiresPostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parcours.demo.enabled=true",
        "parcours.demo.beneficiaries=300",
        "parcours.base-url=http://parcours.test"})
@ContextConfiguration(initializers = BrowserDatabaseInitializer.class)
class TrainingBrowserTests {

    static final Path CHROMIUM = BrowserJourneyTests.CHROMIUM;
    static final String MEDIATOR = BrowserJourneyTests.MEDIATOR;
    static final String COORDINATOR = BrowserJourneyTests.COORDINATOR;
    static final String PRESCRIBER = BrowserJourneyTests.PRESCRIBER;

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort int port;
    @Autowired MessageSource messages;
    @Autowired JdbcClient jdbc;

    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> cspViolations = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            String why = "Chromium is not installed at " + CHROMIUM;
            if (TestDatabases.ci()) {
                fail(why + ": with CI=true the browser tests must run, not be skipped");
            }
            Assumptions.abort(why + ": browser tests skipped on this machine");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        assertThat(cspViolations).as("Content Security Policy violations").isEmpty();
    }

    Page newPage(boolean javaScript) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR")
                .setViewportSize(1280, 900).setJavaScriptEnabled(javaScript));
        context.setDefaultTimeout(10_000);
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type()) && message.text().contains("Content Security Policy")) {
                cspViolations.add(page.url() + ": " + message.text());
            }
        });
        return page;
    }

    /**
     * The mediator orients a diagnosed person of T6 to an offer near their commune, records the start
     * and the completion; the pages pass axe-core and the indicator ORIENTED counts one more person.
     */
    @Test
    void theMediatorOrientsAPersonToAnOfferNearTheirCommuneAndRecordsStartAndCompletion() {
        long person = jdbc.sql("""
                SELECT b.id FROM beneficiary b JOIN territory t ON t.id = b.territory_id
                WHERE t.code = 'T6' AND b.status = 'DIAGNOSED'
                  AND NOT EXISTS (SELECT 1 FROM training_orientation o WHERE o.beneficiary_id = b.id)
                ORDER BY b.id LIMIT 1""").query(Long.class).single();
        long orientedBefore = oriented();
        Page page = newPage(true);
        login(page, MEDIATOR);
        open(page, "/beneficiaries/" + person);
        link(page, t("training.section.orient")).click();
        page.waitForURL(Pattern.compile(".*/beneficiaries/" + person + "/training$"));
        assertAccessible(page, "the person's training page");
        page.locator("input[name=offerId]").first().check();
        button(page, t("training.person.proposeSubmit")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t("training.choose.submit"))).first().click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t("training.outcome.start"))).first().click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t("training.outcome.complete"))).first().click();
        assertThat(page.content()).contains(t("orientationStatus.COMPLETED"));
        assertAccessible(page, "the person's training page with a completed training");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM milestone WHERE beneficiary_id = :p AND code IN ('ORIENTED', 'TRAINING_STARTED', 'TRAINING_COMPLETED')")
                .param("p", person).query(Long.class).single()).isEqualTo(3);
        assertThat(oriented()).isEqualTo(orientedBefore + 1);
        open(page, "/");
        assertThat(page.content()).contains(t("indicator.ORIENTED"));
        open(page, "/trainings/follow-up");
        assertAccessible(page, "the list to follow up");
        open(page, "/trainings");
        assertAccessible(page, "the catalogue");
    }

    long oriented() {
        return jdbc.sql("SELECT COALESCE(SUM(people), 0) FROM milestone_daily_count WHERE code = 'ORIENTED'")
                .query(Long.class).single();
    }

    String t(String key, Object... args) {
        return messages.getMessage(key, args, Locale.FRANCE);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void open(Page page, String path) {
        page.navigate(url(path));
    }

    Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator link(Page page, String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    void login(Page page, String email) {
        open(page, "/login");
        page.getByLabel(t("login.email"), new Page.GetByLabelOptions().setExact(true)).fill(email);
        page.getByLabel(t("login.password"), new Page.GetByLabelOptions().setExact(true)).fill(BrowserJourneyTests.DEMO_PASSWORD);
        button(page, t("login.submit")).click();
        page.waitForURL(url("/"));
    }

    void assertAccessible(Page page, String what) {
        AxeResults results = new AxeBuilder(page).withTags(BrowserJourneyTests.WCAG_TAGS).analyze();
        assertThat(results.getPasses()).as("axe-core evaluated rules on %s", page.url()).isNotEmpty();
        String violations = results.getViolations().stream()
                .map(rule -> "  - " + rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp() + "\n"
                        + rule.getNodes().stream().map(node -> "      " + node.getTarget() + " "
                                + node.getHtml().replaceAll("\\s+", " ")).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
        assertThat(violations).withFailMessage("axe-core violations on %s (%s):%n%s", what, page.url(), violations)
                .isEmpty();
    }
}
