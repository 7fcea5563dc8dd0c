package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.shared.Hashes;
import org.parcoursnumerique.support.RequiresPostgres;
import org.parcoursnumerique.support.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * Certification and follow-ups in a real Chromium with axe-core: the mediator registers a person for
 * Pix and records a passed result (the home page's "certifiées" moves), closes an accompaniment, and
 * the person answers their 3-month follow-up through their link on a phone.
 */
class CertificationFollowUpBrowserTests extends BrowserTestSupport {

    @Autowired org.parcoursnumerique.diagnostic.CommonCore core;

    Page newPage(int width, int height) {
        return newPage(desktop().setViewportSize(width, height));
    }

    /** The certified people of T6 on the home page: counted in the period plus after the deadline. */
    long certifiedOnHome(Page page) {
        open(page, "/");
        Locator row = page.locator("section[aria-labelledby=indicators-T6] tr",
                new Page.LocatorOptions().setHasText(t("indicator.CERTIFIED")));
        Locator cells = row.locator("td.num");
        return firstNumber(cells.first().textContent()) + firstNumber(cells.last().textContent());
    }

    static long firstNumber(String text) {
        var m = Pattern.compile("\\d[\\d\\s\u00a0\u202f]*").matcher(text);
        return m.find() ? Long.parseLong(m.group().replaceAll("\\D", "")) : 0;
    }

    @Test
    void theMediatorRegistersAPersonAndRecordsAPassedPixResultAndTheHomePageCountsIt() {
        long person = jdbc.sql("""
                SELECT b.id FROM beneficiary b JOIN territory t ON t.id = b.territory_id
                WHERE t.code = 'T6' AND b.status = 'IN_PATHWAY'
                  AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id AND m.code = 'CERTIFIED')
                ORDER BY b.id LIMIT 1""").query(Long.class).single();
        Page page = newPage(1280, 900);
        login(page, MEDIATOR);
        long before = certifiedOnHome(page);

        open(page, "/beneficiaries/" + person);
        link(page, t("certification.section.register")).click();
        page.waitForURL(Pattern.compile(".*/beneficiaries/" + person + "/certifications/new$"));
        assertAccessible(page, "certification registration form");
        page.locator("#reg-kind").selectOption(new SelectOption().setLabel("Pix — Pix (GIP)"));
        page.locator("#reg-centre").selectOption(new SelectOption().setLabel("Centre Pix de Seine-Saint-Denis"));
        page.getByLabel(t("certification.sessionDate")).fill(today().minusDays(2).toString());
        page.getByLabel(t("certification.funding.PASS_NUMERIQUE")).check();
        page.getByLabel(t("certification.cost")).fill("59,90");
        button(page, t("certification.register")).click();
        page.waitForURL(Pattern.compile(".*/certifications/\\d+$"));
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText(t("certification.registered"));
        assertAccessible(page, "certification registration page");

        page.locator("#res-score").fill("412");
        page.locator("#res-verificationCode").fill("P-2B3C4D6F");
        button(page, t("certification.result.submit")).click();
        page.waitForLoadState();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText(t("certification.resultRecorded"));
        PlaywrightAssertions.assertThat(page.locator("dl.summary")).containsText(t("certification.status.PASSED"));
        assertAccessible(page, "certification with its result");

        assertThat(certifiedOnHome(page)).as("the home page counts the new certified person").isEqualTo(before + 1);
    }

    @Test
    void thePersonAnswersTheirThreeMonthFollowUpOnAPhoneThroughTheirLink() {
        long person = jdbc.sql("""
                SELECT b.id FROM beneficiary b JOIN territory t ON t.id = b.territory_id
                WHERE t.code = 'T6' AND b.status = 'IN_PATHWAY'
                  AND EXISTS (SELECT 1 FROM diagnostic d WHERE d.beneficiary_id = b.id AND d.status = 'COMPLETED')
                  AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.beneficiary_id = b.id AND m.code IN ('COMPLETED', 'EXITED'))
                ORDER BY b.id DESC LIMIT 1""").query(Long.class).single();
        Page staff = newPage(1280, 900);
        login(staff, MEDIATOR);
        open(staff, "/beneficiaries/" + person);
        link(staff, t("close.link")).click();
        staff.waitForURL(Pattern.compile(".*/beneficiaries/" + person + "/close$"));
        assertAccessible(staff, "close the accompaniment");
        staff.getByLabel(t("close.confirm")).check();
        button(staff, t("close.submit")).click();
        staff.waitForURL(Pattern.compile(".*/beneficiaries/" + person + "$"));
        PlaywrightAssertions.assertThat(staff.locator(".flash")).containsText(t("close.recorded"));

        long followUp = jdbc.sql("SELECT id FROM follow_up WHERE beneficiary_id = :p AND stage_code = 'M3'")
                .param("p", person).query(Long.class).single();
        // The link as the outbox would send it: only its hash is stored.
        String token = "Lien-de-test_" + "x".repeat(30);
        jdbc.sql("""
                INSERT INTO follow_up_link (follow_up_id, token_hash, created_at, expires_at)
                VALUES (:f, :h, :now, :expires)""").param("f", followUp).param("h", Hashes.sha256(token))
                .param("now", OffsetDateTime.now()).param("expires", OffsetDateTime.now().plusDays(14)).update();

        Page phone = newPage(390, 844);
        open(phone, "/suivi/" + token);
        PlaywrightAssertions.assertThat(phone.locator("h1")).hasText(t("followUp.self.title"));
        assertAccessible(phone, "the person's follow-up on a phone");
        // The person answers as at their diagnostic (follow-up questions appear as their answer is chosen).
        core.diagnosticAnswers(person).forEach((key, values) -> {
            for (String v : values) {
                // A demo answer may hold quotes or apostrophes: the CSS string is escaped.
                String value = v.replace("\\", "\\\\").replace("\"", "\\\"");
                Locator input = phone.locator("[name='q_" + key + "'][value=\"" + value + "\"]");
                if (input.count() > 0) {
                    input.first().check();
                } else {
                    phone.locator("[name='q_" + key + "']").first().fill(v);
                }
            }
        });
        phone.getByLabel(t("followUp.device.WORKS"), new Page.GetByLabelOptions().setExact(true)).check();
        phone.getByLabel(t("followUp.connection.MOBILE"), new Page.GetByLabelOptions().setExact(true)).check();
        phone.getByLabel(t("followUp.since.TRAINING"), new Page.GetByLabelOptions().setExact(true)).check();
        phone.getByLabel(t("followUp.needs.self")).fill("Savoir payer en ligne sans risque");
        button(phone, t("followUp.self.submit")).click();
        phone.waitForLoadState();
        if (phone.locator(".error-summary").count() > 0) {
            fail("the answers were refused: " + phone.locator(".error-summary").innerText());
        }
        PlaywrightAssertions.assertThat(phone.locator("h1")).hasText(t("followUp.self.done.title"));
        assertAccessible(phone, "the person's thanks");
        assertThat(jdbc.sql("SELECT reached_on FROM milestone WHERE beneficiary_id = :p AND code = 'FOLLOW_UP_3_MONTHS'")
                .param("p", person).query(LocalDate.class).single()).isEqualTo(today());

        // The same link again: a clear page, nothing written.
        open(phone, "/suivi/" + token);
        PlaywrightAssertions.assertThat(phone.locator("h1")).hasText(t("followUp.link.USED.title"));
        assertAccessible(phone, "a used link");
        open(staff, "/beneficiaries/" + person);
        PlaywrightAssertions.assertThat(staff.locator("#followup-title")).isVisible();
        PlaywrightAssertions.assertThat(staff.locator("section[aria-labelledby=followup-title] table")).isVisible();
    }

    // --- helpers ----------------------------------------------------------------------------------

    static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/Paris"));
    }

    @Override
    String t(String key, Object... args) {
        return org.parcoursnumerique.shared.French.spaces(messages.getMessage(key, args, Locale.FRANCE));
    }

}
