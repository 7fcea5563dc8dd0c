package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The crawl on the embedded default exactly as the README starts it: an H2 file database, demo mode
 * switched on by itself ("auto"), only fewer fictitious people to stay fast. Also the page layout
 * on a phone, with the browser the crawl already launched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parcours.demo.beneficiaries=150"})
class EmbeddedDefaultCrawlTests extends CrawlTests {

    private static final String COORDINATOR = "coordination.t6@demo.parcours.test";

    @DynamicPropertySource
    static void embeddedDatabase(DynamicPropertyRegistry registry) throws Exception {
        var dir = Files.createTempDirectory("parcours-crawl-h2");
        // Same URL shape as application.properties, in a temporary folder instead of ./data.
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:file:" + dir.resolve("parcours") + ";MODE=PostgreSQL;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    @Order(3)
    void onePageOfEachTemplatePassesAxe() {
        assertOnePageOfEachTemplatePassesAxe();
    }

    /**
     * On a phone (390×844) the header, the menu and the demo banner leave the screen to the page: the
     * menu is folded behind one "Menu" control that opens with the keyboard and without script.
     */
    @Test
    @Order(4)
    void onAPhoneTheMenuFoldsAndTheHeaderStaysSmall() {
        Page page = pageAs(COORDINATOR, 390, 844);
        page.navigate(url("/"));
        double top = ((Number) page.evaluate(
                "() => document.querySelector('.demo-banner').getBoundingClientRect().bottom")).doubleValue();
        assertThat(top).as("height of header, menu and banner at 390×844").isLessThan(844 * 0.2);
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Personnes accompagnées").setExact(true))).isHidden();

        // Keyboard only: skip link, brand, then the menu control; Enter opens it, Tab enters it.
        page.keyboard().press("Tab");
        page.keyboard().press("Tab");
        page.keyboard().press("Tab");
        assertThat((String) page.evaluate("() => document.activeElement.tagName")).isEqualTo("SUMMARY");
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(page.locator("details.phone-menu")).hasAttribute("open", "");
        var people = page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Personnes accompagnées").setExact(true));
        PlaywrightAssertions.assertThat(people).isVisible();
        page.keyboard().press("Tab");
        assertThat((String) page.evaluate("() => document.activeElement.textContent.trim()")).isEqualTo("Accueil");
        assertThat(axeViolations(page)).as("axe-core with the phone menu open").isEmpty();
        people.click();
        page.waitForURL(url("/beneficiaries"));
        PlaywrightAssertions.assertThat(page.locator("details.phone-menu")).not().hasAttribute("open", "");
        page.context().close();

        // On a wide screen the menu is laid out in full and the phone control is gone.
        Page wide = pageAs(COORDINATOR, 1280, 900);
        wide.navigate(url("/"));
        PlaywrightAssertions.assertThat(wide.locator("details.phone-menu")).isHidden();
        PlaywrightAssertions.assertThat(wide.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Personnes accompagnées").setExact(true))).isVisible();
        wide.context().close();
    }
}
