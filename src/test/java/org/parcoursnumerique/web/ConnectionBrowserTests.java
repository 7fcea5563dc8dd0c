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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The connection journey in a real Chromium with axe-core (WCAG 2.1 A and AA): the mediator opens a
 * line for a diagnosed person (a wrong ICCID first), records six monthly periods from an activation
 * seven months ago; the home page's "Connectées 6 mois" goes up by one and the prescriber sees the
 * milestones on the referral. Same demo database set-up as {@link BrowserJourneyTests}.
 */
class ConnectionBrowserTests extends BrowserTestSupport {

    @Test
    void theMediatorOpensALineAndRecordsSixMonthsAndThePrescriberSeesTheMilestones() {
        // A diagnosed person of T6 referred by the demo prescriber, without any line.
        var person = jdbc.sql("""
                SELECT b.id, r.id AS referral FROM beneficiary b JOIN referral r ON r.beneficiary_id = b.id
                JOIN territory t ON t.id = b.territory_id
                WHERE t.code = 'T6' AND b.status = 'DIAGNOSED' AND r.status = 'ACCEPTED'
                  AND b.referring_organisation_id = (SELECT organisation_id FROM user_account WHERE email = :prescriber)
                  AND NOT EXISTS (SELECT 1 FROM connection_line l WHERE l.beneficiary_id = b.id)
                ORDER BY b.id LIMIT 1""").param("prescriber", PRESCRIBER)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        // Six calendar months are 181 to 184 days: an activation whose six months reach 183 days.
        LocalDate activation = today.minusDays(200);
        while (ChronoUnit.DAYS.between(activation, activation.plusMonths(6)) < 183) {
            activation = activation.minusDays(1);
        }

        Page page = newPage();
        login(page, MEDIATOR);
        long before = connectedSixMonths(page);
        open(page, "/beneficiaries/" + person[0]);
        link(page, t("connection.section.open")).click();
        page.waitForURL(url("/beneficiaries/" + person[0] + "/connection/new"));
        assertAccessible(page, "new line form");
        page.locator("input[name='offerId']").first().check();
        page.getByLabel(t("connection.line.iccid")).fill("8901 4103 2111 1851 0721");
        page.getByLabel(t("connection.line.activation")).fill(activation.toString());
        button(page, t("connection.line.open")).click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).containsText("n’est pas valide");
        assertAccessible(page, "new line form with an error");
        page.getByLabel(t("connection.line.iccid")).fill("8901 4103 2111 1851 0720");
        page.getByLabel(t("connection.line.phone")).fill("06 12 34 56 78");
        button(page, t("connection.line.open")).click();
        page.waitForURL(Pattern.compile(".*/connection/lines/\\d+$"));
        PlaywrightAssertions.assertThat(page.locator("main")).containsText(t("connection.line.unpaid"));
        assertAccessible(page, "line without any period");

        page.getByLabel(t("connection.topUp.start")).fill(activation.toString());
        page.getByLabel(t("connection.topUp.months")).fill("6");
        page.getByLabel(t("connection.topUp.amount")).fill("9,90");
        button(page, t("connection.topUp.save")).click();
        page.waitForLoadState();
        PlaywrightAssertions.assertThat(page.locator("main")).containsText("6 mois atteints le");
        assertThat(page.locator("#periods ~ .table-wrap tbody tr").count()).isEqualTo(6);
        assertAccessible(page, "line with six months paid");

        assertThat(connectedSixMonths(page)).isEqualTo(before + 1);
        open(page, "/connection");
        assertAccessible(page, "connection overview");

        Page prescriber = newPage();
        login(prescriber, PRESCRIBER);
        open(prescriber, "/referrals/" + person[1]);
        PlaywrightAssertions.assertThat(prescriber.locator("main")).containsText(t("milestone.CONNECTED"));
        PlaywrightAssertions.assertThat(prescriber.locator("main")).containsText(t("milestone.CONNECTED_6_MONTHS"));
        assertAccessible(prescriber, "referral with the connection milestones");
    }

    /** The home page's figure of "Connectées 6 mois" for the user's territory. */
    long connectedSixMonths(Page page) {
        open(page, "/");
        String cell = page.locator("table.indicators tr:has(th:text-is('" + t("indicator.CONNECTED_6_MONTHS") + "')) td.num")
                .first().textContent();
        return Long.parseLong(cell.split("/")[0].replaceAll("[^0-9]", ""));
    }

    // --- helpers ----------------------------------------------------------------------------------

}
