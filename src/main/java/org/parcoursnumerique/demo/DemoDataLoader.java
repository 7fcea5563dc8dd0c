package org.parcoursnumerique.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.parcoursnumerique.account.Accounts;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.appointment.AppointmentDemoData;
import org.parcoursnumerique.beneficiary.BeneficiaryDemoData;
import org.parcoursnumerique.diagnostic.DiagnosticDemoData;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.organisation.Siret;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.referral.ReferralDemoData;
import org.parcoursnumerique.shared.DemoContributor;
import org.parcoursnumerique.shared.DemoMode;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
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
    private final javax.sql.DataSource dataSource;
    private final TransactionTemplate tx;
    private final Organisations organisations;
    private final Accounts accounts;
    private final ApiTokens apiTokens;
    private final Programmes programmes;
    private final DiagnosticDemoData diagnosticDemoData;
    private final org.parcoursnumerique.pathway.PathwayDemoData pathwayDemoData;
    private final ObjectProvider<DemoContributor> contributors;
    private final BeneficiaryDemoData beneficiaryDemoData;
    private final ReferralDemoData referralDemoData;
    private final AppointmentDemoData appointmentDemoData;
    private final long seed;
    private final int beneficiaries;
    private final Clock clock;

    DemoDataLoader(DemoMode demoMode, TransactionTemplate tx,
                   Organisations organisations, Accounts accounts, ApiTokens apiTokens, Programmes programmes,
                   DiagnosticDemoData diagnosticDemoData, org.parcoursnumerique.pathway.PathwayDemoData pathwayDemoData,
                   ObjectProvider<DemoContributor> contributors, BeneficiaryDemoData beneficiaryDemoData,
                   ReferralDemoData referralDemoData, AppointmentDemoData appointmentDemoData,
                   @Value("${parcours.demo.seed:20210701}") long seed,
                   @Value("${parcours.demo.beneficiaries:1000}") int beneficiaries, Clock clock,
                   javax.sql.DataSource dataSource) {
        this.demoMode = demoMode;
        this.dataSource = dataSource;
        this.tx = tx;
        this.organisations = organisations;
        this.accounts = accounts;
        this.apiTokens = apiTokens;
        this.programmes = programmes;
        this.diagnosticDemoData = diagnosticDemoData;
        this.pathwayDemoData = pathwayDemoData;
        this.contributors = contributors;
        this.beneficiaryDemoData = beneficiaryDemoData;
        this.referralDemoData = referralDemoData;
        this.appointmentDemoData = appointmentDemoData;
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
        referralDemoData.createForEveryPerson(NOTICE_VERSION);
        var mediator = accounts.findStaff("mediation.t6" + DemoMode.DEMO_DOMAIN).orElseThrow();
        appointmentDemoData.create(mediator.id(), mediator.organisationId(), territoryId("T6"));
        int diagnosed = createDiagnostics();
        int milestones = pathwayDemoData.generate();
        log.info("Demo data: {} milestones", milestones);
        analyse();
        var context = new DemoContributor.Context(seed, beneficiaries, LocalDate.now(clock.withZone(PageContext.ZONE)));
        contributors.orderedStream().forEach(contributor -> {
            long began = System.nanoTime();
            String summary = contributor.contribute(context);
            log.info("Demo data of {}: {} in {} ms", contributor.getClass().getSimpleName(), summary,
                    (System.nanoTime() - began) / 1_000_000);
            analyse();
        });
        log.info("Demo data loaded: {} beneficiaries, {} diagnostics in {} ms", loaded, diagnosed,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * After a bulk load on PostgreSQL, the planner's statistics still describe empty tables (autovacuum
     * comes minutes later): the next stage's batched reads would then pick plans made for a few rows
     * and take seconds per batch at a million people. {@code ANALYZE} samples every table in seconds.
     */
    private void analyse() {
        if (beneficiaries < 10_000) {
            return;
        }
        try (var connection = dataSource.getConnection()) {
            if (connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                long began = System.nanoTime();
                try (var statement = connection.createStatement()) {
                    statement.execute("ANALYZE");
                }
                log.info("Demo data: statistics refreshed (ANALYZE) in {} ms", (System.nanoTime() - began) / 1_000_000);
            }
        } catch (java.sql.SQLException e) {
            log.warn("Demo data: ANALYZE failed ({}); reads stay correct, maybe slower", e.getMessage());
        }
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
        programmes.moveDates(programme.id(), shift(programme.startsOn(), months), shift(programme.endsOn(), months),
                shift(programme.diagnosticDeadline(), months));
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
                accounts.markDigitalAdvisor("mediation.t6" + DemoMode.DEMO_DOMAIN);
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
                accounts.findStaff("prescripteur.t6" + DemoMode.DEMO_DOMAIN).orElseThrow().id(),
                organisations.findByName("PIE de Saint-Denis").orElseThrow().id());
        int done = 0;
        while (done < beneficiaries) {
            int size = Math.min(BATCH, beneficiaries - done);
            List<BeneficiaryDemoData.Person> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(generator.next());
            }
            tx.executeWithoutResult(status -> beneficiaryDemoData.insert(batch, NOTICE_VERSION));
            done += size;
            if (done % 100_000 == 0) {
                log.info("Demo data: {} beneficiaries", done);
            }
        }
        return done;
    }

    /** The people counted as diagnosed get a completed diagnostic; the T6 ones were done by the demo mediator. */
    private int createDiagnostics() {
        long mediator = accounts.findStaff("mediation.t6" + DemoMode.DEMO_DOMAIN).orElseThrow().id();
        return diagnosticDemoData.completeForDiagnosedPeople(new Random(seed + 3), mediator, territoryId("T6"));
    }

    private long territoryId(String code) {
        return programmes.territories().stream().filter(t -> t.code().equals(code)).findFirst().orElseThrow().id();
    }

}
