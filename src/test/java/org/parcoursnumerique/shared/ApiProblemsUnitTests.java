package org.parcoursnumerique.shared;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A new API module's controller gets the one problem+json shape with no advice of its own: here a
 * stock API of a stage to come, wired with the shared advice only.
 */
class ApiProblemsUnitTests {

    record NewItem(@NotBlank(message = "{api.field.required}") String label,
                   @Size(max = 3, message = "{api.field.string}") String code) {
    }

    @RestController
    static class StockApi {
        @GetMapping("/api/v1/stock/{id}")
        String item(@PathVariable long id) {
            if (id == 1) {
                throw new ConflictException("referral.conflict.REFUSED");
            }
            throw new NotFoundException();
        }

        @PostMapping("/api/v1/stock")
        String add(@Valid @RequestBody NewItem item) {
            return "ok";
        }
    }

    private final MockMvc mvc;

    ApiProblemsUnitTests() {
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        var validator = new LocalValidatorFactoryBean();
        validator.setValidationMessageSource(messages);
        validator.afterPropertiesSet();
        mvc = MockMvcBuilders.standaloneSetup(new StockApi()).setControllerAdvice(new ApiProblems(messages))
                .setValidator(validator).build();
    }

    @Test
    void notFoundAndConflictsAreProblemDocuments() throws Exception {
        mvc.perform(get("/api/v1/stock/2")).andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("about:blank")).andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.title").isNotEmpty());
        mvc.perform(get("/api/v1/stock/1")).andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(409)).andExpect(jsonPath("$.detail").isNotEmpty());
        mvc.perform(get("/api/v1/stock/abc")).andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void badJsonAndInvalidFieldsAreProblemDocumentsListingTheFields() throws Exception {
        mvc.perform(post("/api/v1/stock").contentType(MediaType.APPLICATION_JSON).content("{\"label\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("JSON mal formé"));
        mvc.perform(post("/api/v1/stock").contentType(MediaType.APPLICATION_JSON).content("{\"label\": \" \", \"code\": \"ABCD\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Requête invalide"))
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[?(@.field == 'label')].message").value("Champ obligatoire."));
        mvc.perform(post("/api/v1/stock").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
