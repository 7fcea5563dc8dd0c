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
class TrainingBrowserTests extends BrowserTestSupport {

    Page newPage(boolean javaScript) {
        return newPage(desktop().setJavaScriptEnabled(javaScript));
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

}
