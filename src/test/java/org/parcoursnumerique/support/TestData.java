package org.parcoursnumerique.support;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.parcoursnumerique.account.Accounts;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.Role;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Builders for test situations: organisations, users of each role and people, each with unique
 * names so that tests never depend on one another's data.
 */
@TestComponent
public class TestData {

    public static final String PASSWORD = "mot de passe de test";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final JdbcClient jdbc;
    private final Organisations organisations;
    private final Accounts accounts;
    private final UserDetailsService userDetails;

    public TestData(JdbcClient jdbc, Organisations organisations, Accounts accounts, UserDetailsService userDetails) {
        this.jdbc = jdbc;
        this.organisations = organisations;
        this.accounts = accounts;
        this.userDetails = userDetails;
    }

    /** A user that can log in, with the password {@link #PASSWORD}. */
    public record TestUser(long id, String email, long organisationId, Role role, RequestPostProcessor login) {
    }

    public static String unique(String prefix) {
        return prefix + " " + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    public long territory(String code) {
        return jdbc.sql("SELECT id FROM territory WHERE code = :code").param("code", code).query(Long.class).single();
    }

    public long departement() {
        return organisation(OrganisationKind.DEPARTEMENT, unique("Département"), null, null, null, List.of());
    }

    public long platform() {
        return organisation(OrganisationKind.PLATFORM, unique("Plateforme"), null, null, null, List.of());
    }

    public long ept(String territoryCode) {
        return organisation(OrganisationKind.EPT, unique("EPT " + territoryCode), territory(territoryCode), null, null,
                List.of());
    }

    /**
     * A member structure of a new consortium of the territory: where coordinators and mediators work,
     * with a (fictitious) address where it receives people.
     */
    public long consortiumMember(String territoryCode) {
        long consortium = organisation(OrganisationKind.CONSORTIUM, unique("Consortium " + territoryCode),
                territory(territoryCode), null, null, List.of());
        return organisations.create(new Organisations.NewOrganisation(OrganisationKind.MEMBER_STRUCTURE,
                unique("Structure " + territoryCode), null, consortium, true, "ASSOCIATION", null, null, null, null,
                new Organisations.Address("12 rue de l’Essai", "93200", "Saint-Denis", "2e étage, interphone 12",
                        "+33199000012")));
    }

    public long prescriber(String kind, String... servedTerritoryCodes) {
        return organisation(OrganisationKind.PRESCRIBER, unique("Prescripteur " + kind), null, null, kind,
                Arrays.stream(servedTerritoryCodes).map(this::territory).toList());
    }

    private long organisation(OrganisationKind kind, String name, Long territoryId, Long consortiumId,
                              String prescriberKind, List<Long> served) {
        return organisations.create(new Organisations.NewOrganisation(kind, name, territoryId, consortiumId, false,
                null, null, null, prescriberKind, served));
    }

    public TestUser user(Role role, long organisationId) {
        String email = unique(role.name().toLowerCase()).replace(' ', '.') + "@test.parcours.example";
        long id = accounts.createWithPassword(email, unique("Utilisateur"), organisationId, role, PASSWORD);
        return new TestUser(id, email, organisationId, role, login(email));
    }

    /** Authenticates a MockMvc request as this account, loaded by the application's own user service. */
    public RequestPostProcessor login(String email) {
        return request -> SecurityMockMvcRequestPostProcessors.user(userDetails.loadUserByUsername(email))
                .postProcessRequest(request);
    }

    /** A user of each role, each in an organisation of the right kind on territory T6. */
    public TestUser administrator() {
        return user(Role.ADMINISTRATOR, platform());
    }

    public TestUser programmeManager() {
        return user(Role.PROGRAMME_MANAGER, departement());
    }

    public TestUser eptViewer(String territoryCode) {
        return user(Role.EPT_VIEWER, ept(territoryCode));
    }

    public TestUser consortiumStaff(Role role, String territoryCode) {
        return user(role, consortiumMember(territoryCode));
    }

    public TestUser prescriberUser(String territoryCode) {
        return user(Role.PRESCRIBER, prescriber("PIE", territoryCode));
    }

    public BeneficiaryBuilder beneficiary() {
        return new BeneficiaryBuilder();
    }

    /** A person; by default an RSA recipient of Saint-Denis (T6) referred by a new PIE. */
    public class BeneficiaryBuilder {
        private String lastName = "Lefèvre";
        private String firstName = "Élodie";
        private LocalDate birthDate = LocalDate.of(1985, 3, 12);
        private String commune = "93066";
        private String territoryCode = "T6";
        private String category = "RSA";
        private Long aseDistrict;
        private Long referrer;
        private String status = "REFERRED";
        private String phone = "+33639981234";
        private String email;
        private OffsetDateTime referredAt;

        /** Recorded (and consenting) at that time instead of now: for the retention of old records. */
        public BeneficiaryBuilder referredAt(OffsetDateTime at) {
            this.referredAt = at;
            return this;
        }

        public BeneficiaryBuilder named(String last, String first) {
            this.lastName = last;
            this.firstName = first;
            return this;
        }

        public BeneficiaryBuilder livingIn(String inseeCode, String territory) {
            this.commune = inseeCode;
            this.territoryCode = territory;
            return this;
        }

        public BeneficiaryBuilder referredBy(long organisationId) {
            this.referrer = organisationId;
            return this;
        }

        public BeneficiaryBuilder bornOn(LocalDate birthDate) {
            this.birthDate = birthDate;
            return this;
        }

        public BeneficiaryBuilder withStatus(String status) {
            this.status = status;
            return this;
        }

        public BeneficiaryBuilder withEmail(String email) {
            this.email = email;
            return this;
        }

        public BeneficiaryBuilder aseYoungAdult(String districtCode, String territory) {
            this.category = "YOUNG_ADULT_ASE";
            this.aseDistrict = jdbc.sql("SELECT id FROM ase_district WHERE code = :code").param("code", districtCode)
                    .query(Long.class).single();
            this.territoryCode = territory;
            this.birthDate = LocalDate.of(2003, 5, 1);
            return this;
        }

        public long create() {
            long referrerId = referrer != null ? referrer : prescriber("PIE", territoryCode);
            long programme = jdbc.sql("SELECT id FROM programme ORDER BY is_default DESC, id LIMIT 1")
                    .query(Long.class).single();
            OffsetDateTime now = referredAt != null ? referredAt : OffsetDateTime.now();
            long id = Keys.insert(jdbc.sql("""
                    INSERT INTO beneficiary (programme_id, last_name, first_name, full_name_norm, reverse_name_norm,
                        name_key, name_key_reverse, name_key_cut, birth_date, phone, email, preferred_channel, commune_insee, eligibility_category,
                        ase_district_id, referring_organisation_id, territory_id, status, created_at, updated_at)
                    VALUES (:programme, :last, :first, :fullName, :reverseName, :key, :reverseKey, :cut, :birth, :phone,
                        :email, :channel, :commune, :category, :district, :referrer, :territory, :status, :now, :now)""")
                    .param("programme", programme).param("last", lastName).param("first", firstName)
                    .param("fullName", Names.fullName(lastName, firstName))
                    .param("reverseName", Names.reverseName(lastName, firstName))
                    .param("key", Names.searchKey(lastName, firstName).key())
                    .param("reverseKey", Names.searchKey(lastName, firstName).reverseKey())
                    .param("cut", Names.searchKey(lastName, firstName).cut())
                    .param("birth", birthDate).param("phone", phone).param("email", email)
                    .param("channel", phone != null ? "SMS" : "POST").param("commune", commune)
                    .param("category", category).param("district", aseDistrict).param("referrer", referrerId)
                    .param("territory", territory(territoryCode)).param("status", status).param("now", now));
            jdbc.sql("""
                    INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at)
                    VALUES (:id, 'PATHWAY_PROCESSING', '2021-09', TRUE, :now)""")
                    .param("id", id).param("now", now).update();
            // The milestones the status implies, as the stages would have recorded them (ADR 0014).
            List<String> codes = new java.util.ArrayList<>(List.of("REFERRED"));
            if (List.of("ACCEPTED", "DIAGNOSED", "IN_PATHWAY", "COMPLETED", "DROPPED_OUT").contains(status)) {
                codes.add("ACCEPTED");
            }
            if (List.of("DIAGNOSED", "IN_PATHWAY", "COMPLETED").contains(status)) {
                codes.add("DIAGNOSED");
            }
            if (status.equals("IN_PATHWAY")) {
                codes.add("ORIENTED");
            }
            if (status.equals("COMPLETED")) {
                codes.add("COMPLETED");
            }
            if (status.equals("DROPPED_OUT")) {
                codes.add("EXITED");
            }
            LocalDate today = now.toLocalDate();
            for (String code : codes) {
                jdbc.sql("""
                        INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code, reached_on)
                        VALUES (:id, :programme, :territory, :referrer, :code, :today)""")
                        .param("id", id).param("programme", programme).param("territory", territory(territoryCode))
                        .param("referrer", referrerId).param("code", code).param("today", today).update();
                jdbc.sql("""
                        INSERT INTO milestone_daily_count (programme_id, territory_id, code, reached_on, people)
                        VALUES (:programme, :territory, :code, :today, 1)
                        ON CONFLICT (programme_id, territory_id, code, reached_on)
                        DO UPDATE SET people = milestone_daily_count.people + 1""")
                        .param("programme", programme).param("territory", territory(territoryCode))
                        .param("code", code).param("today", today).update();
                jdbc.sql("""
                        INSERT INTO milestone_monthly_count (programme_id, code, territory_id, month_start, people)
                        VALUES (:programme, :code, :territory, :month, 1)
                        ON CONFLICT (programme_id, code, territory_id, month_start)
                        DO UPDATE SET people = milestone_monthly_count.people + 1""")
                        .param("programme", programme).param("territory", territory(territoryCode))
                        .param("code", code).param("month", today.withDayOfMonth(1)).update();
            }
            if (status.equals("DIAGNOSED") || status.equals("IN_PATHWAY") || status.equals("COMPLETED")) {
                jdbc.sql("UPDATE beneficiary SET diagnosed_on = COALESCE(diagnosed_on, :today) WHERE id = :id")
                        .param("today", today).param("id", id).update();
            }
            if (status.equals("DROPPED_OUT")) {
                jdbc.sql("""
                        INSERT INTO early_exit (beneficiary_id, programme_id, territory_id, reason_code, exited_on)
                        VALUES (:id, :programme, :territory, 'UNREACHABLE', :today)""")
                        .param("id", id).param("programme", programme).param("territory", territory(territoryCode))
                        .param("today", today).update();
            }
            return id;
        }
    }
}
