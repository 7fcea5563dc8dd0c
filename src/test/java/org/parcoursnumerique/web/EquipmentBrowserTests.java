package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.support.RequiresPostgres;
import org.parcoursnumerique.support.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The equipment journey in a real headless Chromium on a tablet's viewport, with axe-core on each
 * page: the logistics manager imports a delivery, marks it ready, reserves one of its devices for a
 * diagnosed person waiting for one, hands it over with a signature drawn on the canvas, and the home
 * page's {@code EQUIPPED} indicator moves by one.
 */
@ExtendWith(RequiresPostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parcours.demo.enabled=true",
        "parcours.demo.beneficiaries=300",
        "parcours.base-url=http://parcours.test"})
@ContextConfiguration(initializers = BrowserDatabaseInitializer.class)
class EquipmentBrowserTests {

    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("PARCOURS_CHROMIUM", "/usr/bin/chromium"));
    static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    static final String LOGISTICS = "logistique.t6@demo.parcours.test";

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort int port;
    @Autowired MessageSource messages;

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void launchBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            if (TestDatabases.ci()) {
                fail("Chromium is not installed at " + CHROMIUM + ": with CI=true the browser tests must run");
            }
            Assumptions.abort("Chromium is not installed at " + CHROMIUM);
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
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

    @BeforeEach
    void openContext() {
        // A tablet held upright, with touch.
        context = browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR").setViewportSize(820, 1180)
                .setHasTouch(true));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theLogisticsManagerImportsReservesAndHandsOverWithASignatureAndEquippedMoves() {
        login(LOGISTICS);
        int equippedBefore = equipped();

        // A delivery of one laptop, imported and marked ready.
        String serial = "BRW" + Long.toString(System.nanoTime(), 36).toUpperCase(Locale.ROOT);
        String csv = "type;marque;modele;numero_serie;imei;grade;ram_go;stockage_go;systeme;prix_ttc;garantie_mois\n"
                + "ordinateur portable;Lenovo;ThinkPad T14;" + serial + ";;A;16;512;Ubuntu 24.04;189,00;24\n";
        open("/equipment/deliveries");
        assertAccessible("deliveries");
        page.setInputFiles("#file", new FilePayload("livraison.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
        button(t("equipment.delivery.import")).click();
        page.waitForURL(u -> u.matches(".*/equipment/deliveries/\\d+$"));
        assertAccessible("delivery report");
        assertThat(page.locator("main").innerText()).contains(t("equipment.delivery.accepted", 1));
        button(t("equipment.delivery.ready")).click();
        page.waitForURL(u -> u.matches(".*/equipment/deliveries/\\d+$"));

        // The oldest person waiting for a laptop gets it.
        open("/equipment/waiting?type=LAPTOP");
        assertAccessible("waiting queue");
        Locator reserve = page.locator("table tbody tr").first().getByRole(AriaRole.LINK).last();
        reserve.click();
        page.waitForURL(u -> u.matches(".*/beneficiaries/\\d+/equipment/reserve$"));
        String person = page.url().replaceAll(".*/beneficiaries/(\\d+)/.*", "$1");
        assertAccessible("reservation");
        page.locator("label:has-text('" + serial + "')").click();
        button(t("equipment.reserve.submit")).click();
        page.waitForURL(u -> u.contains("/beneficiaries/" + person));
        assertAccessible("person page with the reservation");

        // The handover, signed on the tablet.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(t("equipment.handover.link")).setExact(true))
                .first().click();
        page.waitForURL(u -> u.matches(".*/equipment/reservations/\\d+/handover$"));
        assertAccessible("handover form");
        page.getByLabel(t("equipment.handover.accessories")).fill("Chargeur");
        Locator canvas = page.locator("canvas");
        canvas.scrollIntoViewIfNeeded();
        BoundingBox box = canvas.boundingBox();
        page.mouse().move(box.x + 20, box.y + box.height * 0.7);
        page.mouse().down();
        for (int i = 1; i <= 20; i++) {
            page.mouse().move(box.x + 20 + i * (box.width - 40) / 20, box.y + box.height * (0.7 - 0.4 * Math.sin(i / 3.0)));
        }
        page.mouse().up();
        assertThat(page.locator("input[name=signature]").inputValue()).startsWith("data:image/png;base64,");
        button(t("equipment.handover.submit")).click();
        page.waitForURL(u -> u.matches(".*/equipment/handovers/\\d+$"));
        assertAccessible("handover");
        assertThat(page.locator("main").innerText()).contains(t("equipment.signature.DRAWN"));

        assertThat(equipped()).isEqualTo(equippedBefore + 1);
    }

    /** The EQUIPPED figure of the home page (T6's board). */
    private int equipped() {
        open("/");
        String label = t("indicator.EQUIPPED");
        String cell = page.locator("table.indicators tr:has(th:text-is('" + label + "')) td.num").first().innerText();
        return Integer.parseInt(cell.replaceAll("[\\s\\u00a0\\u202f]", "").replaceAll("^(\\d+).*", "$1"));
    }

    private void login(String email) {
        open("/login");
        page.getByLabel(t("login.email"), new Page.GetByLabelOptions().setExact(true)).fill(email);
        page.getByLabel(t("login.password"), new Page.GetByLabelOptions().setExact(true)).fill("demo");
        button(t("login.submit")).click();
        page.waitForURL(url("/"));
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private String t(String key, Object... args) {
        String pattern = messages.getMessage(key, null, Locale.FRANCE);
        return args.length == 0 ? pattern : new java.text.MessageFormat(pattern, Locale.FRANCE).format(args);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void open(String path) {
        page.navigate(url(path));
    }

    private void assertAccessible(String what) {
        AxeResults results = new AxeBuilder(page).withTags(WCAG_TAGS).analyze();
        String violations = results.getViolations().stream()
                .map(rule -> "  - " + rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp() + "\n"
                        + rule.getNodes().stream().map(node -> "      " + node.getTarget() + " "
                        + node.getHtml().replaceAll("\\s+", " ")).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
        assertThat(violations).withFailMessage("axe-core violations on %s (%s):%n%s", what, page.url(), violations).isEmpty();
    }
}
