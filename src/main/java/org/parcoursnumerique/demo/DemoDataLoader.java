package org.parcoursnumerique.demo;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.parcoursnumerique.account.Accounts;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.diagnostic.DiagnosticDemoData;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.organisation.Siret;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.DemoContributor;
import org.parcoursnumerique.shared.DemoMode;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the demo: organisations of the four territories, the demo accounts (password "demo") and
 * {@code parcours.demo.beneficiaries} fictitious people, the same for the same seed. Runs once: a
 * database that already has the demo département is left as it is.
 */
@Component
@Order(30)
class DemoDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);
    static final String DEPARTEMENT_NAME = "Département de la Seine-Saint-Denis";
    static final String PASSWORD = "demo";
    static final String NOTICE_VERSION = "2021-09";
    private static final int BATCH = 1000;

    /** A prescriber organisation and the territories it serves. */
    record Prescriber(long id, String kind, List<String> territories) {
    }

    private final DemoMode demoMode;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate tx;
    private final Organisations organisations;
    private final Accounts accounts;
    private final ApiTokens apiTokens;
    private final Programmes programmes;
    private final DiagnosticDemoData diagnosticDemoData;
    private final org.parcoursnumerique.pathway.PathwayDemoData pathwayDemoData;
    private final ObjectProvider<DemoContributor> contributors;
    private final long seed;
    private final int beneficiaries;
    private final Clock clock;

    DemoDataLoader(DemoMode demoMode, JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate tx,
                   Organisations organisations, Accounts accounts, ApiTokens apiTokens, Programmes programmes,
                   DiagnosticDemoData diagnosticDemoData, org.parcoursnumerique.pathway.PathwayDemoData pathwayDemoData,
                   ObjectProvider<DemoContributor> contributors,
                   @Value("${parcours.demo.seed:20210701}") long seed,
                   @Value("${parcours.demo.beneficiaries:1000}") int beneficiaries, Clock clock) {
        this.demoMode = demoMode;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = tx;
        this.organisations = organisations;
        this.accounts = accounts;
        this.apiTokens = apiTokens;
        this.programmes = programmes;
        this.diagnosticDemoData = diagnosticDemoData;
        this.pathwayDemoData = pathwayDemoData;
        this.contributors = contributors;
        this.seed = seed;
        this.beneficiaries = beneficiaries;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demoMode.enabled()) {
            return;
        }
        printBanner();
        if (organisations.findByName(DEPARTEMENT_NAME).isPresent()) {
            log.info("Demo data already loaded");
            return;
        }
        long start = System.nanoTime();
        tx.executeWithoutResult(status -> shiftDefaultProgramme());
        List<Prescriber> prescribers = tx.execute(status -> createOrganisationsAndAccounts());
        int loaded = loadBeneficiaries(prescribers);
        tx.executeWithoutResult(status -> createReferrals());
        tx.executeWithoutResult(status -> createAppointments());
        int diagnosed = createDiagnostics();
        int milestones = pathwayDemoData.generate();
        log.info("Demo data: {} milestones", milestones);
        var context = new DemoContributor.Context(seed, beneficiaries, LocalDate.now(clock.withZone(PageContext.ZONE)));
        contributors.orderedStream().forEach(contributor -> {
            long began = System.nanoTime();
            String summary = contributor.contribute(context);
            log.info("Demo data of {}: {} in {} ms", contributor.getClass().getSimpleName(), summary,
                    (System.nanoTime() - began) / 1_000_000);
        });
        log.info("Demo data loaded: {} beneficiaries, {} diagnostics in {} ms", loaded, diagnosed,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The default programme's file has the dates of the 2021 call. A demo shown years later would have
     * every deadline past and every wait in years, so the whole calendar moves by whole months: the
     * programme started nine months ago, its diagnostic deadline is three months ahead, and its length
     * and the gaps between its dates stay as in the call. The demo banner says the dates are shifted.
     */
    private void shiftDefaultProgramme() {
        var programme = programmes.defaultProgramme();
        LocalDate today = LocalDate.now(clock);
        long months = ChronoUnit.MONTHS.between(YearMonth.from(programme.startsOn()),
                YearMonth.from(today.minusMonths(9)));
        jdbc.sql("""
                UPDATE programme SET starts_on = :starts, ends_on = :ends, diagnostic_deadline = :deadline
                WHERE id = :id""")
                .param("starts", shift(programme.startsOn(), months))
                .param("ends", shift(programme.endsOn(), months))
                .param("deadline", shift(programme.diagnosticDeadline(), months))
                .param("id", programme.id()).update();
        log.info("Demo: dates of the default programme shifted by {} months (now {} to {})", months,
                shift(programme.startsOn(), months), shift(programme.endsOn(), months));
    }

    /** Moves a date by whole months; the last day of a month stays the last day ("30 June" → "31 March"). */
    static LocalDate shift(LocalDate date, long months) {
        LocalDate moved = date.plusMonths(months);
        return date.getDayOfMonth() == date.lengthOfMonth() ? moved.withDayOfMonth(moved.lengthOfMonth()) : moved;
    }

    private static void printBanner() {
        log.warn("""

                ************************************************************************
                *  MODE DÉMONSTRATION — données fictives, comptes de démonstration     *
                *  (mot de passe « demo »). Ne saisissez aucune donnée réelle.         *
                *  DEMO MODE — fictitious data and demo accounts. Not for production.  *
                ************************************************************************""");
    }

    private List<Prescriber> createOrganisationsAndAccounts() {
        Map<String, Long> territoryIds = new HashMap<>();
        programmes.territories().forEach(t -> territoryIds.put(t.code(), t.id()));

        long departement = create(OrganisationKind.DEPARTEMENT, DEPARTEMENT_NAME, null, null, false, null, null, null, List.of());
        long platform = create(OrganisationKind.PLATFORM, "Administration de la plateforme (démo)", null, null, false,
                null, null, null, List.of());
        accounts.createWithPassword("admin" + DemoMode.DEMO_DOMAIN, "Alice Admin", platform, Role.ADMINISTRATOR, PASSWORD);
        accounts.createWithPassword("departement" + DemoMode.DEMO_DOMAIN, "Denise Département", departement,
                Role.PROGRAMME_MANAGER, PASSWORD);
        apiTokens.store(departement, "Jeton de démonstration", ApiTokens.DEMO_PREFIX + "departement", null);

        String[][] territories = {
                {"T6", "Plaine Commune", "Saint-Denis", "Aubervilliers"},
                {"T7", "Paris Terres d'Envol", "Aulnay-sous-Bois", "Drancy"},
                {"T8", "Est Ensemble", "Montreuil", "Bobigny"},
                {"T9", "Grand Paris Grand Est", "Noisy-le-Grand", "Clichy-sous-Bois"}};
        String[][] members = {
                {"Association Clic Solidaire", "ASSOCIATION"}, {"Ressourcerie numérique", "ESS"},
                {"Les Ateliers du Lien", "ASSOCIATION"}};
        // Fictitious addresses (street names invented) and numbers from the range kept for fiction (01 99 00 …).
        String[] streets = {"rue des Claviers", "allée des Écrans", "place de la Souris"};
        Map<String, String> postcodes = Map.of("Saint-Denis", "93200", "Aulnay-sous-Bois", "93600",
                "Montreuil", "93100", "Noisy-le-Grand", "93160");
        List<Prescriber> prescribers = new ArrayList<>();
        int n = 0;
        for (String[] t : territories) {
            String code = t[0];
            long territory = territoryIds.get(code);
            String lower = code.toLowerCase();
            long ept = create(OrganisationKind.EPT, "EPT " + t[1], territory, null, false, null, null, null, List.of());
            long consortium = create(OrganisationKind.CONSORTIUM, "Consortium numérique inclusif — " + t[1], territory,
                    null, false, null, null, null, List.of());
            long lead = 0;
            for (int i = 0; i < members.length; i++) {
                long member = create(OrganisationKind.MEMBER_STRUCTURE, members[i][0] + " (" + t[2] + ")", territory,
                        consortium, i == 0, members[i][1], fakeSiret(++n), null, List.of());
                organisations.changeAddress(member, new Organisations.Address((i + 1) * 7 + " " + streets[i],
                        postcodes.get(t[2]), t[2], i == 0 ? "Rez-de-chaussée, sonnez à « Accueil »" : null,
                        String.format("+331990000%02d", n)));
                organisations.changeContactEmail(member, "accueil." + lower + "." + (i + 1) + DemoMode.DEMO_DOMAIN);
                if (i == 0) {
                    lead = member;
                }
            }
            if (code.equals("T6") || code.equals("T7")) {
                accounts.createWithPassword("coordination." + lower + DemoMode.DEMO_DOMAIN,
                        "Coordination " + t[1], lead, Role.COORDINATOR, PASSWORD);
            }
            if (code.equals("T6")) {
                // Fixed tokens of the indicators API (ADR 0018), listed in the README; refused outside demo mode.
                apiTokens.store(ept, "Jeton de démonstration", ApiTokens.DEMO_PREFIX + "ept-t6", null);
                apiTokens.store(consortium, "Jeton de démonstration", ApiTokens.DEMO_PREFIX + "coordination-t6", null);
                // The logistics manager's structure: the equipment API of T6 (ADR 0030).
                apiTokens.store(lead, "Jeton de démonstration", ApiTokens.DEMO_PREFIX + "logistique-t6", null);
                accounts.createWithPassword("ept.t6" + DemoMode.DEMO_DOMAIN, "Étienne EPT", ept, Role.EPT_VIEWER, PASSWORD);
                accounts.createWithPassword("mediation.t6" + DemoMode.DEMO_DOMAIN, "Mina Médiation", lead,
                        Role.MEDIATOR, PASSWORD);
                // The demo mediator is a conseiller numérique, as many mediators of the programme are.
                jdbc.sql("UPDATE user_account SET digital_advisor = TRUE WHERE email = :email")
                        .param("email", "mediation.t6" + DemoMode.DEMO_DOMAIN).update();
                accounts.createWithPassword("logistique.t6" + DemoMode.DEMO_DOMAIN, "Louis Logistique", lead,
                        Role.LOGISTICS_MANAGER, PASSWORD);
            }
            List<String> served = List.of(code);
            prescribers.add(prescriber("PIE de " + t[2], "PIE", served, territoryIds));
            prescribers.add(prescriber("Association référente RSA — " + t[1], "RSA_REFERENT_ASSOCIATION", served, territoryIds));
            prescribers.add(prescriber("PLIE " + t[1], "PDIE_FUNDED_BODY", served, territoryIds));
            prescribers.add(prescriber("Service social départemental — CISP de " + t[3], "CISP", served, territoryIds));
            prescribers.add(prescriber("France Travail " + t[2], "FRANCE_TRAVAIL", served, territoryIds));
            prescribers.add(prescriber("Mission locale de " + t[2], "MISSION_LOCALE", served, territoryIds));
            prescribers.add(prescriber("Chantier d'insertion " + t[1], "SIAE", served, territoryIds));
        }
        List<String> all = List.of("T6", "T7", "T8", "T9");
        prescribers.add(prescriber("Cap emploi Seine-Saint-Denis", "CAP_EMPLOI", all, territoryIds));
        prescribers.add(prescriber("Service de l'aide sociale à l'enfance (ASE)", "ASE_SERVICE", all, territoryIds));

        long pieT6 = organisations.findByName("PIE de Saint-Denis").orElseThrow().id();
        long missionLocaleT7 = organisations.findByName("Mission locale de Aulnay-sous-Bois").orElseThrow().id();
        accounts.createWithPassword("prescripteur.t6" + DemoMode.DEMO_DOMAIN, "Paul Prescripteur", pieT6,
                Role.PRESCRIBER, PASSWORD);
        accounts.createWithPassword("prescripteur.t7" + DemoMode.DEMO_DOMAIN, "Patricia Prescriptrice",
                missionLocaleT7, Role.PRESCRIBER, PASSWORD);
        // Fixed API tokens, listed in the README; refused outside demo mode.
        apiTokens.store(pieT6, "Jeton de démonstration", ApiTokens.DEMO_PREFIX + "prescripteur-t6", null);
        apiTokens.store(missionLocaleT7, "Jeton de démonstration", ApiTokens.DEMO_PREFIX + "prescripteur-t7", null);
        return prescribers;
    }

    private Prescriber prescriber(String name, String kind, List<String> served, Map<String, Long> territoryIds) {
        long id = create(OrganisationKind.PRESCRIBER, name, null, null, false, null, null, kind,
                served.stream().map(territoryIds::get).toList());
        return new Prescriber(id, kind, served);
    }

    private long create(OrganisationKind kind, String name, Long territory, Long consortium, boolean lead,
                        String legalForm, String siret, String prescriberKind, List<Long> served) {
        return organisations.create(new Organisations.NewOrganisation(kind, name, territory, consortium, lead,
                legalForm, siret, null, prescriberKind, served));
    }

    /** A SIRET-shaped number with a valid check digit that no real company has (000 prefix). */
    static String fakeSiret(int n) {
        String base = "000" + String.format("%010d", n);
        for (int d = 0; d < 10; d++) {
            if (Siret.isValid(base + d)) {
                return base + d;
            }
        }
        throw new IllegalStateException();
    }

    private int loadBeneficiaries(List<Prescriber> prescribers) {
        var programme = programmes.defaultProgramme();
        var generator = new DemoPeopleGenerator(seed, OffsetDateTime.now(clock), programme, programmes, prescribers,
                jdbc.sql("SELECT id FROM user_account WHERE email = :email")
                        .param("email", "prescripteur.t6" + DemoMode.DEMO_DOMAIN).query(Long.class).single(),
                organisations.findByName("PIE de Saint-Denis").orElseThrow().id());
        int done = 0;
        while (done < beneficiaries) {
            int size = Math.min(BATCH, beneficiaries - done);
            List<DemoPeopleGenerator.Person> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(generator.next());
            }
            tx.executeWithoutResult(status -> insert(batch));
            done += size;
            if (done % 100_000 == 0) {
                log.info("Demo data: {} beneficiaries", done);
            }
        }
        return done;
    }

    private void insert(List<DemoPeopleGenerator.Person> batch) {
        long firstId = jdbcTemplate.queryForObject("SELECT COALESCE(MAX(id), 0) FROM beneficiary", Long.class) + 1;
        // Ids are given explicitly so consents can be inserted in the same batch round trip.
        jdbcTemplate.batchUpdate("""
                INSERT INTO beneficiary (id, programme_id, last_name, first_name, full_name_norm, reverse_name_norm,
                    name_key, name_key_reverse, name_key_cut,
                    birth_date, phone, email, preferred_channel, commune_insee, eligibility_category, ase_district_id,
                    referring_organisation_id, territory_id, status, diagnosed_on, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new BatchPreparedStatementSetter() {
                @Override
                public int getBatchSize() {
                    return batch.size();
                }

                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    var p = batch.get(i);
                    ps.setLong(1, firstId + i);
                    ps.setLong(2, p.programmeId());
                    ps.setString(3, p.lastName());
                    ps.setString(4, p.firstName());
                    ps.setString(5, Names.fullName(p.lastName(), p.firstName()));
                    ps.setString(6, Names.reverseName(p.lastName(), p.firstName()));
                    var key = Names.searchKey(p.lastName(), p.firstName());
                    ps.setString(7, key.key());
                    ps.setString(8, key.reverseKey());
                    ps.setInt(9, key.cut());
                    ps.setDate(10, Date.valueOf(p.birthDate()));
                    ps.setString(11, p.phone());
                    ps.setString(12, p.email());
                    ps.setString(13, p.preferredChannel());
                    ps.setString(14, p.communeInsee());
                    ps.setString(15, p.category());
                    if (p.aseDistrictId() == null) {
                        ps.setNull(16, Types.BIGINT);
                    } else {
                        ps.setLong(16, p.aseDistrictId());
                    }
                    ps.setLong(17, p.referrerId());
                    ps.setLong(18, p.territoryId());
                    ps.setString(19, p.status());
                    if (p.diagnosedOn() == null) {
                        ps.setNull(20, Types.DATE);
                    } else {
                        ps.setDate(20, Date.valueOf(p.diagnosedOn()));
                    }
                    setTime(ps, 21, p.createdAt());
                    setTime(ps, 22, p.createdAt());
                }
            });
        List<Object[]> consents = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            var p = batch.get(i);
            long id = firstId + i;
            consents.add(new Object[] {id, "PATHWAY_PROCESSING", true, p.createdAt(), p.recordedBy()});
            consents.add(new Object[] {id, "SHARE_WITH_PRESCRIBER", p.sharesWithPrescriber(), p.createdAt(), p.recordedBy()});
            consents.add(new Object[] {id, "EVALUATION_STUDY", p.joinsStudy(), p.createdAt(), p.recordedBy()});
        }
        jdbcTemplate.batchUpdate("""
                INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at, recorded_by)
                VALUES (?, ?, '%s', ?, ?, ?)""".formatted(NOTICE_VERSION), consents, consents.size(),
                (ps, c) -> {
                    ps.setLong(1, (Long) c[0]);
                    ps.setString(2, (String) c[1]);
                    ps.setBoolean(3, (Boolean) c[2]);
                    setTime(ps, 4, (OffsetDateTime) c[3]);
                    if (c[4] == null) {
                        ps.setNull(5, Types.BIGINT);
                    } else {
                        ps.setLong(5, (Long) c[4]);
                    }
                });
        // Keep the identity sequence ahead of the explicit ids.
        resyncIdentity(firstId + batch.size());
    }

    /**
     * Every demo person came through a referral: still waiting when the person is "referred",
     * accepted and given to the territory's lead structure once their pathway has started.
     */
    private void createReferrals() {
        jdbc.sql("""
                INSERT INTO referral (programme_id, beneficiary_id, referring_organisation_id, referrer_user_id,
                    territory_id, status, source, rsa_situation, needs, notice_version, assigned_structure_id,
                    created_at, updated_at)
                SELECT b.programme_id, b.id, b.referring_organisation_id,
                       (SELECT MIN(u.id) FROM user_account u
                        WHERE u.organisation_id = b.referring_organisation_id AND u.role = 'PRESCRIBER'),
                       b.territory_id,
                       CASE b.status WHEN 'REFERRED' THEN 'SUBMITTED' WHEN 'REFUSED' THEN 'REFUSED'
                                     WHEN 'WITHDRAWN' THEN 'WITHDRAWN' ELSE 'ACCEPTED' END,
                       'WEB',
                       CASE WHEN b.eligibility_category <> 'RSA' THEN NULL
                            WHEN MOD(b.id, 3) = 0 THEN 'IN_TRAINING'
                            WHEN MOD(b.id, 3) = 1 THEN 'EQUIPMENT_FOR_INSERTION' ELSE 'ENTREPRENEURSHIP' END,
                       NULL, :notice,
                       CASE WHEN b.status IN ('REFERRED', 'REFUSED', 'WITHDRAWN') THEN NULL
                            ELSE (SELECT MIN(o.id) FROM organisation o WHERE o.kind = 'MEMBER_STRUCTURE'
                                  AND o.lead_member AND o.territory_id = b.territory_id) END,
                       b.created_at, b.created_at
                FROM beneficiary b
                WHERE NOT EXISTS (SELECT 1 FROM referral r WHERE r.beneficiary_id = b.id)""")
                .param("notice", NOTICE_VERSION).update();
        jdbc.sql("""
                INSERT INTO referral_transition (referral_id, from_status, to_status, occurred_at)
                SELECT id, NULL, 'SUBMITTED', created_at FROM referral""").update();
        jdbc.sql("""
                INSERT INTO referral_transition (referral_id, from_status, to_status, occurred_at, by_user_id)
                SELECT r.id, 'SUBMITTED', r.status, r.created_at + INTERVAL '3' DAY,
                       CASE WHEN r.status = 'WITHDRAWN' THEN r.referrer_user_id
                            ELSE (SELECT MIN(u.id) FROM user_account u JOIN organisation o ON o.id = u.organisation_id
                                  WHERE u.role = 'COORDINATOR' AND o.territory_id = r.territory_id) END
                FROM referral r WHERE r.status <> 'SUBMITTED'""")
                .update();
    }

    /**
     * Appointments of the demo mediator (T6): a few upcoming ones for accepted people, and the
     * diagnostic appointment attended on the day of the diagnosis of a few diagnosed people. No
     * reminder job is planned for them (reminders are planned when a mediator schedules one).
     */
    private void createAppointments() {
        var mediator = jdbc.sql("SELECT id, organisation_id FROM user_account WHERE email = :email")
                .param("email", "mediation.t6" + DemoMode.DEMO_DOMAIN)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long territory = programmes.territories().stream().filter(t -> t.code().equals("T6")).findFirst()
                .orElseThrow().id();
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
        java.time.LocalDate today = java.time.LocalDate.now(paris);
        List<long[]> accepted = jdbc.sql("""
                SELECT id, referring_organisation_id FROM beneficiary
                WHERE territory_id = :territory AND status = 'ACCEPTED' ORDER BY id LIMIT 6""")
                .param("territory", territory).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        for (int i = 0; i < accepted.size(); i++) {
            var start = today.plusDays(i + 1).atTime(i % 2 == 0 ? java.time.LocalTime.of(10, 0)
                    : java.time.LocalTime.of(14, 30)).atZone(paris).toOffsetDateTime();
            appointment(accepted.get(i), territory, mediator, start, "SCHEDULED");
        }
        record Diagnosed(long id, long referrer, java.time.LocalDate day) {
        }
        List<Diagnosed> diagnosed = jdbc.sql("""
                SELECT id, referring_organisation_id, diagnosed_on FROM beneficiary
                WHERE territory_id = :territory AND status = 'DIAGNOSED' AND diagnosed_on < :today
                ORDER BY id LIMIT 6""").param("territory", territory).param("today", today)
                .query((rs, i) -> new Diagnosed(rs.getLong(1), rs.getLong(2), rs.getObject(3, java.time.LocalDate.class)))
                .list();
        for (var d : diagnosed) {
            appointment(new long[] {d.id(), d.referrer()}, territory, mediator,
                    d.day().atTime(10, 0).atZone(paris).toOffsetDateTime(), "ATTENDED");
        }
    }

    private void appointment(long[] person, long territory, long[] mediator, OffsetDateTime start, String status) {
        OffsetDateTime created = start.minusDays(7);
        jdbc.sql("""
                INSERT INTO appointment (beneficiary_id, territory_id, referring_organisation_id, starts_at, structure_id,
                    mediator_id, status, created_by, created_at, updated_at)
                VALUES (:person, :territory, :referrer, :start, :structure, :mediator, :status, :mediator, :created,
                    :created)""")
                .param("person", person[0]).param("territory", territory).param("referrer", person[1])
                .param("start", start).param("structure", mediator[1]).param("mediator", mediator[0])
                .param("status", status).param("created", created).update();
        long id = jdbc.sql("SELECT MAX(id) FROM appointment").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO appointment_transition (appointment_id, from_status, to_status, occurred_at, by_user_id)
                VALUES (:id, NULL, 'SCHEDULED', :at, :by)""")
                .param("id", id).param("at", created).param("by", mediator[0]).update();
        if (!status.equals("SCHEDULED")) {
            jdbc.sql("""
                    INSERT INTO appointment_transition (appointment_id, from_status, to_status, occurred_at, by_user_id)
                    VALUES (:id, 'SCHEDULED', :status, :at, :by)""")
                    .param("id", id).param("status", status).param("at", start.plusHours(1)).param("by", mediator[0])
                    .update();
        }
    }

    /** The people counted as diagnosed get a completed diagnostic; the T6 ones were done by the demo mediator. */
    private int createDiagnostics() {
        long mediator = jdbc.sql("SELECT id FROM user_account WHERE email = :email")
                .param("email", "mediation.t6" + DemoMode.DEMO_DOMAIN).query(Long.class).single();
        long t6 = programmes.territories().stream().filter(t -> t.code().equals("T6")).findFirst().orElseThrow().id();
        return diagnosticDemoData.completeForDiagnosedPeople(new Random(seed + 3), mediator, t6);
    }

    private void resyncIdentity(long next) {
        String product = jdbcTemplate.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        if ("PostgreSQL".equals(product)) {
            jdbcTemplate.queryForObject("SELECT setval(pg_get_serial_sequence('beneficiary', 'id'), ?, false)",
                    Long.class, next);
        } else {
            jdbcTemplate.execute("ALTER TABLE beneficiary ALTER COLUMN id RESTART WITH " + next);
        }
    }

    private static void setTime(PreparedStatement ps, int index, OffsetDateTime time) throws SQLException {
        ps.setObject(index, time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
