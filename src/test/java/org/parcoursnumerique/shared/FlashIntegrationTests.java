package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The message of an action shows only on the page the action leads to, with its severity in words
 * and colour; an error page rendered afterwards never repeats it ("saved" above "nothing was saved").
 */
@IntegrationTest
class FlashIntegrationTests {

    private static final String COMPLETED = "Le diagnostic est terminé";

    @Autowired MockMvc mvc;
    @Autowired TestData data;

    private static org.springframework.test.web.servlet.request.RequestPostProcessor flash(Object value) {
        return org.parcoursnumerique.support.Flashes.of(java.util.Map.of(Flash.ATTRIBUTE, value));
    }

    @Test
    void aMessageKeyAloneIsShownAsASuccess() throws Exception {
        String page = mvc.perform(get("/programme").with(data.programmeManager().login())
                        .with(flash("diagnostic.completed")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("class=\"flash flash-success\" role=\"status\"").contains("Fait\u00a0:")
                .contains(COMPLETED);
    }

    @Test
    void warningsAndErrorsAreShownDistinctlyAndErrorsInterrupt() throws Exception {
        var user = data.programmeManager();
        String warning = mvc.perform(get("/programme").with(user.login())
                        .with(flash(new Flash(Flash.Severity.WARNING, "appointment.scheduled.unreachable"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(warning).contains("class=\"flash flash-warning\" role=\"status\"").contains("Attention\u00a0:");
        String error = mvc.perform(get("/programme").with(user.login())
                        .with(flash(new Flash(Flash.Severity.ERROR, "referral.message.required"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(error).contains("class=\"flash flash-error\" role=\"alert\"").contains("Erreur\u00a0:");
    }

    @Test
    void aNotFoundPageNeverShowsTheMessageOfTheAction() throws Exception {
        String page = mvc.perform(get("/beneficiaries/999999999").with(data.programmeManager().login())
                        .with(flash("diagnostic.completed")))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("data-error-status=\"404\"").doesNotContain(COMPLETED).doesNotContain("class=\"flash");
    }

    @Test
    void theServerErrorPageNeverShowsTheMessageOfTheAction() throws Exception {
        // What the servlet container forwards to /error when a page failed after a redirect with a flash.
        String page = mvc.perform(get("/error").with(data.programmeManager().login())
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/diagnostics/1")
                        .with(flash("diagnostic.completed")))
                .andExpect(status().isInternalServerError()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("data-error-status=\"500\"").doesNotContain(COMPLETED).doesNotContain("class=\"flash");
    }
}
