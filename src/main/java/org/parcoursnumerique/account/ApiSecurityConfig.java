package org.parcoursnumerique.account;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.parcoursnumerique.shared.ApiCaller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API under {@code /api/**}: stateless, authenticated by {@code Authorization: Bearer <token>}
 * only (no cookie, so no CSRF), errors as {@code application/problem+json}. A prescriber
 * organisation's token reaches the referral routes only, a token of the département, an EPT or a
 * consortium the indicators only (ADR 0018): any other route answers it 404, as a record out of
 * scope would, and the refusal is audited.
 */
@Configuration
class ApiSecurityConfig {

    static final String ROLE_API = "ROLE_API";
    /** A prescriber organisation's token: the referral routes. */
    static final String ROLE_API_PRESCRIBER = "ROLE_API_PRESCRIBER";
    /** A token of the département, an EPT or a consortium: the indicators. */
    static final String ROLE_API_INDICATORS = "ROLE_API_INDICATORS";
    static final String INDICATORS = "/api/v1/indicators";
    /** The connection API (offers, lines, periods): territory-scoped tokens, checked by its controller. */
    static final String CONNECTION = "/api/v1/connection";
    /** A consortium's or a member structure's token: the equipment stock of its territory (ADR 0030). */
    static final String ROLE_API_STOCK = "ROLE_API_STOCK";
    static final String EQUIPMENT = "/api/v1/equipment/**";

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiTokens tokens,
                                               org.springframework.context.MessageSource messages,
                                               org.parcoursnumerique.audit.AuditLog audit) throws Exception {
        String title = messages.getMessage("api.unauthorized", null, org.parcoursnumerique.shared.PageContext.LOCALE);
        String detail = messages.getMessage("api.unauthorized.detail", null,
                org.parcoursnumerique.shared.PageContext.LOCALE);
        String notFound = messages.getMessage("error.404.title", null, org.parcoursnumerique.shared.PageContext.LOCALE);
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(INDICATORS, INDICATORS + "/**").hasAuthority(ROLE_API_INDICATORS)
                        // connection module: any valid token passes here; the controller answers 404 to
                        // every kind of token that is not scoped to one territory's people (ADR 0035).
                        .requestMatchers(CONNECTION + "/**").hasAuthority(ROLE_API)
                        // certification: a consortium's token imports Pix results (its controller refuses the others)
                        .requestMatchers("/api/v1/certification/**").hasAuthority(ROLE_API)
                        // training module: offer imports by the département's or a consortium's software
                        // (the controller refuses an EPT's token as not found).
                        .requestMatchers("/api/v1/training/**").hasAuthority(ROLE_API_INDICATORS)
                        .requestMatchers(EQUIPMENT).hasAuthority(ROLE_API_STOCK)
                        // study module: the département's token (its controller refuses an EPT's or a consortium's)
                        .requestMatchers("/api/v1/study/**").hasAuthority(ROLE_API_INDICATORS)
                        .anyRequest().hasAuthority(ROLE_API_PRESCRIBER))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> unauthorized(response, title, detail))
                        .accessDeniedHandler((request, response, ex) -> {
                            var auth = SecurityContextHolder.getContext().getAuthentication();
                            if (auth != null && auth.getPrincipal() instanceof ApiCaller caller) {
                                // A valid token on a route of the other kind: not found for it, as out of scope.
                                String route = request.getMethod() + " " + request.getRequestURI();
                                audit.recordDeniedApi(caller, route.length() > 300 ? route.substring(0, 300) : route);
                                org.parcoursnumerique.shared.Problems.write(response, 404, notFound);
                            } else {
                                // Any other kind of login (a browser session) is not a token: same answer as none.
                                unauthorized(response, title, detail);
                            }
                        }))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    static void unauthorized(HttpServletResponse response, String title, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        org.parcoursnumerique.shared.Problems.write(response, 401, title, detail);
    }

    /** Turns a valid bearer token into an authenticated {@link ApiCaller}; anything else stays anonymous. */
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private final ApiTokens tokens;

        BearerTokenFilter(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                tokens.authenticate(header.substring(7).strip()).ifPresent(caller -> {
                    var authorities = new java.util.ArrayList<SimpleGrantedAuthority>();
                    authorities.add(new SimpleGrantedAuthority(ROLE_API));
                    if (caller.kind() == ApiCaller.Kind.PRESCRIBER) {
                        authorities.add(new SimpleGrantedAuthority(ROLE_API_PRESCRIBER));
                    }
                    if (caller.kind().readsIndicators()) {
                        authorities.add(new SimpleGrantedAuthority(ROLE_API_INDICATORS));
                    }
                    if (caller.kind().reachesStock()) {
                        authorities.add(new SimpleGrantedAuthority(ROLE_API_STOCK));
                    }
                    var auth = new UsernamePasswordAuthenticationToken(caller, null, authorities);
                    SecurityContextHolder.getContext().setAuthentication(auth);
                });
            }
            chain.doFilter(request, response);
        }
    }

}
