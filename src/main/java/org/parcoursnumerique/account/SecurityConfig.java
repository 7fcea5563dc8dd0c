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
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
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

    static final String[] PUBLIC = {"/login", "/password-reset", "/password-reset/**", "/invitation/**",
            "/assets/**", "/webjars/**", "/favicon.ico", "/error", "/actuator/health", "/actuator/health/**",
            "/information-notice", "/information-notice/**"};

    private static String[] roles(Role... roles) {
        return java.util.Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/admin/**").hasRole(Role.ADMINISTRATOR.name())
                        .requestMatchers("/beneficiaries/**").hasAnyRole(roles(Role.PROGRAMME_MANAGER,
                                Role.COORDINATOR, Role.MEDIATOR, Role.LOGISTICS_MANAGER, Role.PRESCRIBER))
                        .requestMatchers("/referrals/**").hasAnyRole(roles(Role.PROGRAMME_MANAGER,
                                Role.COORDINATOR, Role.MEDIATOR, Role.PRESCRIBER))
                        .requestMatchers("/triage").hasRole(Role.COORDINATOR.name())
                        .requestMatchers("/diagnostics/**").hasAnyRole(roles(Role.PROGRAMME_MANAGER,
                                Role.COORDINATOR, Role.MEDIATOR))
                        .requestMatchers("/referentials", "/referentials/**").hasAnyRole(roles(Role.ADMINISTRATOR,
                                Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR))
                        .requestMatchers("/referral-imports/**", "/api-tokens/**").hasRole(Role.PRESCRIBER.name())
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", true).failureUrl("/login?error"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
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

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt by default, and hashes keep their algorithm prefix so that it can change later.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
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
