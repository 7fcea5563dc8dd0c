package org.parcoursnumerique.followup;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.parcoursnumerique.shared.PageContext;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The person's own follow-up page, opened from the link of their SMS or e-mail, without an account:
 * plain French, phone first, only their questions, nothing of their file. An unknown, expired or used
 * link gets a page saying so and writes nothing. Public in the security configuration ({@code /suivi/**}).
 */
@Controller
class SelfController {

    private final SelfAnswers answers;
    private final FollowUpsView view;

    SelfController(SelfAnswers answers, FollowUpsView view) {
        this.answers = answers;
        this.view = view;
    }

    @GetMapping("/suivi/{token}")
    String showQuestions(@PathVariable String token, Model model, HttpServletResponse response) {
        var outcome = answers.open(token);
        if (outcome.state() != FollowUpLinks.State.VALID) {
            return invalid(outcome.state(), model, response);
        }
        model.addAttribute("token", token);
        model.addAttribute("fields", view.fields((PageContext) model.getAttribute("ctx"), outcome.followUp(),
                Map.of(), Map.of(), true));
        model.addAttribute("errors", List.of());
        return "followup/self";
    }

    @PostMapping("/suivi/{token}")
    String processAnswers(@PathVariable String token, HttpServletRequest request, Model model,
                          HttpServletResponse response) {
        var outcome = answers.answer(token, request.getParameterMap());
        if (outcome.state() != FollowUpLinks.State.VALID) {
            return invalid(outcome.state(), model, response);
        }
        if (!outcome.saved()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("token", token);
            model.addAttribute("fields", view.fields((PageContext) model.getAttribute("ctx"), outcome.followUp(),
                    outcome.checked().values(), outcome.checked().errors(), true));
            model.addAttribute("errors", view.summary((PageContext) model.getAttribute("ctx"), outcome.followUp(),
                    outcome.checked().errors(), true));
            return "followup/self";
        }
        return "followup/self-done";
    }

    private static String invalid(FollowUpLinks.State state, Model model, HttpServletResponse response) {
        response.setStatus(state == FollowUpLinks.State.UNKNOWN ? HttpServletResponse.SC_NOT_FOUND
                : HttpServletResponse.SC_GONE);
        model.addAttribute("state", state.name());
        model.addAttribute("reasons", List.of());
        return "followup/link-invalid";
    }
}
