package org.parcoursnumerique.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parcoursnumerique.referral.NewReferral;
import org.parcoursnumerique.referral.Referrals;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of the application, read from the request mappings, against every role: in scope
 * it works, out of scope or for a role without the right it answers 404, anonymous callers are
 * sent to the login page unless the route is public. A new route without a line here fails.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIntegrationTests {

    /** How to call a route for a user, and what it should answer. */
    record Route(boolean isPublic, Set<Role> allowed, int success,
                 BiFunction<Role, Fixture, AbstractMockHttpServletRequestBuilder<?>> inScope,
                 BiFunction<Role, Fixture, AbstractMockHttpServletRequestBuilder<?>> outOfScope, boolean api,
                 java.util.function.Function<Fixture, String> token) {

        Route(boolean isPublic, Set<Role> allowed, int success,
              BiFunction<Role, Fixture, AbstractMockHttpServletRequestBuilder<?>> inScope,
              BiFunction<Role, Fixture, AbstractMockHttpServletRequestBuilder<?>> outOfScope) {
            this(isPublic, allowed, success, inScope, outOfScope, false, x -> x.token);
        }

        Route(boolean isPublic, Set<Role> allowed, int success,
              BiFunction<Role, Fixture, AbstractMockHttpServletRequestBuilder<?>> inScope,
              BiFunction<Role, Fixture, AbstractMockHttpServletRequestBuilder<?>> outOfScope, boolean api) {
            this(isPublic, allowed, success, inScope, outOfScope, api, x -> x.token);
        }
    }

    /** The data the routes are called with. */
    class Fixture {
        final Map<Role, TestData.TestUser> users = new EnumMap<>(Role.class);
        final Map<Role, Long> personInScope = new EnumMap<>(Role.class);
        long personOutOfScope;
        long aseDistrict;

        long structureT6;
        long referralOutOfScope;
        long suspicionOutOfScope;

        long victimUser() {
            return data.user(Role.MEDIATOR, data.consortiumMember("T9")).id();
        }

        /** A fresh referral from the fixture's prescriber (T6), put in the given status. */
        long referral(String status) {
            long id = submitReferral(users.get(Role.PRESCRIBER));
            jdbc.sql("UPDATE referral SET status = :status WHERE id = :id").param("status", status).param("id", id).update();
            return id;
        }

        String token;
        long importInScope;
        long importOutOfScope;

        long freshToken() {
            return freshToken(Role.PRESCRIBER);
        }

        /** A fresh token of the organisation whose tokens this role manages (the prescriber's for the others). */
        long freshToken(Role role) {
            long holder = switch (role) {
                case PROGRAMME_MANAGER, EPT_VIEWER, LOGISTICS_MANAGER -> users.get(role).organisationId();
                case COORDINATOR -> jdbc.sql("SELECT consortium_id FROM organisation WHERE id = :id")
                        .param("id", structureT6).query(Long.class).single();
                default -> users.get(Role.PRESCRIBER).organisationId();
            };
            apiTokens.store(holder, "matrice", "pn_matrix_" + System.nanoTime(), null);
            return jdbc.sql("SELECT MAX(id) FROM api_token").query(Long.class).single();
        }

        /** A token of the EPT of T6: the indicators API. */
        String indicatorsToken;
        String consortiumToken;

        long appointmentOutOfScope;

        /** A fresh person of T6 whose referral was accepted, referred by the fixture's prescriber. */
        long acceptedPerson() {
            return data.beneficiary().referredBy(users.get(Role.PRESCRIBER).organisationId()).withStatus("ACCEPTED")
                    .create();
        }

        /** A fresh appointment of a person of T6 at the fixture's structure, in the given status. */
        long appointment(String status, boolean past) {
            return insertAppointment(acceptedPerson(), structureT6, users.get(Role.MEDIATOR).id(), status, past);
        }

        /** A fresh referral with an open duplicate suspicion; returns "referralId/duplicates/suspicionId". */
        String suspicion() {
            long referral = referral("SUBMITTED");
            return referral + "/duplicates/" + addSuspicion(referral, personInScope.get(Role.PRESCRIBER));
        }
    }

    long submitReferral(TestData.TestUser prescriber) {
        var submission = referrals.submit(new NewReferral("Matrice", "Personne", java.time.LocalDate.of(1980, 1, 1),
                        "93066", "LONG_TERM_JOBSEEKER", null, null, null, null, null, null, true, true, false),
                new Referrals.Submitter(prescriber.organisationId(), prescriber.id(), prescriber.email(),
                        Referrals.Source.WEB));
        assertThat(submission.problems()).isEmpty();
        return submission.referralId();
    }

    long insertAppointment(long person, long structure, long mediator, String status, boolean past) {
        var start = java.time.OffsetDateTime.now().plusDays(past ? -1 : 5).withNano(0);
        jdbc.sql("""
                INSERT INTO appointment (beneficiary_id, territory_id, referring_organisation_id, starts_at, structure_id,
                    mediator_id, status, created_at, updated_at)
                SELECT b.id, b.territory_id, b.referring_organisation_id, :start, :structure, :mediator, :status,
                       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                FROM beneficiary b WHERE b.id = :person""")
                .param("start", start).param("structure", structure).param("mediator", mediator)
                .param("status", status).param("person", person).update();
        return jdbc.sql("SELECT MAX(id) FROM appointment").query(Long.class).single();
    }

    long addSuspicion(long referral, long existing) {
        jdbc.sql("INSERT INTO duplicate_suspicion (referral_id, existing_id, rule) VALUES (:r, :e, 'TWO_FIELDS')")
                .param("r", referral).param("e", existing).update();
        return jdbc.sql("SELECT MAX(id) FROM duplicate_suspicion").query(Long.class).single();
    }

    static final Set<Role> PEOPLE_READERS = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR,
            Role.LOGISTICS_MANAGER, Role.PRESCRIBER);
    static final Set<Role> TIMELINE_READERS = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR,
            Role.LOGISTICS_MANAGER);
    static final Set<Role> CONTACT_EDITORS = Set.of(Role.COORDINATOR, Role.MEDIATOR, Role.PRESCRIBER);
    static final Set<Role> ADMIN = Set.of(Role.ADMINISTRATOR);
    /** Who answers the person's requests about their data (ADR 0019). */
    static final Set<Role> PERSON_DATA_OFFICERS = Set.of(Role.COORDINATOR, Role.PROGRAMME_MANAGER);
    static final Set<Role> EVERYONE = Set.of(Role.values());
    static final Set<Role> REFERRAL_READERS = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR,
            Role.PRESCRIBER);
    static final Set<Role> PRESCRIBERS = Set.of(Role.PRESCRIBER);
    /** Roles whose organisation holds API tokens (prescribers; the département, EPTs and consortia: ADR 0018). */
    static final Set<Role> TOKEN_HOLDERS = Set.of(Role.PRESCRIBER, Role.PROGRAMME_MANAGER, Role.EPT_VIEWER,
            Role.COORDINATOR, Role.LOGISTICS_MANAGER);
    static final Set<Role> COORDINATORS = Set.of(Role.COORDINATOR);
    static final Set<Role> APPOINTMENT_STAFF = Set.of(Role.COORDINATOR, Role.MEDIATOR);
    static final Set<Role> AGENDA_READERS = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR);

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired Referrals referrals;
    @Autowired org.parcoursnumerique.account.ApiTokens apiTokens;
    @Autowired org.parcoursnumerique.organisation.Organisations organisations;
    @Autowired org.parcoursnumerique.referral.ReferralImports imports;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    Fixture fixture;
    final Map<String, Route> routes = new LinkedHashMap<>();

    @BeforeAll
    void createFixture() {
        fixture = new Fixture();
        var f = fixture;
        f.users.put(Role.ADMINISTRATOR, data.administrator());
        f.users.put(Role.PROGRAMME_MANAGER, data.programmeManager());
        f.users.put(Role.EPT_VIEWER, data.eptViewer("T6"));
        long structure = data.consortiumMember("T6");
        f.structureT6 = structure;
        f.users.put(Role.COORDINATOR, data.user(Role.COORDINATOR, structure));
        f.users.put(Role.MEDIATOR, data.user(Role.MEDIATOR, structure));
        f.users.put(Role.LOGISTICS_MANAGER, data.user(Role.LOGISTICS_MANAGER, structure));
        f.users.put(Role.PRESCRIBER, data.prescriberUser("T6"));
        long referredByPrescriber = data.beneficiary().referredBy(f.users.get(Role.PRESCRIBER).organisationId()).create();
        for (Role role : Role.values()) {
            f.personInScope.put(role, referredByPrescriber);
        }
        f.personOutOfScope = data.beneficiary().livingIn("93048", "T8").create();
        f.aseDistrict = jdbc.sql("SELECT id FROM ase_district WHERE code = 'ASE-BOB'").query(Long.class).single();
        var otherPrescriber = data.user(Role.PRESCRIBER, data.prescriber("FRANCE_TRAVAIL", "T8"));
        f.referralOutOfScope = referrals.submit(new NewReferral("Ailleurs", "Personne", java.time.LocalDate.of(1975, 5, 5),
                        "Montreuil", "LONG_TERM_JOBSEEKER", null, null, null, null, null, null, true, true, false),
                new Referrals.Submitter(otherPrescriber.organisationId(), otherPrescriber.id(), otherPrescriber.email(),
                        Referrals.Source.WEB)).referralId();
        f.suspicionOutOfScope = addSuspicion(f.referralOutOfScope, f.personOutOfScope);
        f.token = "pn_matrix_token_" + System.nanoTime();
        apiTokens.store(f.users.get(Role.PRESCRIBER).organisationId(), "matrice", f.token, null);
        f.importInScope = runImport(f.users.get(Role.PRESCRIBER));
        f.importOutOfScope = runImport(otherPrescriber);
        long tokenOutOfScope;
        apiTokens.store(otherPrescriber.organisationId(), "autre", "pn_other_" + System.nanoTime(), null);
        tokenOutOfScope = jdbc.sql("SELECT MAX(id) FROM api_token").query(Long.class).single();

        route("GET /", false, EVERYONE, 200, (r, x) -> get("/"));
        route("GET /login", true, EVERYONE, 200, (r, x) -> get("/login"));
        route("GET /password-reset", true, EVERYONE, 200, (r, x) -> get("/password-reset"));
        route("POST /password-reset", true, EVERYONE, 302,
                (r, x) -> post("/password-reset").param("email", "nobody@test.parcours.example"));
        route("GET /password-reset/{token}", true, EVERYONE, 200, (r, x) -> get("/password-reset/unknown-token"));
        route("POST /password-reset/{token}", true, EVERYONE, 200, (r, x) -> post("/password-reset/unknown-token")
                .param("password", "un mot de passe assez long").param("confirmation", "un mot de passe assez long"));
        route("GET /invitation/{token}", true, EVERYONE, 200, (r, x) -> get("/invitation/unknown-token"));
        route("POST /invitation/{token}", true, EVERYONE, 200, (r, x) -> post("/invitation/unknown-token")
                .param("password", "un mot de passe assez long").param("confirmation", "un mot de passe assez long"));
        route("GET /programme", false, EVERYONE, 200, (r, x) -> get("/programme"));
        route("GET /programme/edit", false, Set.of(Role.PROGRAMME_MANAGER), 200, (r, x) -> get("/programme/edit"));
        route("POST /programme", false, Set.of(Role.PROGRAMME_MANAGER), 302, (r, x) -> programmeForm());
        route("GET /beneficiaries", false, PEOPLE_READERS, 200, (r, x) -> get("/beneficiaries"));
        scopedRoute("GET /beneficiaries/{id}", PEOPLE_READERS, 200, id -> get("/beneficiaries/" + id));
        scopedRoute("GET /beneficiaries/{id}/export.pdf", PERSON_DATA_OFFICERS, 200,
                id -> get("/beneficiaries/" + id + "/export.pdf"));
        scopedRoute("GET /beneficiaries/{id}/export.json", PERSON_DATA_OFFICERS, 200,
                id -> get("/beneficiaries/" + id + "/export.json"));
        // The timeline's own page (ADR 0016): staff who read people's files, never prescribers.
        scopedRoute("GET /beneficiaries/{id}/timeline", TIMELINE_READERS, 200, id -> get("/beneficiaries/" + id + "/timeline"));
        scopedRoute("GET /beneficiaries/{id}/contact", CONTACT_EDITORS, 200, id -> get("/beneficiaries/" + id + "/contact"));
        scopedRoute("POST /beneficiaries/{id}/contact", CONTACT_EDITORS, 302, id -> post("/beneficiaries/" + id + "/contact")
                .param("phone", "06 39 98 00 00").param("preferredChannel", "SMS")
                .param("version", String.valueOf(version(id))));
        scopedRoute("POST /beneficiaries/{id}/consents/sms", CONTACT_EDITORS, 302,
                id -> post("/beneficiaries/" + id + "/consents/sms").param("accepted", "true"));
        scopedRoute("POST /beneficiaries/{id}/consents/withdraw", CONTACT_EDITORS, 302,
                id -> post("/beneficiaries/" + id + "/consents/withdraw").param("purpose", "EVALUATION_STUDY"));
        scopedRoute("GET /beneficiaries/{id}/exit", APPOINTMENT_STAFF, 200, id -> get("/beneficiaries/" + id + "/exit"));
        scopedRoute("POST /beneficiaries/{id}/exit", APPOINTMENT_STAFF, 302, id -> post("/beneficiaries/" + id + "/exit")
                .param("reason", "MOVED_AWAY").param("date", java.time.LocalDate.now().toString()));
        scopedRoute("POST /beneficiaries/{id}/exit/undo", APPOINTMENT_STAFF, 302,
                id -> post("/beneficiaries/" + id + "/exit/undo"));
        route("GET /admin/organisations", false, ADMIN, 200, (r, x) -> get("/admin/organisations"));
        route("GET /admin/organisations/new", false, ADMIN, 200, (r, x) -> get("/admin/organisations/new"));
        route("POST /admin/organisations", false, ADMIN, 302, (r, x) -> post("/admin/organisations")
                .param("kind", "PRESCRIBER").param("name", TestData.unique("Mission locale"))
                .param("prescriberKind", "MISSION_LOCALE").param("servedTerritoryIds", String.valueOf(data.territory("T7"))));
        route("GET /admin/organisations/{id}/edit", false, ADMIN, 200,
                (r, x) -> get("/admin/organisations/" + x.structureT6 + "/edit"));
        route("POST /admin/organisations/{id}", false, ADMIN, 302,
                (r, x) -> post("/admin/organisations/" + data.prescriber("CAP_EMPLOI", "T6"))
                        .param("name", TestData.unique("Cap emploi modifié")).param("prescriberKind", "CAP_EMPLOI")
                        .param("servedTerritoryIds", String.valueOf(data.territory("T6"))));
        route("POST /admin/users/{id}/digital-advisor", false, ADMIN, 302,
                (r, x) -> post("/admin/users/" + x.users.get(Role.MEDIATOR).id() + "/digital-advisor").param("value", "true"));
        route("GET /admin/users", false, ADMIN, 200, (r, x) -> get("/admin/users"));
        route("GET /admin/users/new", false, ADMIN, 200, (r, x) -> get("/admin/users/new"));
        route("POST /admin/users", false, ADMIN, 302, (r, x) -> post("/admin/users")
                .param("email", TestData.unique("invite").replace(' ', '.') + "@test.parcours.example")
                .param("displayName", "Nouvelle Personne")
                .param("organisationId", String.valueOf(x.users.get(Role.PRESCRIBER).organisationId()))
                .param("role", "PRESCRIBER"));
        route("POST /admin/users/{id}/deactivate", false, ADMIN, 302,
                (r, x) -> post("/admin/users/" + x.victimUser() + "/deactivate"));
        route("POST /admin/users/{id}/reactivate", false, ADMIN, 302,
                (r, x) -> post("/admin/users/" + x.victimUser() + "/reactivate"));
        route("GET /admin/ase-districts", false, ADMIN, 200, (r, x) -> get("/admin/ase-districts"));
        route("POST /admin/ase-districts", false, ADMIN, 302, (r, x) -> post("/admin/ase-districts")
                .param("code", "T-" + Long.toString(System.nanoTime(), 36).toUpperCase()).param("name", TestData.unique("Circonscription"))
                .param("territoryId", String.valueOf(data.territory("T8"))));
        route("POST /admin/ase-districts/{id}", false, ADMIN, 302, (r, x) -> post("/admin/ase-districts/" + x.aseDistrict)
                .param("territoryId", String.valueOf(data.territory("T8"))));
        route("GET /admin/audit", false, ADMIN, 200, (r, x) -> get("/admin/audit"));
        // Demo mode only (off here): missing for everyone, the administrator included.
        route("GET /admin/demo-messages", false, ADMIN, 404, (r, x) -> get("/admin/demo-messages"));
        route("GET /error", true, EVERYONE, 404, (r, x) -> get("/error"));
        route("GET /information-notice", true, EVERYONE, 200, (r, x) -> get("/information-notice"));
        route("GET /information-notice/{version}", true, EVERYONE, 200, (r, x) -> get("/information-notice/2021-09"));
        route("GET /referrals", false, REFERRAL_READERS, 200, (r, x) -> get("/referrals"));
        route("GET /referrals/new", false, PRESCRIBERS, 200, (r, x) -> get("/referrals/new"));
        route("POST /referrals", false, PRESCRIBERS, 302, (r, x) -> post("/referrals")
                .param("lastName", "Nouvelle").param("firstName", "Orientation").param("birthDate", "1990-02-03")
                .param("commune", "Saint-Denis").param("eligibilityCategory", "SIAE_EMPLOYEE").param("consent", "true"));
        route("GET /triage", false, COORDINATORS, 200, (r, x) -> get("/triage"));
        referralRoute("GET /referrals/{id}", REFERRAL_READERS, 200, "SUBMITTED", id -> get("/referrals/" + id));
        referralRoute("POST /referrals/{id}/withdraw", PRESCRIBERS, 302, "SUBMITTED",
                id -> post("/referrals/" + id + "/withdraw"));
        referralRoute("POST /referrals/{id}/answer", PRESCRIBERS, 302, "INFO_REQUESTED",
                id -> post("/referrals/" + id + "/answer").param("message", "Voici la réponse."));
        referralRoute("POST /referrals/{id}/accept", COORDINATORS, 302, "SUBMITTED", id -> post("/referrals/" + id + "/accept")
                .param("structureId", String.valueOf(f.structureT6))
                .param("mediatorId", String.valueOf(f.users.get(Role.MEDIATOR).id())));
        referralRoute("POST /referrals/{id}/reassign", COORDINATORS, 302, "ACCEPTED", id -> post("/referrals/" + id + "/reassign")
                .param("structureId", String.valueOf(f.structureT6))
                .param("mediatorId", String.valueOf(f.users.get(Role.COORDINATOR).id())));
        referralRoute("POST /referrals/{id}/request-information", COORDINATORS, 302, "SUBMITTED",
                id -> post("/referrals/" + id + "/request-information").param("message", "Quel est son numéro ?"));
        referralRoute("POST /referrals/{id}/refuse", COORDINATORS, 302, "SUBMITTED",
                id -> post("/referrals/" + id + "/refuse").param("reason", "NOT_ELIGIBLE"));
        referralRoute("POST /referrals/{id}/identity", PRESCRIBERS, 302, "SUBMITTED",
                id -> post("/referrals/" + id + "/identity").param("lastName", "Martin").param("firstName", "Léa")
                        .param("birthDate", "1990-01-01"));
        route("GET /api-tokens", false, TOKEN_HOLDERS, 200, (r, x) -> get("/api-tokens"));
        route("POST /api-tokens", false, TOKEN_HOLDERS, 302, (r, x) -> post("/api-tokens").param("name", "Logiciel"));
        routes.put("POST /api-tokens/{id}/revoke", new Route(false, TOKEN_HOLDERS, 302,
                (r, x) -> post("/api-tokens/" + x.freshToken(r) + "/revoke"),
                (r, x) -> post("/api-tokens/" + tokenOutOfScope + "/revoke")));
        route("GET /referral-imports", false, PRESCRIBERS, 200, (r, x) -> get("/referral-imports"));
        route("GET /referral-imports/template.csv", false, PRESCRIBERS, 200, (r, x) -> get("/referral-imports/template.csv"));
        route("POST /referral-imports", false, PRESCRIBERS, 302, (r, x) -> multipart(HttpMethod.POST, "/referral-imports")
                .file(new org.springframework.mock.web.MockMultipartFile("file", "liste.csv", "text/csv", CSV))
                .with(csrf()));
        for (String suffix : new String[] {"", "/progress", "/rejected.csv"}) {
            routes.put("GET /referral-imports/{id}" + suffix, new Route(false, PRESCRIBERS, 200,
                    (r, x) -> get("/referral-imports/" + x.importInScope + suffix),
                    (r, x) -> get("/referral-imports/" + x.importOutOfScope + suffix)));
        }
        route("GET /v3/api-docs", false, EVERYONE, 200, (r, x) -> get("/v3/api-docs"));
        route("GET /v3/api-docs.yaml", false, EVERYONE, 200, (r, x) -> get("/v3/api-docs.yaml"));
        route("GET /v3/api-docs/swagger-config", false, EVERYONE, 200, (r, x) -> get("/v3/api-docs/swagger-config"));
        route("GET /swagger-ui.html", false, EVERYONE, 302, (r, x) -> get("/swagger-ui.html"));
        apiRoute("POST /api/v1/referrals", 201, (x) -> request(HttpMethod.POST, "/api/v1/referrals")
                .contentType("application/json").content("""
                        {"lastName":"Api","firstName":"Matrice","birthDate":"1980-01-01","inseeCode":"93066",
                         "eligibilityCategory":"SIAE_EMPLOYEE","consent":true}"""), null);
        apiRoute("GET /api/v1/referrals", 200, (x) -> get("/api/v1/referrals"), null);
        // The indicators: in scope with the EPT's token; a prescriber's token (the fixture's) gets 404.
        f.indicatorsToken = "pn_matrix_ept_" + System.nanoTime();
        apiTokens.store(jdbc.sql("SELECT organisation_id FROM user_account WHERE id = :id")
                .param("id", f.users.get(Role.EPT_VIEWER).id()).query(Long.class).single(), "matrice", f.indicatorsToken, null);
        routes.put("GET /api/v1/indicators", new Route(false, Set.of(), 200, (r, x) -> get("/api/v1/indicators"),
                (r, x) -> get("/api/v1/indicators"), true, x -> x.indicatorsToken));
        apiRoute("GET /api/v1/referrals/{id}", 200, (x) -> get("/api/v1/referrals/" + x.referral("SUBMITTED")),
                (x) -> get("/api/v1/referrals/" + x.referralOutOfScope));
        apiRoute("POST /api/v1/referral-imports", 200, (x) -> multipart(HttpMethod.POST, "/api/v1/referral-imports")
                .file(new org.springframework.mock.web.MockMultipartFile("file", "liste.csv", "text/csv", CSV)), null);
        routes.put("POST /referrals/{id}/duplicates/{suspicionId}/merge", new Route(false, COORDINATORS, 302,
                (r, x) -> post("/referrals/" + x.suspicion() + "/merge"),
                (r, x) -> post("/referrals/" + x.referralOutOfScope + "/duplicates/" + x.suspicionOutOfScope + "/merge")));
        routes.put("POST /referrals/{id}/duplicates/{suspicionId}/dismiss", new Route(false, COORDINATORS, 302,
                (r, x) -> post("/referrals/" + x.suspicion() + "/dismiss"),
                (r, x) -> post("/referrals/" + x.referralOutOfScope + "/duplicates/" + x.suspicionOutOfScope + "/dismiss")));
        // Appointments (issue 3 §4) and the addresses of member structures.
        long structureT8 = data.consortiumMember("T8");
        f.appointmentOutOfScope = insertAppointment(data.beneficiary().livingIn("93048", "T8").withStatus("ACCEPTED").create(),
                structureT8, data.user(Role.MEDIATOR, structureT8).id(), "SCHEDULED", true);
        String nextWeek = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusDays(7).toString();
        routes.put("GET /beneficiaries/{id}/appointments/new", new Route(false, APPOINTMENT_STAFF, 200,
                (r, x) -> get("/beneficiaries/" + x.acceptedPerson() + "/appointments/new"),
                (r, x) -> get("/beneficiaries/" + x.personOutOfScope + "/appointments/new")));
        routes.put("POST /beneficiaries/{id}/appointments", new Route(false, APPOINTMENT_STAFF, 302,
                (r, x) -> post("/beneficiaries/" + x.acceptedPerson() + "/appointments").param("date", nextWeek)
                        .param("time", "10:00").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(x.structureT6))
                        .param("mediatorId", String.valueOf(x.users.get(Role.MEDIATOR).id()))
                        .param("confirmOverlap", "true"),
                (r, x) -> post("/beneficiaries/" + x.personOutOfScope + "/appointments").param("date", nextWeek)
                        .param("time", "10:00").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(structureT8))));
        route("GET /appointments", false, AGENDA_READERS, 200, (r, x) -> get("/appointments"));
        for (String action : new String[] {"attended", "no-show", "excused", "cancel"}) {
            routes.put("POST /appointments/{id}/" + action, new Route(false, APPOINTMENT_STAFF, 302,
                    (r, x) -> post("/appointments/" + x.appointment("SCHEDULED", true) + "/" + action),
                    (r, x) -> post("/appointments/" + x.appointmentOutOfScope + "/" + action)));
        }
        routes.put("GET /appointments/{id}/reinvite", new Route(false, APPOINTMENT_STAFF, 200,
                (r, x) -> get("/appointments/" + x.appointment("NO_SHOW", true) + "/reinvite"),
                (r, x) -> get("/appointments/" + x.appointmentOutOfScope + "/reinvite")));
        routes.put("POST /appointments/{id}/reinvite", new Route(false, APPOINTMENT_STAFF, 302,
                (r, x) -> post("/appointments/" + x.appointment("NO_SHOW", true) + "/reinvite").param("date", nextWeek)
                        .param("time", "14:30").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(x.structureT6))
                        .param("mediatorId", String.valueOf(x.users.get(Role.MEDIATOR).id()))
                        .param("confirmOverlap", "true"),
                (r, x) -> post("/appointments/" + x.appointmentOutOfScope + "/reinvite").param("date", nextWeek)
                        .param("time", "14:30").param("durationMinutes", "60")));
        String yesterday = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).minusDays(1).toString();
        routes.put("GET /beneficiaries/{id}/appointments/past", new Route(false, APPOINTMENT_STAFF, 200,
                (r, x) -> get("/beneficiaries/" + x.acceptedPerson() + "/appointments/past"),
                (r, x) -> get("/beneficiaries/" + x.personOutOfScope + "/appointments/past")));
        routes.put("POST /beneficiaries/{id}/appointments/past", new Route(false, APPOINTMENT_STAFF, 302,
                (r, x) -> post("/beneficiaries/" + x.acceptedPerson() + "/appointments/past").param("date", yesterday)
                        .param("time", "10:00").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(x.structureT6))
                        .param("mediatorId", String.valueOf(x.users.get(Role.MEDIATOR).id())),
                (r, x) -> post("/beneficiaries/" + x.personOutOfScope + "/appointments/past").param("date", yesterday)
                        .param("time", "10:00").param("durationMinutes", "60")
                        .param("structureId", String.valueOf(structureT8))));
        routes.put("GET /appointments/{id}/letter.pdf", new Route(false, APPOINTMENT_STAFF, 200,
                (r, x) -> get("/appointments/" + x.appointment("SCHEDULED", false) + "/letter.pdf"),
                (r, x) -> get("/appointments/" + x.appointmentOutOfScope + "/letter.pdf")));
        // mediator module: "Mes personnes"; another territory's mediator's list is out of scope.
        long mediatorT8 = data.user(Role.MEDIATOR, structureT8).id();
        routes.put("GET /my-people", new Route(false, APPOINTMENT_STAFF, 200, (r, x) -> get("/my-people"),
                (r, x) -> get("/my-people").param("mediator", String.valueOf(mediatorT8))));
        route("GET /admin/organisations/{id}/address", false, ADMIN, 200,
                (r, x) -> get("/admin/organisations/" + x.structureT6 + "/address"));
        route("POST /admin/organisations/{id}/address", false, ADMIN, 302,
                (r, x) -> post("/admin/organisations/" + x.structureT6 + "/address").param("addressLine", "3 rue du Test")
                        .param("postcode", "93200").param("city", "Saint-Denis"));

        // diagnostic module: capture, result, adjustments, referentials
        Set<Role> diagnosticCapturers = Set.of(Role.COORDINATOR, Role.MEDIATOR);
        Set<Role> diagnosticReaders = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR);
        Set<Role> referentialReaders = Set.of(Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR);
        Set<Role> referentialImporters = Set.of(Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.COORDINATOR);
        long acceptedPerson = data.beneficiary().withStatus("ACCEPTED")
                .referredBy(f.users.get(Role.PRESCRIBER).organisationId()).create();
        long platformReferential = jdbc.sql("SELECT id FROM diagnostic_referential WHERE code = 'referentiel-commun' AND version = 1")
                .query(Long.class).single();
        String defaultJson;
        try (var in = getClass().getResourceAsStream("/reference/diagnostic/referentiel-commun-v1.json")) {
            defaultJson = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        java.util.function.BiFunction<Long, Boolean, Long> diagnosticOf = (person, complete) -> {
            jdbc.sql("""
                    INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id, status,
                        current_step, started_at, updated_at, completed_at, profile, profile_label)
                    SELECT id, territory_id, referring_organisation_id, :referential, :status, 8, created_at, created_at,
                        CASE WHEN :complete THEN created_at END, 'far', 'Très éloigné du numérique' FROM beneficiary WHERE id = :p""")
                    .param("referential", platformReferential).param("status", complete ? "COMPLETED" : "DRAFT")
                    .param("complete", complete).param("p", person).update();
            long id = jdbc.sql("SELECT MAX(id) FROM diagnostic").query(Long.class).single();
            List<String[]> answers = new ArrayList<>(List.of(new String[] {"equipment_owned", "none"},
                    new String[] {"internet_access", "none"}, new String[] {"uses", "none"},
                    new String[] {"admin_autonomy", "accompanied"}, new String[] {"barriers", "none"},
                    new String[] {"project", "job"}, new String[] {"certification_interest", "no"}));
            for (String pix : List.of("1_1", "1_2", "1_3", "2_1", "2_2", "2_3", "2_4", "3_1", "3_2", "3_3", "3_4", "4_1",
                    "4_2", "4_3", "5_1", "5_2")) {
                answers.add(new String[] {"pix_" + pix, "0"});
            }
            for (String[] a : answers) {
                jdbc.sql("INSERT INTO diagnostic_answer (diagnostic_id, question_key, answer_value) VALUES (:d, :q, :v)")
                        .param("d", id).param("q", a[0]).param("v", a[1]).update();
            }
            if (complete) {
                for (String[] kv : new String[][] {{"EQUIPMENT", "LAPTOP"}, {"CONNECTION", "YES"}, {"TRAINING", "BEGINNER"},
                        {"CERTIFICATION", "NONE"}}) {
                    jdbc.sql("INSERT INTO recommendation (diagnostic_id, kind, computed_value) VALUES (:d, :k, :v)")
                            .param("d", id).param("k", kv[0]).param("v", kv[1]).update();
                }
            }
            return id;
        };
        java.util.function.Function<Long, String> diagnosticVersion = id -> String.valueOf(jdbc.sql(
                "SELECT version FROM diagnostic WHERE id = :id").param("id", id).query(Integer.class).single());
        long draftInScope = diagnosticOf.apply(acceptedPerson, false);
        long draftOutOfScope = diagnosticOf.apply(f.personOutOfScope, false);
        long completedInScope = diagnosticOf.apply(data.beneficiary().withStatus("DIAGNOSED")
                .referredBy(f.users.get(Role.PRESCRIBER).organisationId()).create(), true);
        long completedOutOfScope = diagnosticOf.apply(f.personOutOfScope, true);
        java.util.function.BiFunction<String, Long, Long> draftReferential = (owner, territory) -> {
            String code = "matrice-" + owner + "-" + System.nanoTime();
            return Keys.insert(jdbc.sql("""
                    INSERT INTO diagnostic_referential (code, version, title, owner_territory_id, status, content, sha256, created_at)
                    VALUES (:code, 1, 'Brouillon de la matrice', :owner, 'DRAFT', :content, :sha, :now)""")
                    .param("code", code.length() > 60 ? code.substring(0, 60) : code).param("owner", territory)
                    .param("content", defaultJson).param("sha", "0".repeat(64)).param("now", java.time.OffsetDateTime.now()));
        };
        long t6 = data.territory("T6");
        long referentialOutOfScope = draftReferential.apply("t8", data.territory("T8"));

        routes.put("POST /beneficiaries/{id}/diagnostics", new Route(false, diagnosticCapturers, 302,
                (r, x) -> post("/beneficiaries/" + acceptedPerson + "/diagnostics"),
                (r, x) -> post("/beneficiaries/" + x.personOutOfScope + "/diagnostics")));
        routes.put("GET /diagnostics/{id}/steps/{step}", new Route(false, diagnosticCapturers, 200,
                (r, x) -> get("/diagnostics/" + draftInScope + "/steps/4"),
                (r, x) -> get("/diagnostics/" + draftOutOfScope + "/steps/4")));
        routes.put("POST /diagnostics/{id}/steps/{step}", new Route(false, diagnosticCapturers, 302,
                (r, x) -> post("/diagnostics/" + draftInScope + "/steps/1").param("action", "save")
                        .param("version", diagnosticVersion.apply(draftInScope)).param("q_equipment_owned", "none"),
                (r, x) -> post("/diagnostics/" + draftOutOfScope + "/steps/1").param("action", "save")
                        .param("version", diagnosticVersion.apply(draftOutOfScope)).param("q_equipment_owned", "none")));
        routes.put("GET /diagnostics/{id}/review", new Route(false, diagnosticCapturers, 200,
                (r, x) -> get("/diagnostics/" + draftInScope + "/review"),
                (r, x) -> get("/diagnostics/" + draftOutOfScope + "/review")));
        routes.put("POST /diagnostics/{id}/complete", new Route(false, diagnosticCapturers, 302,
                (r, x) -> {
                    long fresh = diagnosticOf.apply(data.beneficiary().withStatus("ACCEPTED")
                            .referredBy(x.users.get(Role.PRESCRIBER).organisationId()).create(), false);
                    return post("/diagnostics/" + fresh + "/complete").param("version", diagnosticVersion.apply(fresh));
                },
                (r, x) -> post("/diagnostics/" + draftOutOfScope + "/complete")
                        .param("version", diagnosticVersion.apply(draftOutOfScope))));
        routes.put("GET /diagnostics/{id}", new Route(false, diagnosticReaders, 200,
                (r, x) -> get("/diagnostics/" + completedInScope),
                (r, x) -> get("/diagnostics/" + completedOutOfScope)));
        routes.put("POST /diagnostics/{id}/recommendations/{kind}", new Route(false, diagnosticCapturers, 302,
                (r, x) -> post("/diagnostics/" + completedInScope + "/recommendations/CONNECTION").param("value", "NO")
                        .param("reason", "Elle a une box depuis hier."),
                (r, x) -> post("/diagnostics/" + completedOutOfScope + "/recommendations/CONNECTION").param("value", "NO")
                        .param("reason", "Elle a une box depuis hier.")));
        routes.put("GET /diagnostics/{id}/correction", new Route(false, diagnosticCapturers, 200,
                (r, x) -> get("/diagnostics/" + completedInScope + "/correction"),
                (r, x) -> get("/diagnostics/" + completedOutOfScope + "/correction")));
        // Without answers the form comes back with its errors (200); nothing is corrected.
        routes.put("POST /diagnostics/{id}/correction", new Route(false, diagnosticCapturers, 200,
                (r, x) -> post("/diagnostics/" + completedInScope + "/correction").param("reason", "Erreur de saisie")
                        .param("version", diagnosticVersion.apply(completedInScope)),
                (r, x) -> post("/diagnostics/" + completedOutOfScope + "/correction").param("reason", "Erreur de saisie")
                        .param("version", diagnosticVersion.apply(completedOutOfScope))));
        routes.put("GET /referentials", new Route(false, referentialReaders, 200, (r, x) -> get("/referentials"), null));
        routes.put("GET /referentials/{id}", new Route(false, referentialReaders, 200,
                (r, x) -> get("/referentials/" + platformReferential),
                (r, x) -> get("/referentials/" + referentialOutOfScope)));
        routes.put("GET /referentials/{id}/export", new Route(false, referentialReaders, 200,
                (r, x) -> get("/referentials/" + platformReferential + "/export"),
                (r, x) -> get("/referentials/" + referentialOutOfScope + "/export")));
        routes.put("GET /referentials/import", new Route(false, referentialImporters, 200,
                (r, x) -> get("/referentials/import"), null));
        routes.put("POST /referentials/import", new Route(false, referentialImporters, 302,
                (r, x) -> multipart(HttpMethod.POST, "/referentials/import")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "referentiel.json", "application/json",
                                defaultJson.replace("\"code\": \"referentiel-commun\"",
                                        "\"code\": \"matrice-" + r.name().toLowerCase().replace('_', '-') + "-" + System.nanoTime() + "\"")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .with(csrf()), null));
        routes.put("POST /referentials/{id}/publish", new Route(false, referentialImporters, 302,
                (r, x) -> post("/referentials/" + (r == Role.COORDINATOR ? draftReferential.apply("t6", t6)
                        : draftReferential.apply("platform", null)) + "/publish"),
                (r, x) -> post("/referentials/" + referentialOutOfScope + "/publish")));
        // The referral's summary of the diagnostic (and its PDF, which needs a completed, shared one).
        long diagnosedReferral = f.referral("ACCEPTED");
        completeDiagnostic(diagnosedReferral);
        long diagnosedOutOfScope = f.referralOutOfScope;
        completeDiagnostic(diagnosedOutOfScope);
        referralRoute("GET /referrals/{id}/diagnostic", REFERRAL_READERS, 200, "ACCEPTED",
                id -> get("/referrals/" + id + "/diagnostic"));
        routes.put("GET /referrals/{id}/diagnostic.pdf", new Route(false, REFERRAL_READERS, 200,
                (r, x) -> get("/referrals/" + diagnosedReferral + "/diagnostic.pdf"),
                (r, x) -> get("/referrals/" + diagnosedOutOfScope + "/diagnostic.pdf")));

        // --- connection module: offers, lines, periods, checks; the API with a consortium's token ---
        Set<Role> connectionReaders = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR, Role.LOGISTICS_MANAGER);
        Set<Role> connectionWriters = Set.of(Role.COORDINATOR, Role.MEDIATOR, Role.LOGISTICS_MANAGER);
        Set<Role> offerWriters = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.LOGISTICS_MANAGER);
        long territoryT8 = data.territory("T8");
        java.util.function.Function<Long, Long> offerIn = territory -> Keys.insert(jdbc.sql("""
                INSERT INTO connection_offer (territory_id, kind, name, operator, monthly_price_cents, programme_share_cents,
                                              active, created_at, updated_at)
                VALUES (:t, 'DATA_SIM', :name, 'Mobile Matrice', 990, 990, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param("t", territory).param("name", "Offre matrice " + System.nanoTime()));
        long offerT6 = offerIn.apply(t6);
        long offerT8 = offerIn.apply(territoryT8);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris"));
        // A line of the person, lapsed a month ago after a month paid (so that a check may be recorded).
        java.util.function.BiFunction<Long, Long, Long> lineOf = (person, offer) -> {
            long line = Keys.insert(jdbc.sql("""
                    INSERT INTO connection_line (beneficiary_id, programme_id, territory_id, referring_organisation_id, offer_id,
                        operator, contract_reference, activation_date, covered_until, lapses_on, created_at, last_contact_at)
                    SELECT b.id, b.programme_id, b.territory_id, b.referring_organisation_id, :offer, 'Mobile Matrice',
                           :ref, :activation, :until, :lapses, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                    FROM beneficiary b WHERE b.id = :person""")
                    .param("offer", offer).param("ref", "BOX-" + System.nanoTime()).param("activation", today.minusDays(60))
                    .param("until", today.minusDays(31)).param("lapses", today.minusDays(30)).param("person", person));
            jdbc.sql("""
                    INSERT INTO connection_period (line_id, start_date, end_date, amount_cents, paid_by, created_at)
                    VALUES (:line, :start, :end, 990, 'PROGRAMME', CURRENT_TIMESTAMP)""")
                    .param("line", line).param("start", today.minusDays(60)).param("end", today.minusDays(31)).update();
            return line;
        };
        java.util.function.Function<Long, Long> periodOf = line -> jdbc.sql(
                "SELECT MIN(id) FROM connection_period WHERE line_id = :l").param("l", line).query(Long.class).single();
        long personT6 = f.personInScope.get(Role.PRESCRIBER);
        long lineOutOfScope = lineOf.apply(f.personOutOfScope, offerT8);
        java.util.function.Supplier<String> iccid = org.parcoursnumerique.support.Pathways::iccid;
        route("GET /connection", false, connectionReaders, 200, (r, x) -> get("/connection"));
        route("GET /connection/offers", false, connectionReaders, 200, (r, x) -> get("/connection/offers"));
        route("GET /connection/offers/new", false, offerWriters, 200, (r, x) -> get("/connection/offers/new"));
        route("POST /connection/offers", false, offerWriters, 302, (r, x) -> post("/connection/offers")
                .param("territoryId", String.valueOf(t6)).param("kind", "BOX_4G").param("name", "Box matrice " + System.nanoTime())
                .param("operator", "Réseau Matrice").param("monthlyPrice", "24,90").param("programmeShare", "20")
                .param("active", "true"));
        routes.put("GET /connection/offers/{id}", new Route(false, offerWriters, 200,
                (r, x) -> get("/connection/offers/" + offerT6), (r, x) -> get("/connection/offers/" + offerT8)));
        routes.put("POST /connection/offers/{id}", new Route(false, offerWriters, 302,
                (r, x) -> post("/connection/offers/" + offerT6).param("kind", "DATA_SIM").param("name", "Offre matrice T6")
                        .param("operator", "Mobile Matrice").param("monthlyPrice", "9,90").param("programmeShare", "9,90")
                        .param("active", "true"),
                (r, x) -> post("/connection/offers/" + offerT8).param("kind", "DATA_SIM").param("name", "Offre matrice T8")
                        .param("operator", "Mobile Matrice").param("monthlyPrice", "9,90").param("programmeShare", "9,90")
                        .param("active", "true")));
        scopedRoute("GET /beneficiaries/{id}/connection/new", connectionWriters, 200,
                id -> get("/beneficiaries/" + id + "/connection/new"));
        routes.put("POST /beneficiaries/{id}/connection", new Route(false, connectionWriters, 302,
                (r, x) -> post("/beneficiaries/" + personT6 + "/connection").param("offerId", String.valueOf(offerT6))
                        .param("iccid", iccid.get()).param("activationDate", today.toString()),
                (r, x) -> post("/beneficiaries/" + x.personOutOfScope + "/connection").param("offerId", String.valueOf(offerT8))
                        .param("iccid", iccid.get()).param("activationDate", today.toString())));
        routes.put("GET /connection/lines/{id}", new Route(false, connectionReaders, 200,
                (r, x) -> get("/connection/lines/" + lineOf.apply(personT6, offerT6)),
                (r, x) -> get("/connection/lines/" + lineOutOfScope)));
        routes.put("POST /connection/lines/{id}/periods", new Route(false, connectionWriters, 302,
                (r, x) -> post("/connection/lines/" + lineOf.apply(personT6, offerT6) + "/periods")
                        .param("start", today.minusDays(30).toString()).param("end", today.toString())
                        .param("amount", "9,90").param("paidBy", "PROGRAMME"),
                (r, x) -> post("/connection/lines/" + lineOutOfScope + "/periods")
                        .param("start", today.minusDays(30).toString()).param("end", today.toString())
                        .param("amount", "9,90").param("paidBy", "PROGRAMME")));
        routes.put("POST /connection/lines/{id}/top-up", new Route(false, connectionWriters, 302,
                (r, x) -> post("/connection/lines/" + lineOf.apply(personT6, offerT6) + "/top-up")
                        .param("topUpStart", today.minusDays(30).toString()).param("months", "2")
                        .param("topUpAmount", "9,90").param("topUpPaidBy", "PERSON"),
                (r, x) -> post("/connection/lines/" + lineOutOfScope + "/top-up")
                        .param("topUpStart", today.minusDays(30).toString()).param("months", "2")
                        .param("topUpAmount", "9,90").param("topUpPaidBy", "PERSON")));
        routes.put("POST /connection/lines/{id}/periods/{periodId}/cancel", new Route(false, connectionWriters, 302,
                (r, x) -> {
                    long line = lineOf.apply(personT6, offerT6);
                    return post("/connection/lines/" + line + "/periods/" + periodOf.apply(line) + "/cancel")
                            .param("reason", "Saisie en double");
                },
                (r, x) -> post("/connection/lines/" + lineOutOfScope + "/periods/" + periodOf.apply(lineOutOfScope)
                        + "/cancel").param("reason", "Saisie en double")));
        routes.put("POST /connection/lines/{id}/checks", new Route(false, connectionWriters, 302,
                (r, x) -> post("/connection/lines/" + lineOf.apply(personT6, offerT6) + "/checks")
                        .param("outcome", "OWN_MEANS").param("checkedOn", today.toString()),
                (r, x) -> post("/connection/lines/" + lineOutOfScope + "/checks")
                        .param("outcome", "OWN_MEANS").param("checkedOn", today.toString())));
        // The API: a token of T6's consortium; a prescriber's token (the fixture's) gets 404.
        String connectionToken = "pn_matrix_conn_" + System.nanoTime();
        apiTokens.store(jdbc.sql("SELECT consortium_id FROM organisation WHERE id = :id").param("id", f.structureT6)
                .query(Long.class).single(), "matrice connexion", connectionToken, null);
        routes.put("GET /api/v1/connection/offers", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/connection/offers"), null, true, x -> connectionToken));
        routes.put("POST /api/v1/connection/lines", new Route(false, Set.of(), 201,
                (r, x) -> request(HttpMethod.POST, "/api/v1/connection/lines").contentType("application/json").content("""
                        {"personId": %d, "offerId": %d, "iccid": "%s", "activationDate": "%s"}"""
                        .formatted(personT6, offerT6, iccid.get(), today)),
                (r, x) -> request(HttpMethod.POST, "/api/v1/connection/lines").contentType("application/json").content("""
                        {"personId": %d, "offerId": %d, "iccid": "%s", "activationDate": "%s"}"""
                        .formatted(x.personOutOfScope, offerT8, iccid.get(), today)), true, x -> connectionToken));
        routes.put("POST /api/v1/connection/lines/{id}/periods", new Route(false, Set.of(), 201,
                (r, x) -> request(HttpMethod.POST, "/api/v1/connection/lines/" + lineOf.apply(personT6, offerT6) + "/periods")
                        .contentType("application/json").content("""
                        {"start": "%s", "end": "%s", "amountCents": 990, "paidBy": "PROGRAMME"}"""
                        .formatted(today.minusDays(30), today)),
                (r, x) -> request(HttpMethod.POST, "/api/v1/connection/lines/" + lineOutOfScope + "/periods")
                        .contentType("application/json").content("""
                        {"start": "%s", "end": "%s", "amountCents": 990, "paidBy": "PROGRAMME"}"""
                        .formatted(today.minusDays(30), today)), true, x -> connectionToken));
        routes.put("GET /api/v1/connection/lines/{id}", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/connection/lines/" + lineOf.apply(personT6, offerT6)),
                (r, x) -> get("/api/v1/connection/lines/" + lineOutOfScope), true, x -> connectionToken));
        certificationAndFollowUpRoutes(f);
    }

    // ---- certification and followup modules
    private void certificationAndFollowUpRoutes(Fixture f) {
        Set<Role> staff = Set.of(Role.COORDINATOR, Role.MEDIATOR);
        Set<Role> readers = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR);
        long centre = organisations.create(new org.parcoursnumerique.organisation.Organisations.NewOrganisation(
                org.parcoursnumerique.organisation.OrganisationKind.CERTIFICATION_CENTRE, TestData.unique("Centre matrice"),
                null, null, false, null, null, null, null, List.of()));
        long inScope = f.personInScope.get(Role.COORDINATOR);
        java.util.function.Function<Long, Long> registration = person -> Keys.insert(jdbc.sql("""
                INSERT INTO certification_registration (beneficiary_id, programme_id, territory_id, referring_organisation_id,
                    kind_code, centre_id, session_date, funding, cost_cents, status, created_at, certificate_name,
                    certificate_size, certificate)
                SELECT id, programme_id, territory_id, referring_organisation_id, 'PIX', :centre, :day, 'CPF', 0,
                    'REGISTERED', :now, 'a.pdf', 9, :pdf FROM beneficiary WHERE id = :p""")
                .param("centre", centre).param("day", java.time.LocalDate.now().minusDays(3))
                .param("now", java.time.OffsetDateTime.now()).param("p", person)
                .param("pdf", "%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        long regIn = registration.apply(inScope);
        long regOut = registration.apply(f.personOutOfScope);
        java.util.function.Function<Long, String> regVersion = id -> String.valueOf(jdbc.sql(
                "SELECT version FROM certification_registration WHERE id = :id").param("id", id).query(Integer.class).single());
        String day = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).minusDays(1).toString();
        routes.put("GET /beneficiaries/{id}/certifications/new", new Route(false, staff, 200,
                (r, x) -> get("/beneficiaries/" + x.personInScope.get(r) + "/certifications/new"),
                (r, x) -> get("/beneficiaries/" + x.personOutOfScope + "/certifications/new")));
        routes.put("POST /beneficiaries/{id}/certifications", new Route(false, staff, 302,
                (r, x) -> post("/beneficiaries/" + x.personInScope.get(r) + "/certifications").param("kind", "PIX")
                        .param("centre", String.valueOf(centre)).param("sessionDate", day).param("funding", "CPF"),
                (r, x) -> post("/beneficiaries/" + x.personOutOfScope + "/certifications").param("kind", "PIX")
                        .param("centre", String.valueOf(centre)).param("sessionDate", day).param("funding", "CPF")));
        routes.put("GET /certifications/{id}", new Route(false, readers, 200,
                (r, x) -> get("/certifications/" + regIn), (r, x) -> get("/certifications/" + regOut)));
        routes.put("POST /certifications/{id}/result", new Route(false, staff, 302,
                (r, x) -> post("/certifications/" + regIn + "/result").param("version", regVersion.apply(regIn))
                        .param("score", "200").param("resultOn", day),
                (r, x) -> post("/certifications/" + regOut + "/result").param("version", regVersion.apply(regOut))
                        .param("score", "200").param("resultOn", day)));
        routes.put("POST /certifications/{id}/cancel", new Route(false, staff, 302,
                (r, x) -> post("/certifications/" + registration.apply(inScope) + "/cancel").param("version", "0"),
                (r, x) -> post("/certifications/" + regOut + "/cancel").param("version", "0")));
        routes.put("POST /certifications/{id}/certificate", new Route(false, staff, 302,
                (r, x) -> multipart(HttpMethod.POST, "/certifications/" + regIn + "/certificate")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "a.pdf", "application/pdf",
                                "%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                        .param("version", regVersion.apply(regIn)).with(csrf()),
                (r, x) -> multipart(HttpMethod.POST, "/certifications/" + regOut + "/certificate")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "a.pdf", "application/pdf",
                                "%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                        .param("version", regVersion.apply(regOut)).with(csrf())));
        routes.put("GET /certifications/{id}/certificate.pdf", new Route(false, readers, 200,
                (r, x) -> get("/certifications/" + regIn + "/certificate.pdf"),
                (r, x) -> get("/certifications/" + regOut + "/certificate.pdf")));
        byte[] pix = ("Numéro de certification;Prénom;Nom;Date de naissance;Statut;Nombre de Pix;"
                + "Date de passage de la certification\n1;Personne;Inconnue;01/01/1980;Validée;300;01/12/2025\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        routes.put("GET /certification/pix-imports", new Route(false, readers, 200,
                (r, x) -> get("/certification/pix-imports"), null));
        routes.put("POST /certification/pix-imports", new Route(false, readers, 200,
                (r, x) -> multipart(HttpMethod.POST, "/certification/pix-imports")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "pix.csv", "text/csv", pix))
                        .with(csrf()), null));
        // A consortium's token imports Pix results; any other token (prescriber, EPT) gets 404.
        long consortium = organisations.create(new org.parcoursnumerique.organisation.Organisations.NewOrganisation(
                org.parcoursnumerique.organisation.OrganisationKind.CONSORTIUM, TestData.unique("Consortium matrice"),
                data.territory("T6"), null, false, null, null, null, null, List.of()));
        String consortiumToken = "pn_matrix_consortium_" + System.nanoTime();
        apiTokens.store(consortium, "matrice", consortiumToken, null);
        routes.put("POST /api/v1/certification/pix-imports", new Route(false, Set.of(), 200,
                (r, x) -> multipart(HttpMethod.POST, "/api/v1/certification/pix-imports")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "pix.csv", "text/csv", pix)),
                null, true, x -> consortiumToken));

        routes.put("GET /beneficiaries/{id}/close", new Route(false, staff, 200,
                (r, x) -> get("/beneficiaries/" + x.personInScope.get(r) + "/close"),
                (r, x) -> get("/beneficiaries/" + x.personOutOfScope + "/close")));
        routes.put("POST /beneficiaries/{id}/close", new Route(false, staff, 302,
                (r, x) -> post("/beneficiaries/" + x.personInScope.get(r) + "/close").param("date", day),
                (r, x) -> post("/beneficiaries/" + x.personOutOfScope + "/close").param("date", day)
                        .param("confirm", "yes")));
        routes.put("POST /beneficiaries/{id}/close/undo", new Route(false, staff, 302,
                (r, x) -> post("/beneficiaries/" + x.personInScope.get(r) + "/close/undo"),
                (r, x) -> post("/beneficiaries/" + x.personOutOfScope + "/close/undo")));
        java.util.function.Function<Long, Long> followUp = person -> Keys.insert(jdbc.sql("""
                INSERT INTO follow_up (beneficiary_id, programme_id, territory_id, referring_organisation_id, stage_code,
                    milestone, due_on, status, created_at)
                SELECT id, programme_id, territory_id, referring_organisation_id, 'M3', 'FOLLOW_UP_3_MONTHS', :due,
                    'PENDING', :now FROM beneficiary WHERE id = :p""")
                .param("due", java.time.LocalDate.now().minusDays(20)).param("now", java.time.OffsetDateTime.now())
                .param("p", person));
        long followUpIn = followUp.apply(inScope);
        long followUpOut = followUp.apply(f.personOutOfScope);
        routes.put("GET /follow-ups", new Route(false, readers, 200, (r, x) -> get("/follow-ups"), null));
        routes.put("GET /follow-ups/{id}", new Route(false, readers, 200,
                (r, x) -> get("/follow-ups/" + followUpIn), (r, x) -> get("/follow-ups/" + followUpOut)));
        // Without answers the form comes back with its errors (a redirect); nothing is written.
        routes.put("POST /follow-ups/{id}", new Route(false, staff, 302,
                (r, x) -> post("/follow-ups/" + followUpIn), (r, x) -> post("/follow-ups/" + followUpOut)));
        routes.put("POST /follow-ups/{id}/send-link", new Route(false, staff, 302,
                (r, x) -> post("/follow-ups/" + followUpIn + "/send-link"),
                (r, x) -> post("/follow-ups/" + followUpOut + "/send-link")));
        route("GET /admin/certification-kinds", false, ADMIN, 200, (r, x) -> get("/admin/certification-kinds"));
        route("POST /admin/certification-kinds", false, ADMIN, 302, (r, x) -> post("/admin/certification-kinds")
                .param("name", "Matrice " + System.nanoTime()).param("issuer", "Organisme").param("resultType", "PASS_FAIL"));
        route("POST /admin/certification-kinds/{code}/levels", false, ADMIN, 302,
                (r, x) -> post("/admin/certification-kinds/PIX/levels").param("thresholds", "64,128,256,384,512,640,768,896")
                        .param("passScore", "64"));
        // The person's page behind their link: public; an unknown link is a French "not found" page.
        route("GET /suivi/{token}", true, EVERYONE, 404, (r, x) -> get("/suivi/unknown-token"));
        route("POST /suivi/{token}", true, EVERYONE, 404, (r, x) -> post("/suivi/unknown-token").param("device", "WORKS"));
        trainingRoutes(f);
        studyRoutes(f);
    }

    /** A ready study export written as the study module stores it (a campaign, one gzip chunk per file). */
    private long readyStudyExport() {
        long programme = jdbc.sql("SELECT id FROM programme ORDER BY is_default DESC, id LIMIT 1").query(Long.class).single();
        long campaign = org.parcoursnumerique.shared.Keys.insert(jdbc.sql("""
                INSERT INTO study_campaign (programme_id, name, key_salt, started_at)
                VALUES (:p, 'Matrice', 'abcdef0123456789', :now)""").param("p", programme)
                .param("now", java.time.OffsetDateTime.now().minusYears(1)));
        long export = org.parcoursnumerique.shared.Keys.insert(jdbc.sql("""
                INSERT INTO study_export (campaign_id, status, requested_via, requested_at, finished_at, people_rows, event_rows,
                                          generalised_people, suppressed_people)
                VALUES (:c, 'READY', 'WEB', :now, :now, 0, 0, 0, 0)""").param("c", campaign)
                .param("now", java.time.OffsetDateTime.now()));
        for (String file : List.of("people", "events")) {
            var bytes = new java.io.ByteArrayOutputStream();
            try (var zip = new java.util.zip.GZIPOutputStream(bytes)) {
                zip.write((file.equals("people") ? "person_key,territory\n" : "person_key,event\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            jdbc.sql("INSERT INTO study_export_chunk (export_id, file, seq, content) VALUES (:e, :f, 0, :c)")
                    .param("e", export).param("f", file).param("c", bytes.toByteArray()).update();
        }
        return export;
    }

    // study module (issue 11): the programme manager's pages, the département's token on the API.
    private void studyRoutes(Fixture f) {
        long export = readyStudyExport();
        Set<Role> manager = Set.of(Role.PROGRAMME_MANAGER);
        route("GET /study", false, manager, 200, (r, x) -> get("/study"));
        route("GET /study/dictionary", false, manager, 200, (r, x) -> get("/study/dictionary"));
        route("GET /study/dictionary.csv", false, manager, 200, (r, x) -> get("/study/dictionary.csv"));
        route("POST /study/exports", false, manager, 302, (r, x) -> post("/study/exports").with(csrf()));
        // Without a name the form comes back with its message; no campaign is started.
        route("POST /study/campaigns", false, manager, 302, (r, x) -> post("/study/campaigns").with(csrf()));
        routes.put("GET /study/exports/{id}/{table}.csv", new Route(false, manager, 200,
                (r, x) -> get("/study/exports/" + export + "/people.csv"),
                (r, x) -> get("/study/exports/" + (export + 100_000) + "/people.csv")));
        String departement = "pn_matrix_departement_" + System.nanoTime();
        apiTokens.store(data.departement(), "matrice", departement, null);
        routes.put("GET /api/v1/study/exports/latest", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/study/exports/latest").param("table", "people"),
                (r, x) -> get("/api/v1/study/exports/latest").param("table", "people"), true, x -> departement));
        routes.put("GET /api/v1/study/exports/latest/dictionary", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/study/exports/latest/dictionary"),
                (r, x) -> get("/api/v1/study/exports/latest/dictionary"), true, x -> departement));
        routes.put("POST /api/v1/study/exports", new Route(false, Set.of(), 202,
                (r, x) -> post("/api/v1/study/exports"), (r, x) -> post("/api/v1/study/exports"), true, x -> departement));
        routes.put("GET /api/v1/study/exports/{id}", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/study/exports/" + export),
                (r, x) -> get("/api/v1/study/exports/" + export), true, x -> departement));
    }

    // training module (issue 10): catalogue, imports, dedicated trainings, orientations, theme mapping, API.
    private void trainingRoutes(Fixture f) {
        Set<Role> catalogueReaders = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR, Role.ADMINISTRATOR);
        Set<Role> offerImporters = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.ADMINISTRATOR);
        Set<Role> trainingWriters = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR);
        Set<Role> orientationReaders = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR);
        var now = java.time.OffsetDateTime.now();
        String suffix = String.valueOf(System.nanoTime());
        java.util.function.BiFunction<String, Long, Long> offer = (format, territory) -> Keys.insert(jdbc.sql("""
                INSERT INTO training_offer (source, source_id, format, name, name_key, address, postcode, insee_code,
                    commune, latitude, longitude, territory_id, content_hash, created_at, updated_at)
                VALUES ('matrice', :sid, :format, 'Offre matrice', 'offre matrice', '1 rue X', '93200', '93066',
                    'Saint-Denis', 48.93, 2.35, :territory, '-', :now, :now)""")
                .param("sid", format + "-" + territory + "-" + System.nanoTime()).param("format", format)
                .param("territory", territory).param("now", now));
        long imported = offer.apply("lieux-v1", data.territory("T6"));
        long dedicatedT6 = offer.apply("dedicated", data.territory("T6"));
        long dedicatedT8 = offer.apply("dedicated", data.territory("T8"));
        long trainer = organisations.create(new org.parcoursnumerique.organisation.Organisations.NewOrganisation(
                org.parcoursnumerique.organisation.OrganisationKind.TRAINING_BODY, TestData.unique("Formateur matrice"),
                null, null, false, "ASSOCIATION", null, null, null, List.of()));
        String inAWeek = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusDays(7).toString();
        String inAMonth = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusDays(30).toString();
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString();
        java.util.function.BiFunction<Long, String, Long> orientation = (person, status) -> {
            var b = jdbc.sql("SELECT territory_id, referring_organisation_id FROM beneficiary WHERE id = :id")
                    .param("id", person).query().singleRow();
            return Keys.insert(jdbc.sql("""
                    INSERT INTO training_orientation (beneficiary_id, territory_id, referring_organisation_id, offer_id,
                        status, expected_start, started_on, created_at, updated_at)
                    VALUES (:p, :t, :r, :o, :s, CURRENT_DATE, CASE WHEN :s = 'STARTED' THEN CURRENT_DATE END, :now, :now)""")
                    .param("p", person).param("t", b.get("territory_id")).param("r", b.get("referring_organisation_id"))
                    .param("o", imported).param("s", status).param("now", now));
        };
        route("GET /trainings", false, catalogueReaders, 200, (r, x) -> get("/trainings"));
        routes.put("GET /trainings/offers/{id}", new Route(false, catalogueReaders, 200,
                (r, x) -> get("/trainings/offers/" + imported), (r, x) -> get("/trainings/offers/" + dedicatedT8)));
        routes.put("POST /trainings/offers/{id}/sessions", new Route(false, trainingWriters, 302,
                (r, x) -> post("/trainings/offers/" + dedicatedT6 + "/sessions").param("startsOn", inAWeek)
                        .param("endsOn", inAMonth).param("schedule", "Lundi 9 h").param("place", "1 rue X")
                        .param("capacity", "10"),
                (r, x) -> post("/trainings/offers/" + dedicatedT8 + "/sessions").param("startsOn", inAWeek)
                        .param("endsOn", inAMonth).param("schedule", "Lundi 9 h").param("place", "1 rue X")
                        .param("capacity", "10")));
        route("GET /trainings/dedicated/new", false, trainingWriters, 200, (r, x) -> get("/trainings/dedicated/new"));
        route("POST /trainings/dedicated", false, trainingWriters, 302, (r, x) -> post("/trainings/dedicated")
                .param("name", "Formation matrice " + suffix).param("level", "BEGINNER").param("themes", "EMAIL")
                .param("trainerOrganisationId", String.valueOf(trainer)).param("address", "1 place X")
                .param("commune", "93066").param("startsOn", inAWeek).param("endsOn", inAMonth)
                .param("schedule", "Lundi 9 h").param("capacity", "8"));
        route("GET /trainings/imports", false, offerImporters, 200, (r, x) -> get("/trainings/imports"));
        route("POST /trainings/imports", false, offerImporters, 200, (r, x) -> multipart(HttpMethod.POST, "/trainings/imports")
                .file(new org.springframework.mock.web.MockMultipartFile("file", "lieux.json", "application/json",
                        ("[{\"id\":\"m-" + r.name() + suffix + "\",\"nom\":\"Lieu " + r.name() + suffix
                                + "\",\"adresse\":\"1 rue Y\",\"code_postal\":\"93200\",\"commune\":\"Saint-Denis\","
                                + "\"frais_a_charge\":\"Gratuit\",\"date_maj\":\"2025-01-01\"}]")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).with(csrf()));
        route("GET /trainings/follow-up", false, orientationReaders, 200, (r, x) -> get("/trainings/follow-up"));
        route("GET /admin/training-themes", false, ADMIN, 200, (r, x) -> get("/admin/training-themes"));
        route("POST /admin/training-themes", false, ADMIN, 302, (r, x) -> post("/admin/training-themes")
                .param("vocabulary", "lieux-v1").param("value", "Loisirs et créations numériques").param("theme", "VIDEO_CALLS"));
        route("POST /admin/training-themes/{id}/delete", false, ADMIN, 302, (r, x) -> post("/admin/training-themes/"
                + Keys.insert(jdbc.sql("INSERT INTO training_theme_mapping (vocabulary, term, theme) VALUES ('lieux-v0', :t, 'EMAIL')")
                        .param("t", "Matrice " + System.nanoTime())) + "/delete"));
        routes.put("GET /beneficiaries/{id}/training", new Route(false, orientationReaders, 200,
                (r, x) -> get("/beneficiaries/" + x.acceptedPerson() + "/training"),
                (r, x) -> get("/beneficiaries/" + x.personOutOfScope + "/training")));
        routes.put("POST /beneficiaries/{id}/training/proposals", new Route(false, APPOINTMENT_STAFF, 302,
                (r, x) -> post("/beneficiaries/" + x.acceptedPerson() + "/training/proposals").param("offerId", String.valueOf(imported)),
                (r, x) -> post("/beneficiaries/" + x.personOutOfScope + "/training/proposals").param("offerId", String.valueOf(imported))));
        routes.put("POST /trainings/orientations/{id}/choose", new Route(false, APPOINTMENT_STAFF, 302,
                (r, x) -> post("/trainings/orientations/" + orientation.apply(x.acceptedPerson(), "PROPOSED") + "/choose")
                        .param("expectedStart", today),
                (r, x) -> post("/trainings/orientations/" + orientation.apply(x.personOutOfScope, "PROPOSED") + "/choose")
                        .param("expectedStart", today)));
        routes.put("POST /trainings/orientations/{id}/outcome", new Route(false, APPOINTMENT_STAFF, 302,
                (r, x) -> post("/trainings/orientations/" + orientation.apply(x.acceptedPerson(), "REGISTERED") + "/outcome")
                        .param("outcome", "STARTED").param("date", today),
                (r, x) -> post("/trainings/orientations/" + orientation.apply(x.personOutOfScope, "REGISTERED") + "/outcome")
                        .param("outcome", "STARTED").param("date", today)));
        routes.put("POST /trainings/orientations/{id}/correction", new Route(false, APPOINTMENT_STAFF, 302,
                (r, x) -> post("/trainings/orientations/" + orientation.apply(x.acceptedPerson(), "STARTED") + "/correction")
                        .param("what", "START_DATE").param("date", today).param("reason", "Matrice"),
                (r, x) -> post("/trainings/orientations/" + orientation.apply(x.personOutOfScope, "STARTED") + "/correction")
                        .param("what", "START_DATE").param("date", today).param("reason", "Matrice")));
        routes.put("GET /trainings/orientations/{id}/slip.pdf", new Route(false, APPOINTMENT_STAFF, 200,
                (r, x) -> get("/trainings/orientations/" + orientation.apply(x.acceptedPerson(), "REGISTERED") + "/slip.pdf"),
                (r, x) -> get("/trainings/orientations/" + orientation.apply(x.personOutOfScope, "REGISTERED") + "/slip.pdf")));
        // The offer imports API: a consortium's token; a prescriber's (the fixture's) gets 404.
        long consortium = organisations.create(new org.parcoursnumerique.organisation.Organisations.NewOrganisation(
                org.parcoursnumerique.organisation.OrganisationKind.CONSORTIUM, TestData.unique("Consortium matrice"),
                data.territory("T6"), null, false, "ASSOCIATION", null, null, null, List.of()));
        f.consortiumToken = "pn_matrix_consortium_" + System.nanoTime();
        apiTokens.store(consortium, "matrice", f.consortiumToken, null);
        routes.put("POST /api/v1/training/offer-imports", new Route(false, Set.of(), 200,
                (r, x) -> multipart(HttpMethod.POST, "/api/v1/training/offer-imports")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "lieux.json", "application/json",
                                ("[{\"id\":\"api-" + System.nanoTime() + "\",\"nom\":\"Lieu API " + System.nanoTime()
                                        + "\",\"adresse\":\"1 rue Z\",\"code_postal\":\"93200\",\"courriels\":\"\"}]")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                null, true, x -> x.consortiumToken));
        equipmentRoutes(f);
    }

    // ---- equipment module (issue 9): stock, deliveries, matching, handovers, repairs, API ----

    static final Set<Role> STOCK_READERS = Set.of(Role.PROGRAMME_MANAGER, Role.EPT_VIEWER, Role.COORDINATOR,
            Role.MEDIATOR, Role.LOGISTICS_MANAGER);
    static final Set<Role> STOCK_WRITERS = Set.of(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.LOGISTICS_MANAGER);
    static final Set<Role> EQUIPMENT_STAFF = Set.of(Role.COORDINATOR, Role.MEDIATOR, Role.LOGISTICS_MANAGER);
    static final Set<Role> DAY_PLANNERS = Set.of(Role.COORDINATOR, Role.LOGISTICS_MANAGER);

    /** The equipment's fixtures, written as the module stores them, and its routes. */
    private void equipmentRoutes(Fixture f) {
        long t6 = data.territory("T6");
        long t8 = data.territory("T8");
        long structureT8 = data.consortiumMember("T8");
        java.util.function.BiFunction<Long, Long, Long> place = (territory, structure) -> Keys.insert(jdbc.sql("""
                INSERT INTO storage_place (territory_id, structure_id, name, created_at)
                VALUES (:t, :s, :n, CURRENT_TIMESTAMP)""").param("t", territory).param("s", structure)
                .param("n", TestData.unique("Lieu")));
        long placeT6 = place.apply(t6, f.structureT6);
        long placeT8 = place.apply(t8, structureT8);
        java.util.function.BiFunction<Long, String, Long> device = (p, status) -> Keys.insert(jdbc.sql("""
                INSERT INTO device (territory_id, storage_place_id, device_type, brand, model, serial_number, source, grade,
                    warranty_months, acquired_on, cost_cents, status, created_at, updated_at)
                SELECT territory_id, id, 'TABLET', 'Samsung', 'Tab A8', :serial, 'REFURBISHED', 'A', 24, CURRENT_DATE, 9900,
                       :status, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM storage_place WHERE id = :p""")
                .param("serial", "MX" + Long.toString(System.nanoTime(), 36).toUpperCase()).param("status", status)
                .param("p", p));
        long deviceT6 = device.apply(placeT6, "READY");
        long deviceT8 = device.apply(placeT8, "READY");
        java.util.function.Function<String, Long> person = territory -> territory.equals("T6")
                ? data.beneficiary().referredBy(f.users.get(Role.PRESCRIBER).organisationId()).withStatus("DIAGNOSED").create()
                : data.beneficiary().livingIn("93048", "T8").withStatus("DIAGNOSED").create();
        java.util.function.BiFunction<Long, Long, Long> reservation = (who, what) -> {
            jdbc.sql("UPDATE device SET status = 'RESERVED' WHERE id = :d").param("d", what).update();
            return Keys.insert(jdbc.sql("""
                    INSERT INTO equipment_reservation (device_id, beneficiary_id, territory_id, referring_organisation_id,
                        status, active_device_id, active_person_id, reserved_at)
                    SELECT :d, b.id, b.territory_id, b.referring_organisation_id, 'ACTIVE', :d, b.id, CURRENT_TIMESTAMP
                    FROM beneficiary b WHERE b.id = :p""").param("d", what).param("p", who));
        };
        java.util.function.Supplier<Long> reservationT6 = () -> reservation.apply(person.apply("T6"),
                device.apply(placeT6, "READY"));
        long reservationT8 = reservation.apply(person.apply("T8"), device.apply(placeT8, "READY"));
        java.util.function.BiFunction<Long, Long, Long> handover = (who, what) -> {
            jdbc.sql("UPDATE device SET status = 'HANDED_OVER' WHERE id = :d").param("d", what).update();
            return Keys.insert(jdbc.sql("""
                    INSERT INTO equipment_handover (device_id, beneficiary_id, territory_id, referring_organisation_id,
                        structure_id, handed_over_on, recorded_at, contribution_cents, warranty_months, warranty_ends_on,
                        signature_kind, signed_at, paper_scan, paper_scan_type, active_device_id)
                    SELECT :d, b.id, b.territory_id, b.referring_organisation_id, p.structure_id, CURRENT_DATE,
                           CURRENT_TIMESTAMP, 0, 24, CURRENT_DATE, 'PAPER', CURRENT_TIMESTAMP, :scan, 'application/pdf', :d
                    FROM beneficiary b, device d JOIN storage_place p ON p.id = d.storage_place_id
                    WHERE b.id = :p AND d.id = :d""").param("d", what).param("p", who)
                    .param("scan", "%PDF-1.4 signed on paper".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        };
        long handoverT6 = handover.apply(person.apply("T6"), device.apply(placeT6, "READY"));
        long handoverT8 = handover.apply(person.apply("T8"), device.apply(placeT8, "READY"));
        long repairer = data.departement();
        java.util.function.BiFunction<Long, Long, Long> repair = (territory, what) -> {
            jdbc.sql("UPDATE device SET status = 'IN_REPAIR' WHERE id = :d").param("d", what).update();
            return Keys.insert(jdbc.sql("""
                    INSERT INTO equipment_repair (device_id, territory_id, fault, requested_on, repairer_id, cost_cents,
                        created_at, active_device_id)
                    VALUES (:d, :t, 'Écran cassé', CURRENT_DATE, :r, 0, CURRENT_TIMESTAMP, :d)""")
                    .param("d", what).param("t", territory).param("r", repairer));
        };
        long repairT6 = repair.apply(t6, device.apply(placeT6, "READY"));
        long repairT8 = repair.apply(t8, device.apply(placeT8, "READY"));
        java.util.function.BiFunction<Long, Long, Long> delivery = (territory, p) -> Keys.insert(jdbc.sql("""
                INSERT INTO equipment_delivery (territory_id, storage_place_id, organisation_id, file_name, created_at,
                    total_rows, accepted, rejected, duplicates)
                VALUES (:t, :p, :o, 'livraison.csv', CURRENT_TIMESTAMP, 1, 0, 1, 0)""")
                .param("t", territory).param("p", p).param("o", f.structureT6));
        long deliveryT6 = delivery.apply(t6, placeT6);
        long deliveryT8 = delivery.apply(t8, placeT8);
        java.util.function.BiFunction<Long, Long, Long> day = (territory, p) -> Keys.insert(jdbc.sql("""
                INSERT INTO distribution_day (territory_id, storage_place_id, held_on, starts_at, created_at)
                VALUES (:t, :p, CURRENT_DATE, '14:00', CURRENT_TIMESTAMP)""").param("t", territory).param("p", p));
        long dayT6 = day.apply(t6, placeT6);
        long dayT8 = day.apply(t8, placeT8);
        String equipmentToken = "pn_matrix_equipment_" + System.nanoTime();
        apiTokens.store(f.structureT6, "logistique", equipmentToken, null);
        byte[] deliveryCsv = ("type;marque;modele;numero_serie;imei;grade;ram_go;stockage_go;systeme;prix_ttc;garantie_mois\n"
                + "tablette;Samsung;Tab A8;MXD%s;;A;3;32;Android 14;89;24\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.function.Supplier<org.springframework.mock.web.MockMultipartFile> csvFile = () ->
                new org.springframework.mock.web.MockMultipartFile("file", "livraison.csv", "text/csv",
                        new String(deliveryCsv, java.nio.charset.StandardCharsets.UTF_8)
                                .replace("%s", Long.toString(System.nanoTime(), 36).toUpperCase())
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        route("GET /equipment", false, STOCK_READERS, 200, (r, x) -> get("/equipment"));
        route("GET /equipment/devices", false, STOCK_READERS, 200, (r, x) -> get("/equipment/devices?status=READY"));
        routes.put("GET /equipment/devices/{id}", new Route(false, STOCK_READERS, 200,
                (r, x) -> get("/equipment/devices/" + deviceT6), (r, x) -> get("/equipment/devices/" + deviceT8)));
        routes.put("POST /equipment/devices/{id}/status", new Route(false, STOCK_WRITERS, 302,
                (r, x) -> post("/equipment/devices/" + device.apply(placeT6, "RECEIVED") + "/status").param("status", "READY"),
                (r, x) -> post("/equipment/devices/" + deviceT8 + "/status").param("status", "LOST")));
        routes.put("POST /equipment/devices/{id}/transfer", new Route(false, STOCK_WRITERS, 302,
                (r, x) -> post("/equipment/devices/" + deviceT6 + "/transfer"),
                (r, x) -> post("/equipment/devices/" + deviceT8 + "/transfer").param("placeId", String.valueOf(placeT6))));
        route("GET /equipment/devices/new", false, STOCK_WRITERS, 200, (r, x) -> get("/equipment/devices/new"));
        route("POST /equipment/devices", false, STOCK_WRITERS, 302, (r, x) -> post("/equipment/devices")
                .param("placeId", String.valueOf(placeT6)).param("type", "LAPTOP").param("brand", "Dell")
                .param("model", "Latitude").param("serialNumber", "MXN" + Long.toString(System.nanoTime(), 36).toUpperCase())
                .param("source", "DONATION").param("donor", "Entreprise").param("acquiredOn", java.time.LocalDate.now().toString()));
        route("GET /equipment/places", false, STOCK_WRITERS, 200, (r, x) -> get("/equipment/places"));
        route("POST /equipment/places", false, STOCK_WRITERS, 302, (r, x) -> post("/equipment/places")
                .param("structureId", String.valueOf(x.structureT6)).param("name", TestData.unique("Réserve")));
        route("GET /equipment/deliveries", false, STOCK_WRITERS, 200, (r, x) -> get("/equipment/deliveries"));
        route("POST /equipment/deliveries", false, STOCK_WRITERS, 302, (r, x) -> multipart(HttpMethod.POST,
                "/equipment/deliveries").file(csvFile.get()).param("placeId", String.valueOf(placeT6)).with(csrf()));
        routes.put("GET /equipment/deliveries/{id}", new Route(false, STOCK_WRITERS, 200,
                (r, x) -> get("/equipment/deliveries/" + deliveryT6), (r, x) -> get("/equipment/deliveries/" + deliveryT8)));
        routes.put("POST /equipment/deliveries/{id}/ready", new Route(false, STOCK_WRITERS, 302,
                (r, x) -> post("/equipment/deliveries/" + deliveryT6 + "/ready"),
                (r, x) -> post("/equipment/deliveries/" + deliveryT8 + "/ready")));
        routes.put("GET /equipment/deliveries/{id}/rejected.csv", new Route(false, STOCK_WRITERS, 200,
                (r, x) -> get("/equipment/deliveries/" + deliveryT6 + "/rejected.csv"),
                (r, x) -> get("/equipment/deliveries/" + deliveryT8 + "/rejected.csv")));
        route("GET /equipment/deliveries/template.csv", false, STOCK_WRITERS, 200,
                (r, x) -> get("/equipment/deliveries/template.csv"));
        route("GET /equipment/settings", false, Set.of(Role.PROGRAMME_MANAGER), 200, (r, x) -> get("/equipment/settings"));
        route("POST /equipment/settings", false, Set.of(Role.PROGRAMME_MANAGER), 302, (r, x) -> post("/equipment/settings")
                .param("cap", "50").param("warrantyMonths", "24"));
        route("POST /equipment/grades", false, Set.of(Role.PROGRAMME_MANAGER), 302, (r, x) -> post("/equipment/grades")
                .param("code", "B").param("label", "Grade B")
                .param("description", "Bon état : rayures légères visibles, fonctionnement complet, batterie d’au moins 80 %."));
        route("GET /equipment/waiting", false, EQUIPMENT_STAFF, 200, (r, x) -> get("/equipment/waiting"));
        route("GET /equipment/warranties", false, EQUIPMENT_STAFF, 200, (r, x) -> get("/equipment/warranties"));
        scopedRoute("GET /beneficiaries/{id}/equipment/reserve", EQUIPMENT_STAFF, 200,
                id -> get("/beneficiaries/" + id + "/equipment/reserve"));
        scopedRoute("POST /beneficiaries/{id}/equipment/reservations", EQUIPMENT_STAFF, 302,
                id -> post("/beneficiaries/" + id + "/equipment/reservations"));
        routes.put("POST /equipment/reservations/{id}/cancel", new Route(false, EQUIPMENT_STAFF, 302,
                (r, x) -> post("/equipment/reservations/" + reservationT6.get() + "/cancel"),
                (r, x) -> post("/equipment/reservations/" + reservationT8 + "/cancel")));
        routes.put("GET /equipment/reservations/{id}/handover", new Route(false, EQUIPMENT_STAFF, 200,
                (r, x) -> get("/equipment/reservations/" + reservationT6.get() + "/handover"),
                (r, x) -> get("/equipment/reservations/" + reservationT8 + "/handover")));
        // Without a signature the form comes back with its message; nothing is handed over.
        routes.put("POST /equipment/reservations/{id}/handover", new Route(false, EQUIPMENT_STAFF, 302,
                (r, x) -> multipart(HttpMethod.POST, "/equipment/reservations/" + reservationT6.get() + "/handover")
                        .param("contribution", "0").with(csrf()),
                (r, x) -> multipart(HttpMethod.POST, "/equipment/reservations/" + reservationT8 + "/handover")
                        .param("signatureMode", "PAPER").with(csrf())));
        routes.put("GET /equipment/handovers/{id}", new Route(false, EQUIPMENT_STAFF, 200,
                (r, x) -> get("/equipment/handovers/" + handoverT6), (r, x) -> get("/equipment/handovers/" + handoverT8)));
        routes.put("POST /equipment/handovers/{id}/signature", new Route(false, EQUIPMENT_STAFF, 302,
                (r, x) -> multipart(HttpMethod.POST, "/equipment/handovers/" + handoverT6 + "/signature").with(csrf()),
                (r, x) -> multipart(HttpMethod.POST, "/equipment/handovers/" + handoverT8 + "/signature")
                        .param("signatureMode", "PAPER").with(csrf())));
        // A return dated before the handover is refused with its message; the device stays with the person.
        routes.put("POST /equipment/handovers/{id}/return", new Route(false, EQUIPMENT_STAFF, 302,
                (r, x) -> post("/equipment/handovers/" + handoverT6 + "/return").param("returnedOn", "1999-01-01")
                        .with(csrf()),
                (r, x) -> post("/equipment/handovers/" + handoverT8 + "/return").with(csrf())));
        routes.put("GET /equipment/handovers/{id}/receipt.pdf", new Route(false, EQUIPMENT_STAFF, 200,
                (r, x) -> get("/equipment/handovers/" + handoverT6 + "/receipt.pdf"),
                (r, x) -> get("/equipment/handovers/" + handoverT8 + "/receipt.pdf")));
        routes.put("GET /equipment/handovers/{id}/scan", new Route(false, EQUIPMENT_STAFF, 200,
                (r, x) -> get("/equipment/handovers/" + handoverT6 + "/scan"),
                (r, x) -> get("/equipment/handovers/" + handoverT8 + "/scan")));
        route("GET /equipment/days", false, DAY_PLANNERS, 200, (r, x) -> get("/equipment/days"));
        route("POST /equipment/days", false, DAY_PLANNERS, 302, (r, x) -> post("/equipment/days")
                .param("placeId", String.valueOf(placeT6)).param("day", java.time.LocalDate.now().plusDays(3).toString())
                .param("startsAt", "14:00"));
        routes.put("GET /equipment/days/{id}", new Route(false, DAY_PLANNERS, 200,
                (r, x) -> get("/equipment/days/" + dayT6), (r, x) -> get("/equipment/days/" + dayT8)));
        routes.put("POST /equipment/days/{id}/reservations", new Route(false, DAY_PLANNERS, 302,
                (r, x) -> post("/equipment/days/" + dayT6 + "/reservations")
                        .param("reservationId", String.valueOf(reservationT6.get())),
                (r, x) -> post("/equipment/days/" + dayT8 + "/reservations")
                        .param("reservationId", String.valueOf(reservationT8))));
        routes.put("POST /equipment/days/{id}/convocations", new Route(false, DAY_PLANNERS, 302,
                (r, x) -> post("/equipment/days/" + dayT6 + "/convocations"),
                (r, x) -> post("/equipment/days/" + dayT8 + "/convocations")));
        routes.put("POST /equipment/devices/{id}/repairs", new Route(false, EQUIPMENT_STAFF, 302,
                (r, x) -> post("/equipment/devices/" + deviceT6 + "/repairs"),
                (r, x) -> post("/equipment/devices/" + deviceT8 + "/repairs").param("fault", "Panne")
                        .param("repairerId", String.valueOf(repairer))));
        routes.put("POST /equipment/repairs/{id}/close", new Route(false, EQUIPMENT_STAFF, 302,
                (r, x) -> post("/equipment/repairs/" + repairT6 + "/close"),
                (r, x) -> post("/equipment/repairs/" + repairT8 + "/close").param("outcome", "REPAIRED")));

        // The API with the token of the logistics manager's structure (T6); the prescriber's token is refused.
        java.util.function.Function<Fixture, String> stockToken = x -> equipmentToken;
        java.util.function.Supplier<Long> diagnosedT6 = () -> {
            long referral = x().referral("ACCEPTED");
            completeDiagnostic(referral);
            return jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", referral)
                    .query(Long.class).single();
        };
        routes.put("GET /api/v1/equipment/devices", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/equipment/devices?status=READY&type=TABLET"), null, true, stockToken));
        routes.put("GET /api/v1/equipment/devices/{id}", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/equipment/devices/" + deviceT6),
                (r, x) -> get("/api/v1/equipment/devices/" + deviceT8), true, stockToken));
        routes.put("GET /api/v1/equipment/waiting", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/equipment/waiting"), null, true, stockToken));
        routes.put("POST /api/v1/equipment/reservations", new Route(false, Set.of(), 201,
                (r, x) -> post("/api/v1/equipment/reservations").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"personId\": " + diagnosedT6.get() + ", \"deviceId\": " + device.apply(placeT6, "READY") + "}"),
                (r, x) -> post("/api/v1/equipment/reservations").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"personId\": " + person.apply("T8") + ", \"deviceId\": " + deviceT8 + "}"),
                true, stockToken));
        routes.put("POST /api/v1/equipment/handovers", new Route(false, Set.of(), 201,
                (r, x) -> post("/api/v1/equipment/handovers").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"personId\": " + diagnosedT6.get() + ", \"deviceId\": " + device.apply(placeT6, "READY")
                                + ", \"signedOnPaper\": true}"),
                (r, x) -> post("/api/v1/equipment/handovers").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"personId\": " + person.apply("T8") + ", \"deviceId\": " + deviceT8 + "}"),
                true, stockToken));
        routes.put("GET /api/v1/equipment/handovers/{id}/receipt.pdf", new Route(false, Set.of(), 200,
                (r, x) -> get("/api/v1/equipment/handovers/" + handoverT6 + "/receipt.pdf"),
                (r, x) -> get("/api/v1/equipment/handovers/" + handoverT8 + "/receipt.pdf"), true, stockToken));
        long repairCafe = Keys.insert(jdbc.sql("""
                INSERT INTO organisation (kind, name, active, created_at) VALUES ('REPAIR_CAFE', :n, TRUE, CURRENT_TIMESTAMP)""")
                .param("n", TestData.unique("Repair café")));
        routes.put("POST /api/v1/equipment/repairs", new Route(false, Set.of(), 201,
                (r, x) -> post("/api/v1/equipment/repairs").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"deviceId\": " + device.apply(placeT6, "READY") + ", \"fault\": \"Écran noir\", "
                                + "\"repairerOrganisationId\": " + repairCafe + "}"),
                (r, x) -> post("/api/v1/equipment/repairs").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"deviceId\": " + deviceT8 + ", \"fault\": \"Écran noir\", "
                                + "\"repairerOrganisationId\": " + repairCafe + "}"),
                true, stockToken));
        routes.put("POST /api/v1/equipment/deliveries", new Route(false, Set.of(), 200,
                (r, x) -> multipart(HttpMethod.POST, "/api/v1/equipment/deliveries").file(csvFile.get()), null, true,
                stockToken));
    }

    private Fixture x() {
        return fixture;
    }

    /** A completed diagnostic of the referral's person, as the diagnostic module stores it. */
    private void completeDiagnostic(long referralId) {
        var row = jdbc.sql("""
                SELECT b.id, b.territory_id, b.referring_organisation_id FROM referral r
                JOIN beneficiary b ON b.id = r.beneficiary_id WHERE r.id = :id""").param("id", referralId).query().singleRow();
        long referential = jdbc.sql("""
                SELECT id FROM diagnostic_referential WHERE owner_territory_id IS NULL AND status = 'PUBLISHED'
                ORDER BY version DESC LIMIT 1""").query(Long.class).single();
        var now = java.time.OffsetDateTime.now();
        jdbc.sql("""
                INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id, status,
                    started_at, updated_at, completed_at, profile, profile_label)
                VALUES (:person, :territory, :referrer, :referential, 'COMPLETED', :now, :now, :now, 'beginner', 'Débutant')""")
                .param("person", row.get("id")).param("territory", row.get("territory_id"))
                .param("referrer", row.get("referring_organisation_id")).param("referential", referential)
                .param("now", now).update();
        long diagnostic = jdbc.sql("SELECT MAX(id) FROM diagnostic").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO recommendation (diagnostic_id, kind, computed_value, computed_themes)
                VALUES (:id, 'EQUIPMENT', 'TABLET', NULL), (:id, 'CONNECTION', 'NO', NULL),
                       (:id, 'TRAINING', 'NONE', NULL), (:id, 'CERTIFICATION', 'NONE', NULL)""")
                .param("id", diagnostic).update();
        jdbc.sql("UPDATE beneficiary SET status = 'DIAGNOSED', diagnosed_on = CURRENT_DATE WHERE id = :id")
                .param("id", row.get("id")).update();
    }


    private void route(String key, boolean isPublic, Set<Role> allowed, int success,
                       BiFunction<Role, Fixture, AbstractMockHttpServletRequestBuilder<?>> call) {
        routes.put(key, new Route(isPublic, allowed, success, call, null));
    }

    private void scopedRoute(String key, Set<Role> allowed, int success,
                             java.util.function.Function<Long, AbstractMockHttpServletRequestBuilder<?>> call) {
        routes.put(key, new Route(false, allowed, success,
                (r, x) -> call.apply(x.personInScope.get(r)), (r, x) -> call.apply(x.personOutOfScope)));
    }

    static final byte[] CSV = ("nom;prenom;date_naissance;commune;categorie;circonscription_ase;telephone;email;besoins;consentement\n"
            + "Import;Matrice;01/01/1980;Saint-Denis;SIAE_EMPLOYEE;;;;;oui\n"
            + "Import;Refus;01/01/1980;Paris;SIAE_EMPLOYEE;;;;;oui\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    long runImport(TestData.TestUser prescriber) {
        long id = imports.start(prescriber.organisationId(), prescriber.id(), "matrice.csv");
        imports.run(id, CSV, new Referrals.Submitter(prescriber.organisationId(), prescriber.id(), prescriber.email(),
                Referrals.Source.CSV));
        return id;
    }

    /** A route of the API: bearer tokens only; in scope with the fixture prescriber's token. */
    private void apiRoute(String key, int success, java.util.function.Function<Fixture, AbstractMockHttpServletRequestBuilder<?>> call,
                          java.util.function.Function<Fixture, AbstractMockHttpServletRequestBuilder<?>> outOfScope) {
        routes.put(key, new Route(false, Set.of(), success, (r, x) -> call.apply(x),
                outOfScope == null ? null : (r, x) -> outOfScope.apply(x), true));
    }

    private void referralRoute(String key, Set<Role> allowed, int success, String status,
                               java.util.function.Function<Long, AbstractMockHttpServletRequestBuilder<?>> call) {
        routes.put(key, new Route(false, allowed, success,
                (r, x) -> call.apply(x.referral(status)), (r, x) -> call.apply(x.referralOutOfScope)));
    }

    private int version(long id) {
        return jdbc.sql("SELECT version FROM beneficiary WHERE id = :id").param("id", id).query(Integer.class).single();
    }

    private static MockHttpServletRequestBuilder get(String path) {
        return request(HttpMethod.GET, path);
    }

    private static MockHttpServletRequestBuilder post(String path) {
        return request(HttpMethod.POST, path).with(csrf());
    }

    @Test
    void everyRouteOfTheApplicationIsInTheMatrix() {
        Set<String> declared = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("GET");
            }
            for (String pattern : info.getPatternValues()) {
                for (String method : methods) {
                    declared.add(method + " " + pattern);
                }
            }
        }
        assertThat(routes.keySet()).as("routes in the matrix").containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void anonymousCallersReachOnlyPublicRoutes() throws Exception {
        List<String> failures = new ArrayList<>();
        for (var entry : routes.entrySet()) {
            Route route = entry.getValue();
            MvcResult result = mvc.perform(route.inScope().apply(Role.PRESCRIBER, fixture)).andReturn();
            int status = result.getResponse().getStatus();
            String location = result.getResponse().getRedirectedUrl();
            if (route.api()) {
                if (status != 401) {
                    failures.add(entry.getKey() + " → " + status + " (API without token)");
                }
                continue;
            }
            // Sent to the login page by the security filters, before any controller ran.
            boolean sentToLogin = result.getHandler() == null && status == 302 && location != null
                    && location.endsWith("/login");
            if (route.isPublic() == sentToLogin || status >= 500) {
                failures.add(entry.getKey() + " → " + status + " " + location);
            }
        }
        assertThat(failures).as("anonymous access").isEmpty();
    }

    @Test
    void eachRoleGetsItsRoutesAndNothingElse() throws Exception {
        List<String> failures = new ArrayList<>();
        for (var entry : routes.entrySet()) {
            Route route = entry.getValue();
            if (route.api()) {
                int status = mvc.perform(route.inScope().apply(Role.PRESCRIBER, fixture)
                        .header("Authorization", "Bearer " + route.token().apply(fixture))).andReturn().getResponse().getStatus();
                if (status != route.success()) {
                    failures.add(entry.getKey() + " with a token: expected " + route.success() + " got " + status);
                }
            }
            for (Role role : Role.values()) {
                var user = fixture.users.get(role);
                int status = mvc.perform(route.inScope().apply(role, fixture).with(data.login(user.email())))
                        .andReturn().getResponse().getStatus();
                // The API takes tokens only: a logged-in session is not enough.
                int expected = route.api() ? 401 : route.allowed().contains(role) ? route.success() : 404;
                if (status != expected) {
                    failures.add(entry.getKey() + " as " + role + ": expected " + expected + " got " + status);
                }
            }
        }
        assertThat(failures).as("role access").isEmpty();
    }

    @Test
    void aTokenReachesOnlyTheApiRoutesOfItsKindOfOrganisation() throws Exception {
        List<String> failures = new ArrayList<>();
        for (var entry : routes.entrySet()) {
            Route route = entry.getValue();
            if (!route.api()) {
                continue;
            }
            // The token of the other kind: the EPT's on a prescriber's route, the prescriber's on the indicators.
            String other = route.token().apply(fixture).equals(fixture.token) ? fixture.indicatorsToken : fixture.token;
            var result = mvc.perform(route.inScope().apply(Role.PRESCRIBER, fixture)
                    .header("Authorization", "Bearer " + other)).andReturn().getResponse();
            if (result.getStatus() != 404 || !String.valueOf(result.getContentType()).startsWith("application/problem+json")) {
                failures.add(entry.getKey() + " with a token of the other kind: got " + result.getStatus() + " "
                        + result.getContentType());
            }
        }
        assertThat(failures).as("tokens of the other kind").isEmpty();
    }

    @Test
    void recordsOutOfScopeAnswer404ToEveryRole() throws Exception {
        List<String> failures = new ArrayList<>();
        for (var entry : routes.entrySet()) {
            Route route = entry.getValue();
            if (route.outOfScope() == null) {
                continue;
            }
            if (route.api()) {
                int status = mvc.perform(route.outOfScope().apply(Role.PRESCRIBER, fixture)
                        .header("Authorization", "Bearer " + fixture.token)).andReturn().getResponse().getStatus();
                if (status != 404) {
                    failures.add(entry.getKey() + " out of scope with a token: got " + status);
                }
                continue;
            }
            for (Role role : Role.values()) {
                if (role == Role.PROGRAMME_MANAGER) {
                    continue; // the département's scope is every territory: nothing is out of it
                }
                var user = fixture.users.get(role);
                int status = mvc.perform(route.outOfScope().apply(role, fixture).with(data.login(user.email())))
                        .andReturn().getResponse().getStatus();
                if (status != 404) {
                    failures.add(entry.getKey() + " out of scope as " + role + ": got " + status);
                }
            }
        }
        assertThat(failures).as("out of scope").isEmpty();
    }

    /** The programme form with the values it has: valid, and it changes nothing. */
    private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder programmeForm() {
        var p = jdbc.sql("SELECT id, starts_on, ends_on, diagnostic_deadline, budget_total_cents FROM programme "
                        + "ORDER BY is_default DESC, id LIMIT 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)})
                .single();
        var request = post("/programme").param("startsOn", (String) p[1]).param("endsOn", (String) p[2])
                .param("diagnosticDeadline", (String) p[3]).param("budgetTotal", String.valueOf((long) p[4] / 100));
        jdbc.sql("SELECT territory_id, budget_cents FROM programme_territory WHERE programme_id = :p").param("p", p[0])
                .query((rs, n) -> request.param("budget-" + rs.getLong(1), String.valueOf(rs.getLong(2) / 100))).list();
        jdbc.sql("SELECT territory_id, indicator_code, target_value FROM programme_target WHERE programme_id = :p")
                .param("p", p[0]).query((rs, n) -> request.param("target-" + rs.getLong(1) + "-" + rs.getString(2),
                        String.valueOf(rs.getInt(3)))).list();
        return request;
    }
}
