package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parcoursnumerique.support.TestDatabases;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Crawls the running application as each of the nine demo accounts of the README: from the home
 * page, every same-origin link, GET only, breadth-first and bounded; any error (4xx/5xx or the
 * application's error page) fails. Then runs axe-core (WCAG 2.1 A/AA) on one page of each template
 * reached (on the H2 crawl). A new page is covered the day a page links to it. Subclasses choose the
 * database: the H2 embedded default as the README starts it, and PostgreSQL with demo data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class CrawlTests {

    static final String PASSWORD = "demo";
    static final int MAX_PAGES = 400;
    /** Pages of one kind (template and query names) per account: the fourth one seldom finds more. */
    static final int MAX_PER_KIND = 4;
    static final int AXE_PAGE_CHARS = 60_000;

    @LocalServerPort int port;

    /** Every page fetched by any account, by URL; and one page of each template with who can see it. */
    private final Map<String, Crawler.Visit> reached = new LinkedHashMap<>();
    private final Map<String, String[]> pageOfTemplate = new LinkedHashMap<>();
    private final Map<String, Crawler> crawlers = new LinkedHashMap<>();

    private Playwright playwright;
    private Browser browser;

    /**
     * A CSV import with one rejected row, so that the download of rejected rows exists somewhere to
     * be linked (demo data has no import of its own).
     */
    @BeforeAll
    void importARejectedRow() throws Exception {
        Crawler prescriber = new Crawler(port, 1, 1);
        prescriber.login("prescripteur.t6@demo.parcours.test", PASSWORD);
        String template = prescriber.get("/referral-imports/template.csv").body();
        String header = template.lines().findFirst().orElseThrow().replace("\uFEFF", "");
        var response = prescriber.postFile("/referral-imports", "/referral-imports", "file", "essai-crawl.csv",
                header + "\r\nSans-Prénom;;31/02/1990;Nulle-Part;INCONNUE;;;;;oui\r\n");
        String report = response.uri().getPath();
        assertThat(report).as("import accepted for processing").matches("/referral-imports/\\d+");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!prescriber.get(report + "/progress").body().contains("\"finished\":true")) {
            if (System.nanoTime() > deadline) {
                fail("the import %s did not finish", report);
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    @Order(0)
    void publicPagesHaveNoError() throws Exception {
        Crawler anonymous = new Crawler(port, 50, MAX_PER_KIND).crawlFrom("/login");
        assertThat(anonymous.problems).as("errors met without logging in").isEmpty();
        assertThat(anonymous.visited).containsKey("/password-reset");
    }

    @ParameterizedTest
    @Order(1)
    @ValueSource(strings = {"admin@demo.parcours.test", "departement@demo.parcours.test", "ept.t6@demo.parcours.test",
            "coordination.t6@demo.parcours.test", "coordination.t7@demo.parcours.test",
            "mediation.t6@demo.parcours.test", "logistique.t6@demo.parcours.test",
            "prescripteur.t6@demo.parcours.test", "prescripteur.t7@demo.parcours.test"})
    void everyPageReachableFromHomeAnswersWithoutError(String email) throws Exception {
        Crawler crawler = new Crawler(port, MAX_PAGES, MAX_PER_KIND);
        crawler.login(email, PASSWORD);
        crawler.crawl();
        crawlers.put(email, crawler);
        for (Crawler.Visit visit : crawler.visited.values()) {
            reached.putIfAbsent(visit.url(), visit);
            if (visit.status() == 200 && visit.body() != null) {
                // The first page of each template, unless it is a long list: then a shorter page of the
                // same template, where axe-core checks the same markup in less time.
                String template = Crawler.template(visit.url());
                String[] chosen = pageOfTemplate.get(template);
                if (chosen == null || Integer.parseInt(chosen[2]) > AXE_PAGE_CHARS
                        && visit.body().length() < Integer.parseInt(chosen[2])) {
                    pageOfTemplate.put(template, new String[] {email, visit.url(), String.valueOf(visit.body().length())});
                }
            }
        }
        assertThat(crawler.visited.size()).as("pages reached by %s", email).isGreaterThan(1);
        assertThat(crawler.problems).as("errors met by %s (%d pages crawled)", email, crawler.visited.size())
                .isEmpty();
    }

    @Test
    @Order(2)
    void theCrawlReachedEveryKindOfPageAndDownload() {
        assertReached("/beneficiaries/{n}", "text/html", "a person's page");
        assertReached("/referrals/{n}", "text/html", "a referral");
        assertReached("/diagnostics/{n}", "text/html", "a diagnostic");
        assertReached("/referrals/{n}/diagnostic.pdf", "application/pdf", "the diagnostic summary PDF");
        assertReached("/referral-imports/template.csv", "text/csv", "the CSV import template");
        assertReached("/referral-imports/{n}/rejected.csv", "text/csv", "the CSV of rejected rows");
        assertReached("/referentials/{n}/export", "application/json", "the referential export");
        assertReached("/study/dictionary", "text/html", "the study's data dictionary");
        assertReached("/study/dictionary.csv", "text/csv", "the study's data dictionary as CSV");
        Crawler.Visit pdf = reached.values().stream()
                .filter(v -> Crawler.template(v.url()).equals("/referrals/{n}/diagnostic.pdf")).findFirst().orElseThrow();
        assertThat(new String(pdf.bytes(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    }

    private void assertReached(String template, String contentType, String what) {
        assertThat(reached.values())
                .as("%s (%s) reached by the crawl", what, template)
                .anySatisfy(v -> {
                    assertThat(Crawler.template(v.url())).isEqualTo(template);
                    assertThat(v.status()).isEqualTo(200);
                    assertThat(v.contentType()).startsWith(contentType);
                });
    }

    /**
     * axe-core on one page of each template reached. Called by the H2 crawl only: the templates and
     * the demo data are the same on PostgreSQL, and axe is half the crawl's time.
     */
    protected void assertOnePageOfEachTemplatePassesAxe() {
        launchBrowser();
        Map<String, List<String[]>> byAccount = new LinkedHashMap<>();
        pageOfTemplate.forEach((template, page) -> byAccount.computeIfAbsent(page[0], k -> new ArrayList<>())
                .add(new String[] {template, page[1]}));
        assertThat(pageOfTemplate).as("templates reached by the crawl").hasSizeGreaterThan(15);
        List<String> violations = new ArrayList<>();
        for (var entry : byAccount.entrySet()) {
            Crawler crawler = crawlers.get(entry.getKey());
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR")
                    .setViewportSize(1280, 900))) {
                context.setDefaultTimeout(15_000);
                var cookie = crawler.sessionCookie().orElseThrow();
                context.addCookies(List.of(new Cookie(cookie.getName(), cookie.getValue())
                        .setDomain("localhost").setPath("/")));
                Page page = context.newPage();
                for (String[] templateAndUrl : entry.getValue()) {
                    page.navigate("http://localhost:" + port + templateAndUrl[1]);
                    AxeResults results = new AxeBuilder(page).withTags(BrowserJourneyTests.WCAG_TAGS).analyze();
                    if (results.getPasses().isEmpty()) {
                        violations.add(templateAndUrl[1] + ": axe-core evaluated no rule");
                    }
                    results.getViolations().forEach(rule -> violations.add(templateAndUrl[1] + " (" + entry.getKey()
                            + "): " + rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp() + "\n"
                            + rule.getNodes().stream().map(n -> "      " + n.getTarget() + " "
                                    + n.getHtml().replaceAll("\\s+", " ")).collect(Collectors.joining("\n"))));
                }
            }
        }
        assertThat(violations).as("axe-core WCAG 2.1 A/AA violations on %d templates", pageOfTemplate.size())
                .isEmpty();
    }

    /** A browser page of its own size, logged in with the session of the account's crawl. */
    protected Page pageAs(String email, int width, int height) {
        launchBrowser();
        Crawler crawler = crawlers.get(email);
        assertThat(crawler).as("%s was crawled first", email).isNotNull();
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR")
                .setViewportSize(width, height));
        context.setDefaultTimeout(15_000);
        var cookie = crawler.sessionCookie().orElseThrow();
        context.addCookies(List.of(new Cookie(cookie.getName(), cookie.getValue()).setDomain("localhost").setPath("/")));
        return context.newPage();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected static List<String> axeViolations(Page page) {
        AxeResults results = new AxeBuilder(page).withTags(BrowserJourneyTests.WCAG_TAGS).analyze();
        return results.getViolations().stream().map(rule -> rule.getId() + ": " + rule.getNodes().stream()
                .map(n -> n.getTarget().toString()).collect(Collectors.joining(", "))).toList();
    }

    private void launchBrowser() {
        if (browser != null) {
            return;
        }
        if (!Files.isExecutable(BrowserJourneyTests.CHROMIUM)) {
            String why = "Chromium is not installed at " + BrowserJourneyTests.CHROMIUM;
            if (TestDatabases.ci()) {
                fail(why + ": with CI=true the browser checks must run, not be skipped");
            }
            Assumptions.abort(why + ": axe check skipped on this machine");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(BrowserJourneyTests.CHROMIUM).setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync")));
    }
}
