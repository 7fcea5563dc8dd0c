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
class DiagnosticBrowserTests extends BrowserTestSupport {

    Page newPage(boolean javaScript) {
        return newPage(desktop().setJavaScriptEnabled(javaScript));
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

}
