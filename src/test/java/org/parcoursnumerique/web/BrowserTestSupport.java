package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
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
 * What the stages' browser journeys share: the application on a random port with the demo data on
 * PostgreSQL (the same context as {@link BrowserJourneyTests}), one headless Chromium per test class,
 * pages in French that fail the test on any Content Security Policy violation, logging in as a demo
 * account, and axe-core (WCAG 2.1 A and AA) on a page.
 */
@ExtendWith(RequiresPostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parcours.demo.enabled=true",
        "parcours.demo.beneficiaries=300",
        "parcours.base-url=http://parcours.test"})
@ContextConfiguration(initializers = BrowserDatabaseInitializer.class)
abstract class BrowserTestSupport {

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
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        assertThat(cspViolations).as("Content Security Policy violations").isEmpty();
    }

    /** A desktop window in French; callers change the viewport or turn JavaScript off. */
    static Browser.NewContextOptions desktop() {
        return new Browser.NewContextOptions().setLocale("fr-FR").setViewportSize(1280, 900);
    }

    Page newPage() {
        return newPage(desktop());
    }

    /** A page in its own context (its own cookies), closed after the test. */
    Page newPage(Browser.NewContextOptions options) {
        BrowserContext context = browser.newContext(options);
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
        page.getByLabel(t("login.password"), new Page.GetByLabelOptions().setExact(true))
                .fill(BrowserJourneyTests.DEMO_PASSWORD);
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
