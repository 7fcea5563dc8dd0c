package org.parcoursnumerique.shared;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One check for every parameter (query string or form body, every page and the API), before Spring
 * Security or a controller reads it: a query string or form body that cannot be decoded at all
 * ({@code %zz}, invalid UTF-8) is refused with 400 and logged as one warning line (the client's error,
 * not the server's); no parameter may be longer than {@link #MAX_LENGTH} characters (a backstop: forms
 * check their own limits). On the API, a parameter holding a control character, a noncharacter such as
 * U+FFFE or a lone surrogate is refused with a problem document naming it; pages refuse them field by
 * field with {@link PlainText} (an inline message on the form) or drop them ({@link Names#freeText}).
 * Multipart bodies are left to the import, which checks each cell.
 *
 * <p>Ordered right after the character-encoding filter, so that parameters are decoded as UTF-8 and
 * checked before Spring Security or a controller reads them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class TextInputFilter extends OncePerRequestFilter {

    /** Request attributes {@link ErrorPages} reads to explain a 400 raised here. */
    static final String DETAIL = TextInputFilter.class.getName() + ".detail";
    static final String DETAIL_ARGS = TextInputFilter.class.getName() + ".detailArgs";

    /**
     * The longest text any field takes (the longest column is 4 000 characters): a backstop, each form
     * checks its own fields' limits with a message of its own.
     */
    static final int MAX_LENGTH = 10_000;
    private static final int MAX_NAME = 100;

    private static final Logger log = LoggerFactory.getLogger(TextInputFilter.class);

    private final MessageSource messages;

    TextInputFilter(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/")) {
            Map<String, String[]> parameters;
            try {
                parameters = request.getParameterMap();
            } catch (RuntimeException e) {
                // Tomcat refuses an undecodable query string or form body when parameters are read.
                // One line, without the exception's message: it quotes the client's bytes.
                log.warn("Malformed parameters refused with 400: {} {} ({})", request.getMethod(),
                        request.getRequestURI(), e.getClass().getSimpleName());
                reject(request, response, "input.malformed");
                return;
            }
            boolean api = request.getRequestURI().startsWith("/api/");
            for (var parameter : parameters.entrySet()) {
                String name = parameter.getKey();
                boolean clean = Names.isCleanText(name, false);
                boolean tooLong = name.length() > MAX_NAME;
                for (String value : parameter.getValue()) {
                    clean &= Names.isCleanText(value, true);
                    tooLong |= value.length() > MAX_LENGTH;
                }
                if (!clean && api) {
                    reject(request, response, "input.invalidCharacters", label(name));
                    return;
                }
                if (tooLong) {
                    reject(request, response, "input.tooLong", label(name), MAX_LENGTH);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private String label(String parameter) {
        String safe = Names.withoutForbidden(parameter);
        if (safe.length() > 60) {
            safe = safe.substring(0, 60);
        }
        return messages.getMessage("field." + safe, null, safe, PageContext.LOCALE);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String key, Object... args)
            throws IOException {
        if (request.getRequestURI().startsWith("/api/")) {
            Problems.write(response, 400, messages.getMessage("error.400.title", null, PageContext.LOCALE),
                    messages.getMessage(key, args, PageContext.LOCALE));
            return;
        }
        request.setAttribute(DETAIL, key);
        request.setAttribute(DETAIL_ARGS, args);
        // The page itself is rendered by ErrorPages from the attributes; the message goes along for tests.
        response.sendError(400, messages.getMessage(key, args, PageContext.LOCALE));
    }
}
