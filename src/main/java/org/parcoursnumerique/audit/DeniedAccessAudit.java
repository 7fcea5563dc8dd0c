package org.parcoursnumerique.audit;

import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.CurrentUsers;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Audits every request answered "not found" by a {@link NotFoundException} — a record missing or
 * out of the caller's scope, which the answer never tells apart — as {@code READ_DENIED}, with the
 * route pattern and its ids: referrals, appointments, diagnostics, the API and any new page, in one
 * place rather than in every controller. It only observes (returns null), so that the usual
 * handlers still write the page or the problem+json. A refusal already recorded with its person
 * ({@link AuditLog#recordDenied}) is not recorded twice.
 */
@Component
class DeniedAccessAudit implements HandlerExceptionResolver, Ordered {

    private final AuditLog audit;

    DeniedAccessAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        if (!(ex instanceof NotFoundException) || request.getAttribute(AuditLog.DENIED_RECORDED) != null) {
            return null;
        }
        String details = describe(request);
        var user = CurrentUsers.find();
        if (user.isPresent()) {
            audit.recordDeniedRoute(user.get(), details);
        } else {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof ApiCaller caller) {
                audit.recordDeniedApi(caller, details);
            }
        }
        request.setAttribute(AuditLog.DENIED_RECORDED, Boolean.TRUE);
        return null;
    }

    /** "GET /referrals/{id} id=42": the route as declared and the ids that were asked for. */
    private static String describe(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        StringBuilder d = new StringBuilder(request.getMethod()).append(' ')
                .append(pattern != null ? pattern : request.getRequestURI());
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars) {
            new TreeMap<>(vars).forEach((k, v) -> d.append(' ').append(k).append('=').append(v));
        }
        return d.toString();
    }
}
