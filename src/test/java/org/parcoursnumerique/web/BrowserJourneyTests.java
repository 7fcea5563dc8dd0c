package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.Normalizer;
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
import com.microsoft.playwright.options.SelectOption;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parcoursnumerique.support.RequiresPostgres;
import org.parcoursnumerique.support.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The application in a real headless Chromium: the journeys people make with a mouse and with the
 * keyboard only, and an axe-core check (WCAG 2.1 A and AA) plus a keyboard pass-through on every
 * kind of page, for every role. Runs against a demo database of its own.
 */
@ExtendWith(RequiresPostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parcours.demo.enabled=true",
        "parcours.demo.beneficiaries=300",
        "parcours.base-url=http://parcours.test"})
@ContextConfiguration(initializers = BrowserDatabaseInitializer.class)
class BrowserJourneyTests {

    /** Debian's Chromium; PARCOURS_CHROMIUM points elsewhere on another system. */
    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("PARCOURS_CHROMIUM", "/usr/bin/chromium"));
    static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    static final String DEMO_PASSWORD = "demo";
    static final String ADMIN = "admin@demo.parcours.test";
    static final String DEPARTEMENT = "departement@demo.parcours.test";
    static final String COORDINATOR = "coordination.t6@demo.parcours.test";
    static final String PRESCRIBER = "prescripteur.t6@demo.parcours.test";
    static final String MEDIATOR = "mediation.t6@demo.parcours.test";

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort int port;
    @Autowired MessageSource messages;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private BrowserContext context;
    private Page page;
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
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
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
        context = browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR").setViewportSize(1280, 900));
        context.setDefaultTimeout(10_000);
        page = context.newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type()) && message.text().contains("Content Security Policy")) {
                cspViolations.add(page.url() + ": " + message.text());
            }
        });
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
        assertThat(cspViolations).as("Content Security Policy violations").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Journeys
    // ---------------------------------------------------------------------------------------------

    @Test
    void prescriberFindsAPersonByNameWithTheMouse() {
        open("/login");
        assertAccessible("login page");
        page.getByLabel(t("login.email"), new Page.GetByLabelOptions().setExact(true)).fill(PRESCRIBER);
        page.getByLabel(t("login.password"), new Page.GetByLabelOptions().setExact(true)).fill(DEMO_PASSWORD);
        button(t("login.submit")).click();
        page.waitForURL(url("/"));
        assertAccessible("prescriber home");
        screenshot("home");

        link(t("nav.beneficiaries")).click();
        page.waitForURL(url("/beneficiaries"));
        assertAccessible("list of people");
        Person person = pickPerson();

        String query = plainLowerCase(person.name());
        page.getByLabel(t("beneficiaries.search"), new Page.GetByLabelOptions().setExact(true)).fill(query);
        button(t("beneficiaries.searchSubmit")).click();
        page.waitForURL(Pattern.compile(Pattern.quote(url("/beneficiaries?q=")) + ".*"));
        assertAccessible("search results");
        Locator result = page.locator("main table a[href='/beneficiaries/" + person.id() + "']");
        PlaywrightAssertions.assertThat(result).hasText(person.name());

        result.click();
        page.waitForURL(url("/beneficiaries/" + person.id()));
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText(person.name());
        assertAccessible("person page");
        screenshot("person");

        button(t("layout.logout")).click();
        page.waitForURL(url("/login?logout"));
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText(t("login.title"));
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).hasText(t("login.loggedOut"));
        assertAccessible("login page after logout");
    }

    @Test
    void departementFindsAPersonByNameWithTheKeyboardOnly() {
        open("/login");

        // The very first Tab reaches the skip link, which moves focus to the main content.
        page.keyboard().press("Tab");
        Focus skipLink = focus();
        assertThat(skipLink).isNotNull();
        assertThat(skipLink.text()).isEqualTo(t("layout.skip"));
        assertFocusVisible(skipLink);
        assertThat((Boolean) page.evaluate("() => document.activeElement.getBoundingClientRect().left >= 0"))
                .as("skip link is on screen once focused").isTrue();
        page.keyboard().press("Enter");
        assertThat((String) page.evaluate("() => document.activeElement.id")).isEqualTo("main");
        assertAccessible("login page");

        tabUntil("email field", byId("username"), 5);
        page.keyboard().type(DEPARTEMENT);
        tabUntil("password field", byId("password"), 3);
        page.keyboard().type(DEMO_PASSWORD);
        page.keyboard().press("Enter");
        page.waitForURL(url("/"));
        assertAccessible("département home");

        tabUntil("navigation link to the people", byLinkText(t("nav.beneficiaries")), 20);
        page.keyboard().press("Enter");
        page.waitForURL(url("/beneficiaries"));
        assertAccessible("list of people");
        Person person = pickPerson();

        tabUntil("search field", byId("q"), 20);
        page.keyboard().type(plainLowerCase(person.name()));
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(Pattern.quote(url("/beneficiaries?q=")) + ".*"));
        assertAccessible("search results");

        tabUntil("link to " + person.name(), byHref("/beneficiaries/" + person.id()), 40);
        page.keyboard().press("Enter");
        page.waitForURL(url("/beneficiaries/" + person.id()));
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText(person.name());
        assertAccessible("person page");

        tabUntil("logout button", byText(t("layout.logout")), 10);
        screenshot("focused-logout");
        page.keyboard().press("Enter");
        page.waitForURL(url("/login?logout"));
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText(t("login.title"));
    }

    // ---------------------------------------------------------------------------------------------
    // Every kind of page, for every role
    // ---------------------------------------------------------------------------------------------

    @Test
    void publicPagesAreAccessible() {
        SoftAssertions softly = new SoftAssertions();
        open("/login");
        checkPage(softly, "login page");
        open("/login?error");
        checkPage(softly, "login page after a failed attempt");
        open("/password-reset");
        checkPage(softly, "password reset request");
        button(t("reset.submit")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "password reset request with errors");
        open("/password-reset/not-a-valid-token");
        checkPage(softly, "password reset with an invalid link");
        softly.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {ADMIN, DEPARTEMENT, "ept.t6@demo.parcours.test", COORDINATOR,
            "mediation.t6@demo.parcours.test", "logistique.t6@demo.parcours.test", PRESCRIBER,
            "prescripteur.t7@demo.parcours.test"})
    void homeAndProgrammeOfEveryRoleAreAccessible(String email) {
        SoftAssertions softly = new SoftAssertions();
        login(email);
        checkPage(softly, "home of " + email);
        open("/programme");
        checkPage(softly, "programme page for " + email);
        open("/nope");
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText(t("error.404.title"));
        checkPage(softly, "404 page for " + email);
        softly.assertAll();
    }

    @Test
    void pagesAboutPeopleAreAccessible() {
        SoftAssertions softly = new SoftAssertions();
        login(DEPARTEMENT);
        open("/beneficiaries");
        checkPage(softly, "list of people (département, all territories)");
        open("/beneficiaries?status=REFERRED&territory=T7&sort=name");
        checkPage(softly, "list of people filtered by step and territory");
        open("/beneficiaries?page=2");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.NAVIGATION,
                new Page.GetByRoleOptions().setName(t("pagination.label")))).isVisible();
        checkPage(softly, "second page of the list");
        open("/beneficiaries?q=zzzzzzzz");
        PlaywrightAssertions.assertThat(page.locator("main p[role=status]"))
                .hasText(t("beneficiaries.count", 0).trim());
        checkPage(softly, "list of people without any result");

        login(COORDINATOR);
        open("/beneficiaries");
        checkPage(softly, "list of people (coordinator, one territory)");
        Person person = pickPerson();
        open("/beneficiaries/" + person.id());
        checkPage(softly, "person page");
        link(t("beneficiary.editContact")).click();
        page.waitForURL(url("/beneficiaries/" + person.id() + "/contact"));
        checkPage(softly, "contact form");

        page.getByLabel(t("contact.phone"), new Page.GetByLabelOptions().setExact(true)).fill("12");
        page.getByLabel(t("contact.email"), new Page.GetByLabelOptions().setExact(true)).fill("");
        page.getByLabel(t("channel.EMAIL"), new Page.GetByLabelOptions().setExact(true)).check();
        button(t("contact.save")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        PlaywrightAssertions.assertThat(page.locator(".field-error")).hasCount(2);
        checkPage(softly, "contact form with errors");

        page.getByLabel(t("contact.phone"), new Page.GetByLabelOptions().setExact(true)).fill("06 12 34 56 78");
        page.getByLabel(t("channel.SMS"), new Page.GetByLabelOptions().setExact(true)).check();
        button(t("contact.save")).click();
        page.waitForURL(url("/beneficiaries/" + person.id()));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("contact.saved"));
        checkPage(softly, "person page after saving the contact details");

        // Contact by post needs the postal address.
        link(t("beneficiary.editContact")).click();
        page.getByLabel(t("channel.POST"), new Page.GetByLabelOptions().setExact(true)).check();
        button(t("contact.save")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        PlaywrightAssertions.assertThat(page.locator(".field-error")).hasCount(3);
        checkPage(softly, "contact form, post without an address");
        // The keyboard pass-through of checkPage may move the radio selection: choose the post again.
        page.getByLabel(t("channel.POST"), new Page.GetByLabelOptions().setExact(true)).check();
        page.getByLabel(t("contact.addressLine"), new Page.GetByLabelOptions().setExact(true)).fill("4 allée des Tilleuls");
        page.getByLabel(t("contact.postcode"), new Page.GetByLabelOptions().setExact(true)).fill("93200");
        page.getByLabel(t("contact.city"), new Page.GetByLabelOptions().setExact(true)).fill("Saint-Denis");
        var saved = page.waitForResponse(r -> "POST".equals(r.request().method()),
                () -> button(t("contact.save")).click());
        assertThat(saved.status()).as("contact saved: %s", saved.status() == 200 ? saved.text() : "").isEqualTo(302);
        page.waitForURL(url("/beneficiaries/" + person.id()));
        PlaywrightAssertions.assertThat(page.locator("main dl").getByText("4 allée des Tilleuls")).isVisible();

        // Consents: the SMS answer is recorded from the person's page, without JavaScript.
        button(t("consent.sms.no")).click();
        page.waitForURL(Pattern.compile(".*/beneficiaries/" + person.id() + "(#consents)?$"));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("consent.sms.refused"));
        page.locator("summary", new Page.LocatorOptions().setHasText(t("consent.history"))).click();
        checkPage(softly, "person page with the consent history open");
        softly.assertAll();
    }

    @Test
    void theProgrammeManagerEditsTheProgrammeOnAnAccessibleForm() {
        SoftAssertions softly = new SoftAssertions();
        login(DEPARTEMENT);
        open("/programme");
        page.getByText(t("programme.editLink")).click();
        page.waitForURL(url("/programme/edit"));
        checkPage(softly, "programme edit form");
        page.getByLabel(t("programme.budgetTotalEuros")).fill("-1");
        button(t("programme.save")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "programme edit form with errors");
        softly.assertAll();
    }

    @Test
    void administrationPagesAreAccessible() {
        SoftAssertions softly = new SoftAssertions();
        login(ADMIN);
        open("/admin/organisations");
        checkPage(softly, "organisations");
        open("/admin/organisations/new");
        checkPage(softly, "new organisation form");
        button(t("organisations.create")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        PlaywrightAssertions.assertThat(page.locator(".field-error")).hasCount(2);
        checkPage(softly, "new organisation form with errors");
        page.getByLabel(t("organisations.kind"), new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setLabel(t("organisationKind.EPT")));
        page.getByLabel(t("organisations.name"), new Page.GetByLabelOptions().setExact(true))
                .fill("EPT ajouté par le test navigateur");
        page.getByLabel(t("organisations.territory"), new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setIndex(1));
        button(t("organisations.create")).click();
        page.waitForURL(url("/admin/organisations"));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("organisation.created"));
        checkPage(softly, "organisations after adding one");
        page.getByLabel(t("organisations.searchLabel")).fill("ajouté par le test");
        button(t("organisations.searchSubmit")).click();
        PlaywrightAssertions.assertThat(page.locator("caption")).containsText("1 organisation trouvée");
        checkPage(softly, "organisations searched");
        page.locator("a[href$='/edit']").first().click();
        checkPage(softly, "organisation edit form");
        page.getByLabel(t("organisations.name"), new Page.GetByLabelOptions().setExact(true)).fill("");
        button(t("organisations.save")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "organisation edit form with errors");

        open("/admin/users");
        checkPage(softly, "accounts");
        open("/admin/users/new");
        checkPage(softly, "invitation form");
        button(t("invite.submit")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "invitation form with errors");

        open("/admin/ase-districts");
        checkPage(softly, "ASE districts");
        button(t("ase.create")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "ASE district form with errors");

        open("/admin/audit");
        checkPage(softly, "audit log");
        open("/admin/audit?action=LOGIN");
        checkPage(softly, "audit log filtered");

        // Demo mode without SMTP: the emails that would have left, from memory.
        open("/admin/users");
        page.getByText(t("demoMessages.link")).click();
        page.waitForURL(url("/admin/demo-messages"));
        checkPage(softly, "demo messages");
        softly.assertAll();
    }

    @Test
    void referralAndTriagePagesAreAccessible() {
        SoftAssertions softly = new SoftAssertions();
        open("/information-notice");
        checkPage(softly, "information notice");

        login(PRESCRIBER);
        open("/referrals");
        checkPage(softly, "referrals of a prescriber");
        open("/referrals/new");
        checkPage(softly, "referral form");
        button(t("referral.submit")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "referral form with errors");

        page.getByLabel(t("referral.lastName"), new Page.GetByLabelOptions().setExact(true)).fill("Navigateur");
        page.getByLabel(t("referral.firstName"), new Page.GetByLabelOptions().setExact(true)).fill("Émilie");
        page.getByLabel(t("referral.birthDate"), new Page.GetByLabelOptions().setExact(true)).fill("1984-07-14");
        page.getByLabel(t("referral.commune"), new Page.GetByLabelOptions().setExact(true)).fill("Saint-Denis");
        page.getByLabel(t("category.RSA"), new Page.GetByLabelOptions().setExact(true)).check();
        page.getByLabel(t("rsaSituation.IN_TRAINING"), new Page.GetByLabelOptions().setExact(true)).check();
        page.getByLabel(t("referral.consent"), new Page.GetByLabelOptions().setExact(true)).check();
        button(t("referral.submit")).click();
        page.waitForURL(Pattern.compile(".*/referrals/\\d+$"));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("referral.created"));
        String referralPath = page.url().substring(page.url().indexOf("/referrals/"));
        checkPage(softly, "referral sent");

        open("/api-tokens");
        checkPage(softly, "API tokens");
        page.getByLabel(t("apiTokens.name"), new Page.GetByLabelOptions().setExact(true)).fill("Logiciel de test");
        button(t("apiTokens.create")).click();
        page.waitForURL(url("/api-tokens"));
        PlaywrightAssertions.assertThat(page.locator("#new-token")).containsText("pn_");
        checkPage(softly, "API tokens with a new token");
        open("/referral-imports");
        checkPage(softly, "CSV import");
        screenshot("import");
        page.locator("#file").setInputFiles(new com.microsoft.playwright.options.FilePayload("liste.csv", "text/csv",
                ("nom;prenom;date_naissance;commune;categorie;circonscription_ase;telephone;email;besoins;consentement\n"
                        + "Import;Navigateur;01/01/1980;Saint-Denis;SIAE_EMPLOYEE;;;;;oui\n"
                        + "Import;Refus;01/01/1980;Paris;SIAE_EMPLOYEE;;;;;oui\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        button(t("import.submit")).click();
        page.waitForURL(Pattern.compile(".*/referral-imports/\\d+$"));
        PlaywrightAssertions.assertThat(page.getByText(t("import.downloadRejected"))).isVisible(
                new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
        checkPage(softly, "CSV import report");

        login(COORDINATOR);
        open("/triage");
        checkPage(softly, "triage inbox");
        screenshot("triage");
        open("/triage?sort=newest&page=2");
        checkPage(softly, "triage inbox, newest first, second page");
        open("/referrals?page=2&status=ACCEPTED");
        checkPage(softly, "referrals of a territory, second page");
        open(referralPath);
        checkPage(softly, "referral with triage actions");
        // A choice the server refuses (here no mediator, as a browser without form validation would
        // send it) comes back on the same form, the error next to its field and the structure kept.
        var structure = page.getByLabel(t("referral.structure"), new Page.GetByLabelOptions().setExact(true));
        var mediator = page.getByLabel(t("referral.mediator"), new Page.GetByLabelOptions().setExact(true));
        structure.selectOption(new SelectOption().setIndex(1));
        String structureId = structure.inputValue();
        page.evaluate("document.getElementById('mediatorId').removeAttribute('required')");
        button(t("referral.accept.submit")).click();
        page.waitForURL(url(referralPath + "#assignment"));
        PlaywrightAssertions.assertThat(page.locator("#mediatorId-error"))
                .containsText(t("referral.assignment.mediatorRequired"));
        PlaywrightAssertions.assertThat(structure).hasValue(structureId);
        checkPage(softly, "acceptance without a mediator");
        screenshot("acceptance-error");
        // With the script, only the chosen structure's people can be picked.
        structure.selectOption(new SelectOption().setIndex(1));
        structureId = structure.inputValue();
        PlaywrightAssertions.assertThat(mediator.locator("optgroup:not([data-structure='" + structureId + "'])").first())
                .isHidden();
        mediator.selectOption(new SelectOption().setValue(mediator.locator("optgroup[data-structure='" + structureId
                + "'] option").first().getAttribute("value")));
        button(t("referral.accept.submit")).click();
        page.waitForURL(url(referralPath));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("referral.accepted"));
        PlaywrightAssertions.assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new Page.GetByRoleOptions().setName(t("referral.next.appointment")))).isVisible();
        checkPage(softly, "accepted referral");
        screenshot("accepted");

        login(PRESCRIBER);
        open(referralPath);
        PlaywrightAssertions.assertThat(page.locator("main .lead .badge")).hasText(t("referralStatus.ACCEPTED"));
        softly.assertAll();
    }

    @Test
    void diagnosticCaptureAndReferentialPagesAreAccessible() {
        SoftAssertions softly = new SoftAssertions();
        long person = jdbc.sql("""
                SELECT b.id FROM beneficiary b JOIN territory t ON t.id = b.territory_id
                WHERE t.code = 'T6' AND b.status = 'ACCEPTED'
                  AND NOT EXISTS (SELECT 1 FROM diagnostic d WHERE d.beneficiary_id = b.id)
                ORDER BY b.id LIMIT 1""").query(Long.class).single();
        login(MEDIATOR);
        open("/beneficiaries/" + person);
        button(t("diagnostic.section.start")).click();
        page.waitForURL(Pattern.compile(".*/diagnostics/\\d+/steps/1$"));
        String diagnostic = page.url().replaceAll(".*/diagnostics/(\\d+)/.*", "$1");
        PlaywrightAssertions.assertThat(page.locator(".step-progress")).hasText(t("diagnostic.step.progress", 1, 7));
        checkPage(softly, "diagnostic first step");
        button(t("diagnostic.step.next")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "diagnostic first step with errors");
        page.locator("#q_equipment_owned-none").check();
        button(t("diagnostic.step.next")).click();
        page.waitForURL(url("/diagnostics/" + diagnostic + "/steps/2"));
        page.locator("#q_internet_access-none").check();
        button(t("diagnostic.step.next")).click();
        page.waitForURL(url("/diagnostics/" + diagnostic + "/steps/3"));
        page.locator("#q_uses").check();
        button(t("diagnostic.step.next")).click();
        page.waitForURL(url("/diagnostics/" + diagnostic + "/steps/4"));
        checkPage(softly, "diagnostic Pix self-assessment step");
        for (int step = 4; step <= 5; step++) {
            Locator twos = page.locator(".scale input[value='2']");
            for (int i = 0; i < twos.count(); i++) {
                twos.nth(i).check();
            }
            button(t("diagnostic.step.next")).click();
            page.waitForURL(url("/diagnostics/" + diagnostic + "/steps/" + (step + 1)));
        }
        page.locator("#q_admin_autonomy-partly").check();
        page.locator("#q_barriers-confidence").check();
        button(t("diagnostic.step.next")).click();
        page.waitForURL(url("/diagnostics/" + diagnostic + "/steps/7"));
        page.locator("#q_project").check();
        page.locator("#q_certification_interest").check();
        button(t("diagnostic.step.toReview")).click();
        page.waitForURL(url("/diagnostics/" + diagnostic + "/review"));
        checkPage(softly, "diagnostic review");
        button(t("diagnostic.review.complete")).click();
        page.waitForURL(url("/diagnostics/" + diagnostic));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("diagnostic.completed"));
        checkPage(softly, "diagnostic result");
        page.locator("#recommendation-EQUIPMENT summary").click();
        page.locator("#recommendation-EQUIPMENT").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName(t("diagnostic.adjust.submit"))).click();
        checkPage(softly, "diagnostic result with an adjustment error");
        open("/beneficiaries/" + person);
        checkPage(softly, "person's page with the diagnostic");

        open("/referentials");
        checkPage(softly, "referentials");
        page.locator("main table tbody a").first().click();
        checkPage(softly, "referential view");

        login(COORDINATOR);
        open("/referentials/import");
        checkPage(softly, "referential import");
        page.locator("#file").setInputFiles(new com.microsoft.playwright.options.FilePayload("referentiel.json",
                "application/json", "{\"code\": \"x\", \"version\": 0, \"sections\": []}".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        button(t("referential.import.submit")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isVisible();
        checkPage(softly, "referential import with errors");
        softly.assertAll();
    }

    @Test
    void fourAccountsTakeAPersonFromReferralToTheDiagnosticSummary() {
        SoftAssertions softly = new SoftAssertions();
        // 1. The prescriber refers a person who agrees to share the result with them.
        login(PRESCRIBER);
        open("/referrals/new");
        page.getByLabel(t("referral.lastName"), new Page.GetByLabelOptions().setExact(true)).fill("Parcours");
        page.getByLabel(t("referral.firstName"), new Page.GetByLabelOptions().setExact(true)).fill("Noémie");
        page.getByLabel(t("referral.birthDate"), new Page.GetByLabelOptions().setExact(true)).fill("1979-11-05");
        page.getByLabel(t("referral.commune"), new Page.GetByLabelOptions().setExact(true)).fill("Saint-Denis");
        page.getByLabel(t("category.LONG_TERM_JOBSEEKER"), new Page.GetByLabelOptions().setExact(true)).check();
        page.getByLabel(t("referral.consent"), new Page.GetByLabelOptions().setExact(true)).check();
        page.getByLabel(t("referral.shareWithPrescriber"), new Page.GetByLabelOptions().setExact(true)).check();
        button(t("referral.submit")).click();
        page.waitForURL(Pattern.compile(".*/referrals/\\d+$"));
        String referralPath = page.url().substring(page.url().indexOf("/referrals/"));
        checkPage(softly, "journey: referral sent");

        // 2. The coordinator accepts it and gives it to the demo mediator and her structure.
        login(COORDINATOR);
        open("/triage");
        PlaywrightAssertions.assertThat(page.getByText("Parcours Noémie").first()).isVisible();
        open(referralPath);
        // Mediators are grouped by structure: the structure first, then the demo mediator within it.
        var mediator = page.getByLabel(t("referral.mediator"), new Page.GetByLabelOptions().setExact(true));
        var minaOption = mediator.locator("option", new com.microsoft.playwright.Locator.LocatorOptions()
                .setHasText("Mina Médiation")).first();
        String minaId = minaOption.getAttribute("value");
        String minaStructure = minaOption.locator("xpath=..").getAttribute("data-structure");
        page.getByLabel(t("referral.structure"), new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setValue(minaStructure));
        mediator.selectOption(new SelectOption().setValue(minaId));
        button(t("referral.accept.submit")).click();
        page.waitForURL(url(referralPath));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("referral.accepted"));
        long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id")
                .param("id", Long.parseLong(referralPath.substring(referralPath.lastIndexOf('/') + 1)))
                .query(Long.class).single();

        // 3. The mediator schedules the appointment, the person comes, the diagnostic is filled.
        login(MEDIATOR);
        open("/beneficiaries/" + person);
        link(t("appointment.new")).click();
        page.waitForURL(url("/beneficiaries/" + person + "/appointments/new"));
        String date = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusDays(3).toString();
        page.getByLabel(t("appointment.date"), new Page.GetByLabelOptions().setExact(true)).fill(date);
        page.getByLabel(t("appointment.time"), new Page.GetByLabelOptions().setExact(true)).fill("10:00");
        page.getByLabel(t("appointment.structure"), new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setIndex(1));
        submitAppointment(person);
        checkPage(softly, "journey: appointment scheduled");
        // Four days later: the appointment's time has passed (the browser cannot wait for it; "Venu" is
        // offered from the start time only).
        jdbc.sql("UPDATE appointment SET starts_at = starts_at - INTERVAL '4 days' WHERE beneficiary_id = :id")
                .param("id", person).update();
        open("/beneficiaries/" + person);
        // The button names the appointment's date for screen readers: "Venu <date>".
        page.locator("main button[formaction$='/attended']").click();
        page.waitForURL(url("/beneficiaries/" + person));
        PlaywrightAssertions.assertThat(page.getByText(t("appointmentStatus.ATTENDED")).first()).isVisible();

        button(t("diagnostic.section.start")).click();
        page.waitForURL(Pattern.compile(".*/diagnostics/\\d+/steps/1$"));
        checkPage(softly, "journey: first step of the diagnostic");
        fillDiagnosticSteps(softly);
        checkPage(softly, "journey: review of the diagnostic");
        button(t("diagnostic.review.complete")).click();
        page.waitForURL(Pattern.compile(".*/diagnostics/\\d+$"));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("diagnostic.completed"));
        checkPage(softly, "journey: diagnostic result");

        // 4. The prescriber reads the summary (the email's link) and finds the PDF.
        login(PRESCRIBER);
        open(referralPath);
        link(t("diagnosticSummary.link")).click();
        page.waitForURL(url(referralPath + "/diagnostic"));
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING,
                new Page.GetByRoleOptions().setName(t("diagnosticSummary.plan")))).isVisible();
        PlaywrightAssertions.assertThat(link(t("diagnosticSummary.pdf"))).isVisible();
        checkPage(softly, "journey: prescriber's summary");
        softly.assertAll();
    }

    /**
     * Answers every step with the first choice (or a short text, a number, today's date), as a
     * mediator would tap through with the person, until the review page.
     */
    private void fillDiagnosticSteps(SoftAssertions softly) {
        boolean scaleChecked = false;
        for (int guard = 0; guard < 40 && !page.url().endsWith("/review"); guard++) {
            if (!scaleChecked && page.locator("main .scale").count() > 0) {
                // Before answering: the page checks may reload the page.
                checkPage(softly, "journey: a self-assessment step");
                scaleChecked = true;
            }
            Locator fieldsets = page.locator("main form fieldset");
            for (int i = 0; i < fieldsets.count(); i++) {
                Locator inputs = fieldsets.nth(i).locator("input[type=radio], input[type=checkbox]");
                if (fieldsets.nth(i).locator("input:checked").count() == 0 && inputs.count() > 0) {
                    inputs.first().check();
                }
            }
            Locator texts = page.locator("main form textarea");
            for (int i = 0; i < texts.count(); i++) {
                if (texts.nth(i).inputValue().isBlank()) {
                    texts.nth(i).fill("Trouver un emploi d’aide à domicile");
                }
            }
            Locator dates = page.locator("main form input[type=date]");
            for (int i = 0; i < dates.count(); i++) {
                if (dates.nth(i).inputValue().isBlank()) {
                    dates.nth(i).fill(java.time.LocalDate.now().toString());
                }
            }
            Locator numbers = page.locator("main form input[inputmode=decimal]");
            for (int i = 0; i < numbers.count(); i++) {
                if (numbers.nth(i).inputValue().isBlank()) {
                    numbers.nth(i).fill("1");
                }
            }
            String before = page.url();
            page.waitForNavigation(() -> page.locator("main form button[value=next]").click());
            if (page.url().equals(before) && page.locator(".error-summary").count() > 0) {
                fail("The step " + before + " refused the answers: " + page.locator(".error-summary").innerText());
            }
        }
        assertThat(page.url()).endsWith("/review");
    }

    @Test
    void appointmentPagesAreAccessible() {
        SoftAssertions softly = new SoftAssertions();
        // An accepted person of T6 before their diagnostic; the demo data may have given them an
        // appointment already (it depends on the day), which the mediator cancels first, as in real life.
        long person = jdbc.sql("""
                SELECT b.id FROM beneficiary b JOIN territory t ON t.id = b.territory_id
                WHERE t.code = 'T6' AND b.status = 'ACCEPTED'
                  AND NOT EXISTS (SELECT 1 FROM diagnostic d WHERE d.beneficiary_id = b.id)
                ORDER BY (SELECT COUNT(*) FROM appointment a WHERE a.beneficiary_id = b.id AND a.status = 'SCHEDULED'),
                         b.id LIMIT 1""").query(Long.class).single();
        login(MEDIATOR);
        open("/beneficiaries/" + person);
        Locator earlier = page.locator("main .appointment-list button[formaction$='/cancel']");
        while (earlier.count() > 0) {
            earlier.first().click();
            page.waitForURL(url("/beneficiaries/" + person));
        }
        open("/appointments");
        checkPage(softly, "agenda of the territory");
        page.getByLabel(t("agenda.mine"), new Page.GetByLabelOptions().setExact(true)).check();
        button(t("agenda.filter")).click();
        page.waitForURL(url("/appointments?mine=true"));
        checkPage(softly, "agenda, mine only");

        open("/beneficiaries/" + person);
        checkPage(softly, "person page before an appointment");
        link(t("appointment.new")).click();
        page.waitForURL(url("/beneficiaries/" + person + "/appointments/new"));
        checkPage(softly, "appointment form");
        page.getByLabel(t("appointment.mediator"), new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setIndex(0));
        button(t("appointment.form.submit")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "appointment form with errors");

        String date = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusDays(9).toString();
        page.getByLabel(t("appointment.date"), new Page.GetByLabelOptions().setExact(true)).fill(date);
        page.getByLabel(t("appointment.time"), new Page.GetByLabelOptions().setExact(true)).fill("14:30");
        page.getByLabel(t("appointment.structure"), new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setIndex(1));
        page.getByLabel(t("appointment.mediator"), new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setLabel("Mina Médiation (conseiller numérique)"));
        submitAppointment(person);
        PlaywrightAssertions.assertThat(page.locator("main .notice")).isVisible();
        assertThat(page.locator("main .notice").innerText().strip())
                .isIn(t("appointment.scheduled"), t("appointment.scheduled.unreachable"));
        checkPage(softly, "person page with a scheduled appointment and its messages");

        long appointment = jdbc.sql("SELECT id FROM appointment WHERE beneficiary_id = :p AND status = 'SCHEDULED'")
                .param("p", person).query(Long.class).single();
        open("/appointments/" + appointment + "/reinvite");
        checkPage(softly, "new date form");
        open("/beneficiaries/" + person);
        button(t("appointment.action.cancel") + " " + page.locator("main .appointment-list li strong").first().innerText()).click();
        page.waitForURL(url("/beneficiaries/" + person));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("appointment.cancelled"));
        checkPage(softly, "person page after a cancellation");

        // "Mes personnes", from the menu, and the form of an appointment that already took place.
        link(t("nav.myPeople")).click();
        page.waitForURL(url("/my-people"));
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING,
                new Page.GetByRoleOptions().setName(t("myPeople.title")).setLevel(1))).isVisible();
        checkPage(softly, "my people");
        open("/beneficiaries/" + person);
        link(t("appointment.past.link")).click();
        page.waitForURL(url("/beneficiaries/" + person + "/appointments/past"));
        checkPage(softly, "past appointment form");
        page.getByLabel(t("appointment.date"), new Page.GetByLabelOptions().setExact(true)).fill(date);
        button(t("appointment.past.submit")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "past appointment form with errors");
        page.getByLabel(t("appointment.date"), new Page.GetByLabelOptions().setExact(true))
                .fill(java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).minusDays(1).toString());
        page.getByLabel(t("appointment.structure"), new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setIndex(1));
        button(t("appointment.past.submit")).click();
        page.waitForURL(url("/beneficiaries/" + person));
        PlaywrightAssertions.assertThat(page.locator("main .notice")).hasText(t("appointment.recordedPast"));
        PlaywrightAssertions.assertThat(button(t("nextStep.prefix") + " " + t("nextStep.START_DIAGNOSTIC"))).isVisible();
        checkPage(softly, "person page with its next step: the diagnostic");

        login(ADMIN);
        long structure = jdbc.sql("SELECT MIN(id) FROM organisation WHERE kind = 'MEMBER_STRUCTURE'")
                .query(Long.class).single();
        open("/admin/organisations/" + structure + "/address");
        checkPage(softly, "address of a member structure");
        page.getByLabel(t("organisations.postcode"), new Page.GetByLabelOptions().setExact(true)).fill("932");
        button(t("organisations.saveAddress")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkPage(softly, "address form with errors");
        softly.assertAll();
    }

    /** WCAG 1.4.10: at 320 CSS pixels wide the pages reflow; only data tables may scroll, inside their frame. */
    @Test
    void pagesReflowOnANarrowScreen() {
        page.setViewportSize(320, 800);
        SoftAssertions softly = new SoftAssertions();
        login(COORDINATOR);
        checkReflow(softly, "home");
        open("/programme");
        checkReflow(softly, "programme page");
        open("/beneficiaries");
        checkReflow(softly, "list of people");
        Person person = pickPerson();
        open("/beneficiaries/" + person.id());
        checkReflow(softly, "person page");
        screenshot("person-narrow");
        open("/beneficiaries/" + person.id() + "/contact");
        page.getByLabel(t("contact.phone"), new Page.GetByLabelOptions().setExact(true)).fill("12");
        button(t("contact.save")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).isFocused();
        checkReflow(softly, "contact form with errors");
        screenshot("contact-errors-narrow");
        softly.assertAll();
    }

    private void checkReflow(SoftAssertions softly, String what) {
        String violations = axeViolations();
        softly.assertThat(violations)
                .withFailMessage("axe-core violations on %s at 320 px (%s):%n%s", what, page.url(), violations).isEmpty();
        Number overflow = (Number) page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        softly.assertThat(overflow.intValue()).as("horizontal scrolling of the whole %s at 320 px", what).isLessThanOrEqualTo(0);
    }

    /** The checks above would pass silently if they checked nothing: show that each one catches its problem. */
    @Test
    void theChecksThemselvesCatchProblems() {
        String faulty = """
                <!DOCTYPE html><html lang="fr"><head><title>Contrôle</title>
                <style>.bare:focus { outline: none; }</style></head><body><main>
                <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
                <input type="text" name="unlabelled">
                <a class="bare" href="#x">Lien sans focus visible</a>
                <input id="first" aria-label="Premier"><input id="second" aria-label="Second">
                </main><script>
                document.getElementById('second').addEventListener('keydown', e => {
                  if (e.key === 'Tab') { e.preventDefault(); document.getElementById('first').focus(); }
                });
                </script></body></html>""";
        page.setContent(faulty);
        assertThat(axeViolations()).contains("image-alt").contains("label");
        assertThat(keyboardPassThrough())
                .anyMatch(p -> p.contains("not the skip link"))
                .anyMatch(p -> p.contains("a \"Lien sans focus visible\": has no visible focus indicator"))
                .anyMatch(p -> p.contains("keyboard trap"));

        page.setContent(faulty);
        Focus bare = tabUntil("the bare link", byText("Lien sans focus visible"), 3, false);
        assertThat(bare.problem()).contains("no visible focus indicator");

        open("/login");
        page.waitForConsoleMessage(() -> page.evaluate(
                "() => document.querySelector('main').insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')"));
        assertThat(cspViolations).isNotEmpty();
        cspViolations.clear();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    record Person(long id, String name) {
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, Locale.FRANCE);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void open(String path) {
        page.navigate(url(path));
    }

    /**
     * Submits the appointment form; the demo mediator may already have an appointment at that time,
     * then the form asks to confirm the double booking, which is ticked.
     */
    private void submitAppointment(long person) {
        var response = page.waitForResponse(r -> "POST".equals(r.request().method()),
                () -> button(t("appointment.form.submit")).click());
        if (response.status() == 200) {
            page.getByLabel(t("appointment.overlap.confirm"), new Page.GetByLabelOptions().setExact(true)).check();
            button(t("appointment.form.submit")).click();
            page.waitForURL(url("/beneficiaries/" + person));
        }
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator link(String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private void login(String email) {
        context.clearCookies();
        open("/login");
        page.getByLabel(t("login.email"), new Page.GetByLabelOptions().setExact(true)).fill(email);
        page.getByLabel(t("login.password"), new Page.GetByLabelOptions().setExact(true)).fill(DEMO_PASSWORD);
        button(t("login.submit")).click();
        page.waitForURL(url("/"));
    }

    /** A person of the list on screen, preferably one whose name has accents, to prove the search ignores them. */
    private Person pickPerson() {
        Locator links = page.locator("main table tbody a[href^='/beneficiaries/']");
        PlaywrightAssertions.assertThat(links.first()).isVisible();
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < links.count(); i++) {
            Locator link = links.nth(i);
            String href = link.getAttribute("href");
            people.add(new Person(Long.parseLong(href.substring(href.lastIndexOf('/') + 1)), link.innerText().trim()));
        }
        return people.stream()
                .filter(p -> !plainLowerCase(p.name()).equals(p.name().toLowerCase(Locale.ROOT)))
                .filter(p -> plainLowerCase(p.name()).matches("[a-z '\\-]+"))
                .findFirst().orElse(people.get(0));
    }

    /** "Lefèvre Élodie" → "lefevre elodie": what someone types without accents or capitals. */
    static String plainLowerCase(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }

    private void screenshot(String name) {
        String dir = System.getenv("PARCOURS_SCREENSHOTS");
        if (dir != null && !dir.isBlank()) {
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get(dir, "shot-" + name + ".png"))
                    .setFullPage(true));
        }
    }

    // --- axe-core ---------------------------------------------------------------------------------

    /** The WCAG 2.1 A/AA violations axe-core finds on the current page, one rule and its elements per line. */
    private String axeViolations() {
        AxeResults results = new AxeBuilder(page).withTags(WCAG_TAGS).analyze();
        assertThat(results.getPasses()).as("axe-core evaluated rules on %s", page.url()).isNotEmpty();
        return results.getViolations().stream()
                .map(rule -> "  - " + rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp() + "\n"
                        + rule.getNodes().stream()
                        .map(node -> "      " + node.getTarget() + " " + node.getHtml().replaceAll("\\s+", " "))
                        .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }

    private void assertAccessible(String what) {
        String violations = axeViolations();
        assertThat(violations).withFailMessage("axe-core violations on %s (%s):%n%s", what, page.url(), violations)
                .isEmpty();
    }

    /**
     * axe-core on the page as loaded, every error message tied to its field, then a keyboard pass
     * through all of it: no trap, focus always visible.
     */
    private void checkPage(SoftAssertions softly, String what) {
        String violations = axeViolations();
        softly.assertThat(violations)
                .withFailMessage("axe-core violations on %s (%s):%n%s", what, page.url(), violations).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> untied = (List<String>) page.evaluate("""
                () => [...document.querySelectorAll('.field-error')]
                  .filter(e => !e.id || !document.querySelector('[aria-describedby~="' + e.id + '"]'))
                  .map(e => e.textContent.trim().replace(/\\s+/g, ' '))""");
        softly.assertThat(untied).as("error messages not tied to their field by aria-describedby on %s (%s)", what,
                page.url()).isEmpty();
        List<String> keyboardProblems = keyboardPassThrough();
        softly.assertThat(keyboardProblems)
                .withFailMessage("keyboard problems on %s (%s):%n  %s", what, page.url(),
                        String.join("\n  ", keyboardProblems)).isEmpty();
    }

    // --- keyboard ---------------------------------------------------------------------------------

    /**
     * The focused element, or null when nothing (the document itself) has focus: a label
     * "[n] tag#id "text"" (n tells elements of the same text apart) and what makes its focus visible:
     * an outline that contrasts 3:1 with what is behind the element, or a box-shadow or background
     * that the same element does not have without focus (compared with an unfocused clone); and, when
     * the focused element has an opaque background, the contrast of its text on it. Date fields are
     * focused segment by segment inside the browser's own shadow tree, so for them :focus stands for
     * :focus-visible. One round trip per Tab keeps the keyboard passes fast.
     */
    private static final String FOCUS_STATE = """
            () => {
              const el = document.activeElement;
              if (!el || el === document.body || el === document.documentElement) return null;
              const keys = window.__focusKeys || (window.__focusKeys = new WeakMap());
              if (!keys.has(el)) keys.set(el, (window.__focusCount = (window.__focusCount || 0) + 1));
              const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
              const label = '[' + keys.get(el) + '] ' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + text.slice(0, 50) + '"';
              const pick = s => ({
                outline: s.outlineStyle === 'auto' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) ? s.outlineStyle + ' ' + s.outlineWidth : 'none',
                outlineColor: s.outlineColor, shadow: s.boxShadow, background: s.backgroundColor, color: s.color });
              const focused = pick(getComputedStyle(el));
              const clone = el.cloneNode(true);
              clone.removeAttribute('id');
              clone.removeAttribute('autofocus');
              el.parentNode.insertBefore(clone, el.nextSibling);
              const rest = pick(getComputedStyle(clone));
              clone.remove();
              const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
              const opaque = c => { const v = rgb(c); return v.length === 3 || (v.length === 4 && v[3] === 1); };
              const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                                 return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
              const ratio = (x, y) => { const a = lum(x), b = lum(y); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
              let behind = 'rgb(255, 255, 255)';
              for (let p = el.parentElement; p; p = p.parentElement) {
                const bg = getComputedStyle(p).backgroundColor;
                if (opaque(bg)) { behind = bg; break; }
              }
              // 'auto' is the browser's own two-tone focus ring, visible on any background.
              const outlineContrast = focused.outline === 'none' ? 0 : focused.outline.startsWith('auto') ? 21 : ratio(focused.outlineColor, behind);
              const visible = outlineContrast >= 3 || focused.shadow !== rest.shadow || focused.background !== rest.background;
              const dateField = el.tagName === 'INPUT' && /^(date|time|datetime-local|month|week)$/.test(el.type);
              return { label: label, text: text, visible: visible,
                       focusVisible: el.matches(':focus-visible') || (dateField && el.matches(':focus')),
                       contrast: opaque(focused.background) ? ratio(focused.color, focused.background) : null,
                       detail: JSON.stringify({ focused: focused, unfocused: rest, behind: behind }) };
            }""";

    /** The focused element ({@link #FOCUS_STATE}), and whether it matches a JavaScript predicate. */
    record Focus(String label, String text, String problem, boolean matches) {
    }

    private Focus focus() {
        return focus("el => false");
    }

    @SuppressWarnings("unchecked")
    private Focus focus(String predicate) {
        Map<String, Object> state = (Map<String, Object>) page.evaluate("() => { const state = (" + FOCUS_STATE
                + ")(); if (state) state.matches = !!(" + predicate + ")(document.activeElement); return state; }");
        if (state == null) {
            return null;
        }
        String problem = null;
        Object contrast = state.get("contrast");
        if (!Boolean.TRUE.equals(state.get("focusVisible"))) {
            problem = "does not match :focus-visible";
        } else if (!Boolean.TRUE.equals(state.get("visible"))) {
            problem = "has no visible focus indicator " + state.get("detail");
        } else if (contrast instanceof Number n && n.doubleValue() < 4.5) {
            problem = String.format(Locale.ROOT, "text contrast %.2f:1 when focused %s", n.doubleValue(),
                    state.get("detail"));
        }
        return new Focus((String) state.get("label"), (String) state.get("text"), problem,
                Boolean.TRUE.equals(state.get("matches")));
    }

    private void assertFocusVisible(Focus focus) {
        assertThat(focus).as("something has focus").isNotNull();
        assertThat(focus.problem()).withFailMessage("focus on %s: %s", focus.label(), focus.problem()).isNull();
    }

    /** A JavaScript predicate on the focused element. */
    private static String byId(String id) {
        return "el => el.id === " + jsString(id);
    }

    private static String byText(String text) {
        return "el => (el.innerText || '').trim() === " + jsString(text);
    }

    private static String byLinkText(String text) {
        return "el => el.tagName === 'A' && (el.innerText || '').trim() === " + jsString(text);
    }

    private static String byHref(String href) {
        return "el => el.getAttribute('href') === " + jsString(href);
    }

    private static String jsString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * Presses Tab until the focused element matches the predicate, checking on the way that every
     * focused element shows it; fails with the path taken when the element is not reached in maxTabs.
     */
    private Focus tabUntil(String what, String predicate, int maxTabs) {
        return tabUntil(what, predicate, maxTabs, true);
    }

    private Focus tabUntil(String what, String predicate, int maxTabs, boolean checkFocus) {
        List<String> path = new ArrayList<>();
        for (int i = 0; i < maxTabs; i++) {
            page.keyboard().press("Tab");
            Focus focus = focus(predicate);
            path.add(focus == null ? "(document)" : focus.label());
            if (focus != null && checkFocus) {
                assertFocusVisible(focus);
            }
            if (focus != null && focus.matches()) {
                return focus;
            }
        }
        return fail("Never reached %s with %d presses of Tab on %s; focus went through:%n  %s", what, maxTabs,
                page.url(), String.join("\n  ", path));
    }

    /**
     * Tabs from the top of the page to its end: the first stop is the skip link, every stop shows its
     * focus, and focus leaves the page after a bounded number of stops without cycling (no keyboard
     * trap). A date field takes one stop per segment (day, month, year).
     */
    private List<String> keyboardPassThrough() {
        List<String> problems = new ArrayList<>();
        // Start from the top, wherever focus (or the point sequential navigation starts from) is now.
        page.evaluate("""
                () => {
                  const body = document.body;
                  body.setAttribute('tabindex', '-1');
                  body.focus({ preventScroll: true });
                  body.removeAttribute('tabindex');
                  window.scrollTo(0, 0);
                }""");
        int budget = ((Number) page.evaluate("""
                () => {
                  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')];
                  return all.length + 3 * all.filter(e => /^(date|time|datetime-local|month|week)$/.test(e.type)).length;
                }""")).intValue() + 2;
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < budget; i++) {
            page.keyboard().press("Tab");
            Focus focus = focus();
            if (focus == null) {
                if (seen.isEmpty()) {
                    problems.add("the first Tab focuses nothing");
                }
                return problems;
            }
            if (seen.isEmpty() && !(focus.label().startsWith("[") && focus.label().endsWith("] a \"" + t("layout.skip") + "\""))) {
                problems.add("the first Tab reaches " + focus.label() + ", not the skip link");
            }
            if (!seen.isEmpty() && focus.label().equals(seen.get(seen.size() - 1))) {
                continue;
            }
            if (seen.contains(focus.label())) {
                // Past its last element focus leaves the document before it comes back to the top.
                problems.add("focus cycles back to " + focus.label() + " without leaving the page (keyboard trap): "
                        + String.join(" → ", seen.subList(Math.max(0, seen.size() - 6), seen.size())));
                return problems;
            }
            seen.add(focus.label());
            if (focus.problem() != null) {
                problems.add(focus.label() + ": " + focus.problem());
            }
        }
        problems.add("focus never leaves the page after " + budget + " presses of Tab (keyboard trap?): "
                + String.join(" → ", seen.subList(Math.max(0, seen.size() - 6), seen.size())));
        return problems;
    }
}
