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
 * The diagnostic capture in a real Chromium, with and without JavaScript: a follow-up question
 * appears as soon as its answer is chosen; the correction form and the prescriber's pages pass
 * axe-core (WCAG 2.1 A and AA). Same demo database set-up as {@link BrowserJourneyTests}.
 */
@ExtendWith(RequiresPostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parcours.demo.enabled=true",
        "parcours.demo.beneficiaries=300",
        "parcours.base-url=http://parcours.test"})
@ContextConfiguration(initializers = BrowserDatabaseInitializer.class)
class DiagnosticBrowserTests {

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

    @Test
    void aFollowUpQuestionAppearsAsSoonAsItsAnswerIsChosenWithoutARoundTrip() {
        Page page = newPage(true);
        login(page, MEDIATOR);
        startDiagnostic(page, personToDiagnose(0));
        Locator condition = page.locator("[data-question='equipment_condition']");
        PlaywrightAssertions.assertThat(condition).isHidden();
        List<String> requests = new ArrayList<>();
        page.onRequest(r -> requests.add(r.method() + " " + r.url()));
        String url = page.url();

        page.locator("#q_equipment_owned-smartphone").check();
        PlaywrightAssertions.assertThat(condition).isVisible();
        PlaywrightAssertions.assertThat(page.locator("[data-reveal-status]"))
                .containsText("Dans quel état est votre appareil principal");
        assertThat(requests).as("no round trip to the server").isEmpty();
        assertThat(page.url()).isEqualTo(url);
        assertAccessible(page, "diagnostic step with a follow-up question shown");

        // Undoing the answer hides the question again, and it is not sent.
        page.locator("#q_equipment_owned-smartphone").uncheck();
        PlaywrightAssertions.assertThat(condition).isHidden();
        page.locator("#q_equipment_owned-smartphone").check();
        page.locator("#q_equipment_condition-worn").check();
        button(page, t("diagnostic.step.next")).click();
        page.waitForURL(Pattern.compile(".*/diagnostics/\\d+/steps/2$"));
    }

    @Test
    void withoutJavaScriptTheFollowUpQuestionComesAfterSavingTheStepWithAMessage() {
        Page page = newPage(false);
        login(page, MEDIATOR);
        startDiagnostic(page, personToDiagnose(1));
        PlaywrightAssertions.assertThat(page.locator("[data-question='equipment_condition']")).isHidden();
        page.locator("#q_equipment_owned-smartphone").check();
        PlaywrightAssertions.assertThat(page.locator("[data-question='equipment_condition']")).isHidden();
        button(page, t("diagnostic.step.next")).click();
        page.waitForLoadState();
        assertThat(page.url()).matches(".*/diagnostics/\\d+/steps/1$");
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("diagnostic.step.newQuestions"));
        PlaywrightAssertions.assertThat(page.locator("[data-question='equipment_condition']")).isVisible();
        // axe-core runs as a script, so it cannot check this page; the same template is checked with script.
    }

    @Test
    void theCorrectionFormAndTheHistoryAreAccessible() {
        long diagnostic = jdbc.sql("""
                SELECT d.id FROM diagnostic d JOIN territory t ON t.id = d.territory_id
                WHERE t.code = 'T6' AND d.status = 'COMPLETED'
                  AND NOT EXISTS (SELECT 1 FROM diagnostic_correction c WHERE c.diagnostic_id = d.id)
                ORDER BY d.id LIMIT 1""").query(Long.class).single();
        Page page = newPage(true);
        login(page, COORDINATOR);
        open(page, "/diagnostics/" + diagnostic);
        link(page, t("diagnostic.correction.link")).click();
        page.waitForURL(url("/diagnostics/" + diagnostic + "/correction"));
        assertAccessible(page, "diagnostic correction form");
        button(page, t("diagnostic.correction.submit")).click();
        // The browser's own "required" check stops an empty reason first; the server's is tested elsewhere.
        assertThat(page.url()).endsWith("/correction");
        String current = page.locator("input[name='q_pix_1_1']:checked").getAttribute("value");
        page.locator("#q_pix_1_1" + ("4".equals(current) ? "-3" : "-4")).check();
        page.getByLabel(t("diagnostic.correction.reason")).fill("Réponse mal notée lors de l’entretien");
        button(page, t("diagnostic.correction.submit")).click();
        page.waitForURL(Pattern.compile(".*/diagnostics/" + diagnostic + "(#corrections)?$"));
        PlaywrightAssertions.assertThat(page.locator("#corrections")).isVisible();
        PlaywrightAssertions.assertThat(page.locator(".correction-history")).containsText("Réponse mal notée lors de l’entretien");
        assertAccessible(page, "diagnostic result with its correction history");
    }

    // --- helpers ----------------------------------------------------------------------------------

    long personToDiagnose(int offset) {
        return jdbc.sql("""
                SELECT b.id FROM beneficiary b JOIN territory t ON t.id = b.territory_id
                WHERE t.code = 'T6' AND b.status = 'ACCEPTED'
                  AND NOT EXISTS (SELECT 1 FROM diagnostic d WHERE d.beneficiary_id = b.id)
                ORDER BY b.id DESC LIMIT 1 OFFSET :offset""").param("offset", offset).query(Long.class).single();
    }

    void startDiagnostic(Page page, long person) {
        open(page, "/beneficiaries/" + person);
        button(page, t("diagnostic.section.start")).click();
        page.waitForURL(Pattern.compile(".*/diagnostics/\\d+/steps/1$"));
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
