package org.parcoursnumerique.account;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.AuthenticatedPrincipal;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Form login, lockout, CSRF on every form, strict headers. Every page needs a login except the
 * login, password-reset and invitation pages, static assets and the health probe. A page refused
 * to a role answers 404, like a record out of scope.
 */
@Configuration
class SecurityConfig implements WebMvcConfigurer {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
            + "object-src 'none'";

    /** The session cookie's name (kept from before sessions moved to the database). */
    static final String SESSION_COOKIE = "JSESSIONID";

    static final String[] PUBLIC = {"/login", "/password-reset", "/password-reset/**", "/invitation/**",
            "/assets/**", "/webjars/**", "/favicon.ico", "/error", "/actuator/health", "/actuator/health/**",
            "/information-notice", "/information-notice/**",
            // followup: the person answers their follow-up through a single-use link, without an account
            "/suivi/**"};

    private static String[] roles(Role... roles) {
        return java.util.Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, LoginThrottle throttle, SessionGuard guard) throws Exception {
        http.addFilterBefore(new LoginThrottle.Filter(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new SessionGuard.Filter(guard), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/admin/**").hasRole(Role.ADMINISTRATOR.name())
                        .requestMatchers("/beneficiaries/**").hasAnyRole(roles(Role.PROGRAMME_MANAGER,
                                Role.COORDINATOR, Role.MEDIATOR, Role.LOGISTICS_MANAGER, Role.PRESCRIBER))
                        .requestMatchers("/referrals/**").hasAnyRole(roles(Role.PROGRAMME_MANAGER,
                                Role.COORDINATOR, Role.MEDIATOR, Role.PRESCRIBER))
                        .requestMatchers("/triage").hasRole(Role.COORDINATOR.name())
                        .requestMatchers("/appointments", "/appointments/**").hasAnyRole(roles(Role.PROGRAMME_MANAGER,
                                Role.COORDINATOR, Role.MEDIATOR))
                        .requestMatchers("/diagnostics/**").hasAnyRole(roles(Role.PROGRAMME_MANAGER,
                                Role.COORDINATOR, Role.MEDIATOR))
                        .requestMatchers("/referentials", "/referentials/**").hasAnyRole(roles(Role.ADMINISTRATOR,
                                Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR))
                        .requestMatchers("/referral-imports/**").hasRole(Role.PRESCRIBER.name())
                        .requestMatchers("/api-tokens", "/api-tokens/**").hasAnyRole(roles(Role.PRESCRIBER,
                                Role.PROGRAMME_MANAGER, Role.EPT_VIEWER, Role.COORDINATOR, Role.LOGISTICS_MANAGER))
                        // connection module: the territory's staff and the département (ADR 0033)
                        .requestMatchers("/connection", "/connection/**").hasAnyRole(roles(Role.PROGRAMME_MANAGER,
                                Role.COORDINATOR, Role.MEDIATOR, Role.LOGISTICS_MANAGER))
                        // study module: the département's programme manager only (ADR 0042)
                        .requestMatchers("/study", "/study/**").hasRole(Role.PROGRAMME_MANAGER.name())
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", true).failureUrl("/login?error"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies(SESSION_COOKIE))
                .sessionManagement(session -> session.sessionFixation(f -> f.changeSessionId()))
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> response.sendError(
                        // An expired form (CSRF token) is a bad request; anything else is reported as missing.
                        denied instanceof CsrfException ? HttpServletResponse.SC_BAD_REQUEST
                                : HttpServletResponse.SC_NOT_FOUND)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=()")));
        return http.build();
    }

    /**
     * The session cookie of Spring Session (it does not read {@code server.servlet.session.cookie.*}):
     * same name as before, HTTP only, SameSite=Lax, Secure when the request is.
     */
    @Bean
    CookieSerializer sessionCookieSerializer() {
        var cookie = new DefaultCookieSerializer();
        cookie.setCookieName(SESSION_COOKIE);
        cookie.setCookiePath("/");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        return cookie;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // New hashes are Argon2id (no 72-byte limit, memory-hard); hashes keep their algorithm prefix,
        // so bcrypt hashes still log in and are rehashed at the next login (ADR 0008).
        var encoders = new java.util.HashMap<String, PasswordEncoder>();
        encoders.put("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        encoders.put("bcrypt", new LongPasswordSafeBCrypt());
        encoders.put("noop", org.springframework.security.crypto.password.NoOpPasswordEncoder.getInstance());
        return new DelegatingPasswordEncoder("argon2", encoders);
    }

    /**
     * bcrypt reads only 72 bytes and Spring Security's encoder throws beyond: a longer password
     * typed against an old bcrypt hash is simply a wrong password, never an error page.
     */
    static final class LongPasswordSafeBCrypt implements PasswordEncoder {

        static final int MAX_BYTES = 72;

        private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

        @Override
        public String encode(CharSequence rawPassword) {
            return bcrypt.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            if (rawPassword != null
                    && rawPassword.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
                return false;
            }
            return bcrypt.matches(rawPassword, encodedPassword);
        }

        @Override
        public boolean upgradeEncoding(String encodedPassword) {
            return bcrypt.upgradeEncoding(encodedPassword);
        }
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(fromPrincipal(ApiCaller.class,
                principal -> principal instanceof ApiCaller caller ? caller : null));
        resolvers.add(fromPrincipal(CurrentUser.class,
                principal -> principal instanceof AuthenticatedPrincipal p ? p.currentUser() : null));
    }

    /** Resolves a controller parameter of {@code type} from the security principal; refuses without one. */
    private static <T> HandlerMethodArgumentResolver fromPrincipal(Class<T> type,
                                                                   java.util.function.Function<Object, T> extract) {
        return new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == type;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binderFactory) {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                T value = auth == null ? null : extract.apply(auth.getPrincipal());
                if (value == null) {
                    throw new org.springframework.security.access.AccessDeniedException("authentication required");
                }
                return value;
            }
        };
    }
}
