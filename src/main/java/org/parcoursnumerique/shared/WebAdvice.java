package org.parcoursnumerique.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.support.RequestContextUtils;

/** Gives every page its {@link PageContext} and maps the typed exceptions to error pages once. */
@ControllerAdvice
class WebAdvice {

    private final MessageSource messages;
    private final DemoMode demoMode;

    WebAdvice(MessageSource messages, DemoMode demoMode) {
        this.messages = messages;
        this.demoMode = demoMode;
    }

    @InitBinder
    void protectIds(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @ModelAttribute("ctx")
    PageContext pageContext(HttpServletRequest request) {
        return build(messages, demoMode.enabled(), request);
    }

    static PageContext build(MessageSource messages, boolean demo, HttpServletRequest request) {
        return build(messages, demo, request, true);
    }

    /**
     * The page context; {@code withFlash} false for error pages, which must never show the message of
     * the action that led there (it would say "saved" above "nothing was saved").
     */
    static PageContext build(MessageSource messages, boolean demo, HttpServletRequest request, boolean withFlash) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        var flashMap = RequestContextUtils.getInputFlashMap(request);
        Flash flash = !withFlash || flashMap == null ? null : Flash.of(flashMap.get(Flash.ATTRIBUTE));
        return new PageContext(messages, CurrentUsers.find().orElse(null),
                csrf == null ? "_csrf" : csrf.getParameterName(), csrf == null ? "" : csrf.getToken(),
                request.getRequestURI(), flash, demo);
    }

    private PageContext errorPageContext(HttpServletRequest request) {
        return build(messages, demoMode.enabled(), request, false);
    }

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    String notFound(HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("ctx", errorPageContext(request));
        model.addAttribute("status", 404);
        model.addAttribute("detail", null);
        return "shared/error";
    }

    @ExceptionHandler(ConflictException.class)
    String conflict(ConflictException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("ctx", errorPageContext(request));
        model.addAttribute("status", 409);
        model.addAttribute("detail", e.messageKey());
        return "shared/error";
    }

    /**
     * An upload over the multipart limits fails before any controller is chosen. Answered here, in the
     * request itself: the error dispatch would parse the body again, fail again and send an empty 413.
     */
    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    org.springframework.web.servlet.ModelAndView tooLarge(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(413);
        if (request.getRequestURI().startsWith("/api/")) {
            String title = messages.getMessage("api.tooLarge", null, PageContext.LOCALE);
            return new org.springframework.web.servlet.ModelAndView(
                    (org.springframework.web.servlet.View) (m, req, res) -> Problems.write(res, 413, title));
        }
        var model = new java.util.HashMap<String, Object>();
        model.put("ctx", pageContext(request));
        model.put("status", 413);
        model.put("detail", null);
        return new org.springframework.web.servlet.ModelAndView("shared/error", model);
    }

    /**
     * The last safety net for a text longer than its column (SQLSTATE 22001) that a form let through:
     * the transaction is rolled back, and the person is told which kind of mistake it was, not just
     * that something failed.
     */
    @ExceptionHandler(org.springframework.dao.DataIntegrityViolationException.class)
    org.springframework.web.servlet.ModelAndView dataTooLong(org.springframework.dao.DataIntegrityViolationException e,
                                                            HttpServletRequest request, HttpServletResponse response)
            throws org.springframework.dao.DataIntegrityViolationException {
        if (!isValueTooLong(e)) {
            throw e;
        }
        response.setStatus(400);
        if (request.getRequestURI().startsWith("/api/")) {
            String title = messages.getMessage("error.400.title", null, PageContext.LOCALE);
            String detail = messages.getMessage("input.tooLong.stored", null, PageContext.LOCALE);
            return new org.springframework.web.servlet.ModelAndView(
                    (org.springframework.web.servlet.View) (m, req, res) -> Problems.write(res, 400, title, detail));
        }
        var model = new java.util.HashMap<String, Object>();
        model.put("ctx", pageContext(request));
        model.put("status", 400);
        model.put("detail", "input.tooLong.stored");
        return new org.springframework.web.servlet.ModelAndView("shared/error", model);
    }

    /** Whether the database refused a value longer than its column (SQLSTATE 22001, PostgreSQL and H2). */
    static boolean isValueTooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "22001".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    String badRequest(HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("ctx", errorPageContext(request));
        model.addAttribute("status", 400);
        model.addAttribute("detail", null);
        return "shared/error";
    }
}
