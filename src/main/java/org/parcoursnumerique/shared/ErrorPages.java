package org.parcoursnumerique.shared;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.ui.Model;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.stereotype.Controller;

/** Error pages that say what to do next and leak nothing (no stack trace, no message). */
@Controller
class ErrorPages implements ErrorController {

    /** Statuses with their own title and text in messages.properties. */
    private static final java.util.Set<Integer> KNOWN = java.util.Set.of(400, 404, 405, 406, 409, 413, 415, 500);

    private final MessageSource messages;
    private final DemoMode demoMode;

    ErrorPages(MessageSource messages, DemoMode demoMode) {
        this.messages = messages;
        this.demoMode = demoMode;
    }

    @RequestMapping("/error")
    ModelAndView showError(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        // A forbidden page is reported as missing so that nobody learns what exists out of scope.
        if (status == 403) {
            status = 404;
        }
        // A client error stays a client error (406, 415…): only server errors become 500.
        if (status < 400 || status > 499) {
            status = 500;
        }
        response.setStatus(status);
        // The texts of a client error without its own (408, 414…) are those of 400.
        int texts = KNOWN.contains(status) ? status : 400;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && path.startsWith("/api/")) {
            // API clients get application/problem+json, never an HTML page.
            int problemStatus = status;
            String title = messages.getMessage("error." + texts + ".title", null, PageContext.LOCALE);
            return new ModelAndView((View) (m, req, res) -> Problems.write(res, problemStatus, title));
        }
        model.addAttribute("ctx", WebAdvice.build(messages, demoMode.enabled(), request, false));
        model.addAttribute("status", texts);
        // A refusal of TextInputFilter says which field was refused and why.
        Object detail = status == 400 ? request.getAttribute(TextInputFilter.DETAIL) : null;
        model.addAttribute("detail", detail);
        model.addAttribute("detailArgs", detail == null ? null : request.getAttribute(TextInputFilter.DETAIL_ARGS));
        return new ModelAndView("shared/error", model.asMap());
    }
}
