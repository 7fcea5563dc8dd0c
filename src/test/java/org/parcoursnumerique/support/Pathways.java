package org.parcoursnumerique.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * People at a given point of their pathway, in one line, reached the way users reach it: the
 * prescriber's referral form, the coordinator's triage, the mediator's diagnostic steps and
 * completion, through the real controllers and services (so milestones, audit rows, transitions and
 * events are what production writes, and a change of those modules is felt here). For example
 * {@code pathways.person().in("T6").sharingWithPrescriber().diagnosedFarFromDigital()} is a person
 * referred in Saint-Denis, accepted by a structure of T6 with a mediator, whose completed diagnostic
 * recommends a laptop, a connection, beginner training and CléA numérique.
 */
public class Pathways {

    /** A commune of each territory (INSEE table of the reference data), as the referral form takes it. */
    private static final Map<String, String> COMMUNES = Map.of(
            "T6", "Saint-Denis", "T7", "Aulnay-sous-Bois", "T8", "Montreuil", "T9", "Noisy-le-Grand");

    private static final JsonNode REFERENTIAL = defaultReferential();
    private static final List<Map<String, List<String>>> FAR_FROM_DIGITAL = farFromDigital();

    private final MockMvc mvc;
    private final TestData data;
    private final JdbcClient jdbc;

    public Pathways(MockMvc mvc, TestData data, JdbcClient jdbc) {
        this.mvc = mvc;
        this.data = data;
        this.jdbc = jdbc;
    }

    /**
     * Who is who in one situation. {@code mediator} is the one the person is entrusted to (a
     * coordinator of the same structure by default); ids are null for stages not reached.
     */
    public record Person(long personId, long referralId, TestData.TestUser prescriber, long structureId,
                         TestData.TestUser coordinator, TestData.TestUser mediator, Long diagnosticId) {
    }

    public Builder person() {
        return new Builder();
    }

    public final class Builder {
        private String territory = "T6";
        private String lastName = "Parcours " + letters();
        private String firstName = "Awa";
        private boolean share;
        private TestData.TestUser prescriber;
        private boolean separateMediator;

        private Builder() {
        }

        /** The territory where the person lives (T6 to T9), hence the structure that takes them. */
        public Builder in(String territoryCode) {
            territory = territoryCode;
            return this;
        }

        public Builder named(String last, String first) {
            lastName = last;
            firstName = first;
            return this;
        }

        /** The person agreed that the referring prescriber sees their plan. */
        public Builder sharingWithPrescriber() {
            share = true;
            return this;
        }

        public Builder referredBy(TestData.TestUser prescriberUser) {
            prescriber = prescriberUser;
            return this;
        }

        /** Entrusted to a mediator of the structure rather than to its coordinator. */
        public Builder withMediator() {
            separateMediator = true;
            return this;
        }

        /** Referred by a prescriber through the referral form; nobody has triaged it yet. */
        public Person referred() throws Exception {
            TestData.TestUser by = prescriber != null ? prescriber : data.prescriberUser(territory);
            var request = post("/referrals").with(csrf()).with(by.login())
                    .param("lastName", lastName).param("firstName", firstName).param("birthDate", "1988-04-02")
                    .param("commune", COMMUNES.get(territory)).param("eligibilityCategory", "LONG_TERM_JOBSEEKER")
                    .param("consent", "true");
            if (share) {
                request.param("shareWithPrescriber", "true");
            }
            String location = expectRedirect(request);
            long referral = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
            long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", referral)
                    .query(Long.class).single();
            return new Person(person, referral, by, 0, null, null, null);
        }

        /** Referred, then accepted by a member structure of the territory with a mediator. */
        public Person accepted() throws Exception {
            Person referred = referred();
            long structure = data.consortiumMember(territory);
            var coordinator = data.user(Role.COORDINATOR, structure);
            var mediator = separateMediator ? data.user(Role.MEDIATOR, structure) : coordinator;
            expectRedirect(post("/referrals/" + referred.referralId() + "/accept").with(csrf()).with(coordinator.login())
                    .param("structureId", String.valueOf(structure)).param("mediatorId", String.valueOf(mediator.id())));
            return new Person(referred.personId(), referred.referralId(), referred.prescriber(), structure, coordinator,
                    mediator, null);
        }

        /**
         * Accepted, then diagnosed by its mediator with the default referential: no computer, no
         * internet, a job project. The plan recommends a laptop, a connection, beginner training
         * (device basics, job search…) and CléA numérique; the diagnostic is completed.
         */
        public Person diagnosedFarFromDigital() throws Exception {
            Person accepted = accepted();
            var mediator = accepted.mediator();
            String location = expectRedirect(post("/beneficiaries/" + accepted.personId() + "/diagnostics")
                    .with(csrf()).with(mediator.login()));
            long diagnostic = Long.parseLong(location.split("/")[2]);
            for (int step = 1; step <= FAR_FROM_DIGITAL.size(); step++) {
                var request = post("/diagnostics/" + diagnostic + "/steps/" + step).with(csrf()).with(mediator.login())
                        .param("version", String.valueOf(version(diagnostic))).param("action", "next");
                // Every question of the step was on the form, as the page shows them.
                REFERENTIAL.get("sections").get(step - 1).get("questions")
                        .forEach(q -> request.param("shown", q.get("key").asString()));
                FAR_FROM_DIGITAL.get(step - 1).forEach((k, v) -> request.param("q_" + k, v.toArray(String[]::new)));
                expectRedirect(request);
            }
            expectRedirect(post("/diagnostics/" + diagnostic + "/complete").with(csrf()).with(mediator.login())
                    .param("version", String.valueOf(version(diagnostic))));
            return new Person(accepted.personId(), accepted.referralId(), accepted.prescriber(), accepted.structureId(),
                    accepted.coordinator(), mediator, diagnostic);
        }

        /** Diagnosed, then connected {@code daysAgo} days ago with {@code months} months paid (connection module). */
        public Connected connected(int daysAgo, int months) throws Exception {
            return Pathways.this.connected(this, daysAgo, months);
        }

        // ---- followup: steps after the diagnostic

        /**
         * Diagnosed far from digital, then its mediator closed the accompaniment today ("Clore
         * l'accompagnement"): {@code COMPLETED}, the follow-ups at 3 and 6 months planned.
         */
        public Person accompanimentClosed() throws Exception {
            Person diagnosed = diagnosedFarFromDigital();
            expectRedirect(post("/beneficiaries/" + diagnosed.personId() + "/close").with(csrf())
                    .with(diagnosed.mediator().login())
                    .param("date", java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString())
                    .param("confirm", "yes"));
            return diagnosed;
        }
    }

    // --- connection module: a person connected through the pages ---

    /** A person connected by the connection module: their pathway and the line opened for them. */
    public record Connected(Person person, long lineId, long offerId) {
    }

    /**
     * Diagnosed far from digital, then connected by the mediator: a data SIM offer of the territory
     * added by the coordinator, a line with a fresh ICCID activated {@code daysAgo} days ago, and
     * {@code months} monthly periods paid by the programme from the activation (none for 0).
     */
    public Connected connected(Builder builder, int daysAgo, int months) throws Exception {
        Person person = builder.diagnosedFarFromDigital();
        String offerName = "Offre " + letters();
        expectRedirect(post("/connection/offers").with(csrf()).with(person.coordinator().login())
                .param("kind", "DATA_SIM").param("name", offerName).param("operator", "Mobile Test")
                .param("monthlyPrice", "9,90").param("programmeShare", "9,90").param("active", "true"));
        long offer = jdbc.sql("SELECT id FROM connection_offer WHERE name = :name").param("name", offerName)
                .query(Long.class).single();
        java.time.LocalDate activation = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).minusDays(daysAgo);
        String location = expectRedirect(post("/beneficiaries/" + person.personId() + "/connection").with(csrf())
                .with(person.mediator().login()).param("offerId", String.valueOf(offer)).param("iccid", iccid())
                .param("activationDate", activation.toString()));
        long line = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        if (months > 0) {
            expectRedirect(post("/connection/lines/" + line + "/top-up").with(csrf()).with(person.mediator().login())
                    .param("topUpStart", activation.toString()).param("months", String.valueOf(months))
                    .param("topUpAmount", "9,90").param("topUpPaidBy", "PROGRAMME"));
        }
        return new Connected(person, line, offer);
    }

    private static final java.util.concurrent.atomic.AtomicLong ICCIDS = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() % 1_000_000_000_000L);

    /** A fresh, well-formed ICCID (8933, 14 digits, the Luhn check digit). */
    public static String iccid() {
        String body = "8933" + String.format("%014d", ICCIDS.incrementAndGet() % 100_000_000_000_000L);
        for (int d = 0; d <= 9; d++) {
            int sum = 0;
            String s = body + d;
            for (int i = 0; i < s.length(); i++) {
                int v = s.charAt(s.length() - 1 - i) - '0';
                if (i % 2 == 1) {
                    v = v * 2 > 9 ? v * 2 - 9 : v * 2;
                }
                sum += v;
            }
            if (sum % 10 == 0) {
                return s;
            }
        }
        throw new IllegalStateException();
    }

    private static final java.util.concurrent.atomic.AtomicLong NAMES = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime());

    /**
     * Letters only (the referral form refuses digits in names), different for each person, so that
     * no duplicate suspicion stops a referral.
     */
    public static String letters() {
        long n = NAMES.incrementAndGet();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            b.append((char) ('a' + Math.floorMod(n, 26)));
            n /= 26;
        }
        return b.toString();
    }

    private int version(long diagnostic) {
        return jdbc.sql("SELECT version FROM diagnostic WHERE id = :id").param("id", diagnostic)
                .query(Integer.class).single();
    }

    private String expectRedirect(MockHttpServletRequestBuilder request) throws Exception {
        var response = mvc.perform(request).andReturn().getResponse();
        if (response.getStatus() != 302 || response.getRedirectedUrl() == null) {
            throw new AssertionError("expected a redirect from " + request.buildRequest(null).getRequestURI()
                    + ", got " + response.getStatus() + ": " + response.getContentAsString());
        }
        return response.getRedirectedUrl();
    }

    /**
     * The answers of each step of the default referential for a person far from digital: every
     * question of steps 4 and 5 (digital skills) answered, read from the referential itself so that
     * a new skill question does not break the builder.
     */
    private static List<Map<String, List<String>>> farFromDigital() {
        JsonNode referential = REFERENTIAL;
        List<Map<String, List<String>>> steps = new ArrayList<>();
        steps.add(Map.of("equipment_owned", List.of("none")));
        steps.add(Map.of("internet_access", List.of("none")));
        steps.add(Map.of("uses", List.of("none")));
        for (int section = 3; section <= 4; section++) {
            Map<String, List<String>> skills = new LinkedHashMap<>();
            String level = section == 3 ? "0" : "1";
            referential.get("sections").get(section).get("questions")
                    .forEach(q -> skills.put(q.get("key").asString(), List.of(level)));
            steps.add(skills);
        }
        steps.add(Map.of("admin_autonomy", List.of("accompanied"), "barriers", List.of("reading", "cost")));
        steps.add(Map.of("project", List.of("job"), "project_details", List.of("Devenir aide-soignante"),
                "certification_interest", List.of("maybe")));
        return List.copyOf(steps);
    }

    private static JsonNode defaultReferential() {
        try (InputStream in = Pathways.class.getResourceAsStream("/reference/diagnostic/referentiel-commun-v1.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
