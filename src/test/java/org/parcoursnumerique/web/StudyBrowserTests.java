package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.Test;

/**
 * The study page in a real Chromium with axe-core: the département's programme manager reaches it
 * from the menu, asks for a production, is told clearly when the new campaign has no name (focus on
 * the summary), reads the dictionary; a coordinator has no menu entry and gets 404.
 */
class StudyBrowserTests extends BrowserTestSupport {

    @Test
    void theProgrammeManagerAsksForAProductionAndReadsTheDictionary() {
        Page page = newPage();
        login(page, BrowserJourneyTests.DEPARTEMENT);
        link(page, t("nav.study")).click();
        page.waitForURL(url("/study"));
        assertAccessible(page, "study page");
        button(page, t("study.exports.request")).click();
        page.waitForURL(url("/study"));
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText(t("study.export.requested"));
        PlaywrightAssertions.assertThat(page.locator("table")).containsText(t("study.via.WEB"));

        button(page, t("study.campaign.submit")).click();
        page.waitForURL(url("/study#campaign"));
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).containsText(t("study.campaign.name.required"));
        assertAccessible(page, "new campaign form with its error");

        link(page, t("study.dictionary.link")).click();
        page.waitForURL(url("/study/dictionary"));
        PlaywrightAssertions.assertThat(page.locator("table").first()).containsText("person_key");
        assertAccessible(page, "data dictionary");

        Page phone = newPage(desktop().setViewportSize(390, 844));
        login(phone, BrowserJourneyTests.DEPARTEMENT);
        open(phone, "/study");
        assertAccessible(phone, "study page on a phone");
    }

    @Test
    void aCoordinatorHasNoStudyPage() {
        Page page = newPage();
        login(page, COORDINATOR);
        assertThat(page.locator("a[href='/study']").count()).isZero();
        assertThat(page.navigate(url("/study")).status()).isEqualTo(404);
    }
}
