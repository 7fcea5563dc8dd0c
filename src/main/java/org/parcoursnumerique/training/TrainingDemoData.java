package org.parcoursnumerique.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.shared.DemoContributor;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The training module's demo data (ADR 0024, order 300): the catalogue imported at start-up from the
 * standards' example files and from generated files of the département in the real formats, a
 * training body and one dedicated training per territory with its sessions, and an orientation for
 * each person who reached {@code ORIENTED}, its outcome consistent with their milestones (completed,
 * started, dropped out, did not show up, registered — some past their expected start, so the
 * "à relancer" list has people). People are read page by page with {@link Milestones#reachedBy},
 * written in batches in their own transactions: constant memory at any scale.
 */
@Component
class TrainingDemoData implements DemoContributor {

    static final int PAGE = 1000;

    private final OfferImports imports;
    private final CommuneCentres centres;
    private final Organisations organisations;
    private final Milestones milestones;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;

    TrainingDemoData(OfferImports imports, CommuneCentres centres, Organisations organisations, Milestones milestones,
                     JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx) {
        this.imports = imports;
        this.centres = centres;
        this.organisations = organisations;
        this.milestones = milestones;
        this.jdbc = jdbc;
        this.template = template;
        this.tx = tx;
    }

    @Override
    public int getOrder() {
        return 300;
    }

    @Override
    public String contribute(Context context) {
        LocalDate today = context.today();
        var communes = centres.list().stream().filter(c -> !c.inseeCode().equals("93059")).toList();
        int offers = 0;
        offers += imports.run(Optional.of(OfferFormat.LIEUX_V1), "exemple-valide-v1.csv", resource("exemple-valide-v1.csv"),
                null, "demo").accepted();
        offers += imports.run(Optional.of(OfferFormat.LIEUX_V0), "exemple-valide-v0.1.1.csv",
                resource("exemple-valide-v0.1.1.csv"), null, "demo").accepted();
        offers += imports.run(Optional.empty(), "lieux-93-demo.csv",
                DemoCatalogue.lieuxV1(context.seed(), communes, 3, today).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null, "demo").accepted();
        offers += imports.run(Optional.empty(), "services-93-demo.json",
                DemoCatalogue.dataInclusion(context.seed(), communes, today).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null, "demo").accepted();
        Map<Long, List<Long>> dedicated = tx.execute(status -> dedicatedTrainings(today));
        Map<Long, List<Long>> imported = new HashMap<>();
        jdbc.sql("SELECT id, territory_id FROM training_offer WHERE format <> 'dedicated' AND territory_id IS NOT NULL ORDER BY id")
                .query(rs -> {
                    imported.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getLong(1));
                });
        int orientations = 0;
        long after = 0;
        while (true) {
            var people = milestones.reachedBy(Milestone.ORIENTED, after, PAGE);
            if (people.isEmpty()) {
                break;
            }
            after = people.get(people.size() - 1).beneficiaryId();
            Integer n = tx.execute(status -> orient(people, imported, dedicated, today));
            orientations += n == null ? 0 : n;
        }
        return offers + " offers, " + dedicated.values().stream().mapToInt(List::size).sum() + " dedicated sessions, "
                + orientations + " orientations";
    }

    /** One dedicated training per territory, given by a training body, with a past and two coming sessions. */
    private Map<Long, List<Long>> dedicatedTrainings(LocalDate today) {
        long trainer = organisations.all().stream().filter(o -> o.kind() == OrganisationKind.TRAINING_BODY).findFirst()
                .map(Organisations.Organisation::id)
                .orElseGet(() -> organisations.create(new Organisations.NewOrganisation(OrganisationKind.TRAINING_BODY,
                        "Les Ateliers du Clic (organisme de formation)", null, null, false, "ASSOCIATION", null, null,
                        null, List.of())));
        Map<Long, List<Long>> sessions = new HashMap<>();
        OffsetDateTime now = today.atTime(LocalTime.of(9, 0)).atZone(PageContext.ZONE).toOffsetDateTime();
        String[] themes = {"DEVICE_BASICS", "EMAIL", "ONLINE_PROCEDURES", "JOB_SEARCH"};
        for (var t : jdbc.sql("SELECT id, code FROM territory_v ORDER BY code").query((rs, n) -> new Object[] {rs.getLong(1),
                rs.getString(2)}).list()) {
            long territory = (Long) t[0];
            var place = centres.list().stream().filter(c -> c.territoryId() == territory).findFirst().orElse(null);
            if (place == null) {
                continue;
            }
            long offer = org.parcoursnumerique.shared.Keys.insert(jdbc.sql("""
                    INSERT INTO training_offer (source, source_id, format, name, name_key, address, postcode, insee_code,
                        commune, latitude, longitude, territory_id, phone, email, summary, free_of_charge, on_site, remote,
                        accessible, level, trainer_organisation_id, content_hash, created_at, updated_at)
                    VALUES ('consortium', :sourceId, 'dedicated', :name, :key, :address, :postcode, :insee, :commune,
                        :lat, :lon, :territory, '+33199001234', 'formation@demo.parcours.test', :summary, TRUE, TRUE,
                        FALSE, TRUE, 'BEGINNER', :trainer, '-', :now, :now)""")
                    .param("sourceId", "demo-" + t[1]).param("name", "Premiers pas numériques (" + t[1] + ")")
                    .param("key", "premiers pas numeriques " + ((String) t[1]).toLowerCase())
                    .param("address", "12 place de la Mairie").param("postcode", DedicatedTrainings.postcode(place.inseeCode()))
                    .param("insee", place.inseeCode()).param("commune", place.name()).param("lat", place.latitude())
                    .param("lon", place.longitude()).param("territory", territory)
                    .param("summary", "Huit séances en petit groupe : allumer et utiliser un ordinateur, créer sa messagerie, faire une démarche en ligne.")
                    .param("trainer", trainer).param("now", now));
            for (String theme : themes) {
                jdbc.sql("INSERT INTO training_offer_service (offer_id, vocabulary, term) VALUES (:id, 'theme', :t)")
                        .param("id", offer).param("t", theme).update();
            }
            List<Long> ids = new ArrayList<>();
            for (int k = -1; k <= 1; k++) {
                LocalDate start = today.plusWeeks(3L * k + 1);
                ids.add(org.parcoursnumerique.shared.Keys.insert(jdbc.sql("""
                        INSERT INTO training_session (offer_id, territory_id, starts_on, ends_on, schedule, place, capacity,
                            created_at)
                        VALUES (:offer, :territory, :start, :end, 'Mardi et jeudi, 9 h 30 – 12 h', :place, 12, :now)""")
                        .param("offer", offer).param("territory", territory).param("start", start)
                        .param("end", start.plusWeeks(4)).param("place", "12 place de la Mairie, " + place.name())
                        .param("now", now)));
            }
            sessions.put(offer, ids);
        }
        return sessions;
    }

    /** The orientations of one page of people, consistent with their milestones. */
    private int orient(List<Milestones.PersonAt> people, Map<Long, List<Long>> imported, Map<Long, List<Long>> dedicated,
                       LocalDate today) {
        List<Long> ids = people.stream().map(Milestones.PersonAt::beneficiaryId).toList();
        Map<Long, LocalDate[]> dates = new HashMap<>();
        jdbc.sql("""
                SELECT beneficiary_id, code, reached_on FROM milestone_v
                WHERE beneficiary_id IN (:ids) AND code IN ('TRAINING_STARTED', 'TRAINING_COMPLETED')""")
                .param("ids", ids).query(rs -> {
                    LocalDate[] d = dates.computeIfAbsent(rs.getLong(1), k -> new LocalDate[2]);
                    d[rs.getString(2).equals("TRAINING_STARTED") ? 0 : 1] = rs.getObject(3, LocalDate.class);
                });
        Map<Long, Long> referrers = new HashMap<>();
        jdbc.sql("SELECT id, referring_organisation_id FROM beneficiary_v WHERE id IN (:ids)").param("ids", ids)
                .query(rs -> {
                    referrers.put(rs.getLong(1), rs.getLong(2));
                });
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> steps = new ArrayList<>();
        List<Milestones.PersonAt> oriented = new ArrayList<>();
        for (var p : people) {
            List<Long> offers = imported.getOrDefault(p.territoryId(), List.of());
            if (offers.isEmpty() || !referrers.containsKey(p.beneficiaryId())) {
                continue;
            }
            LocalDate orientedOn = p.reachedOn();
            LocalDate[] d = dates.getOrDefault(p.beneficiaryId(), new LocalDate[2]);
            long offer = offers.get((int) (p.beneficiaryId() % offers.size()));
            LocalDate expected = orientedOn.plusDays(14);
            String status;
            LocalDate ended = null;
            String reason = null;
            if (d[1] != null) {
                status = "COMPLETED";
            } else if (d[0] != null) {
                status = p.beneficiaryId() % 3 == 0 ? "DROPPED_OUT" : "STARTED";
                if (status.equals("DROPPED_OUT")) {
                    ended = min(d[0].plusDays(10), today);
                    reason = p.beneficiaryId() % 2 == 0 ? "FAMILY" : "JOB_FOUND";
                }
            } else if (p.beneficiaryId() % 5 == 0 && !expected.isAfter(today)) {
                status = "NO_SHOW";
                ended = expected;
            } else {
                status = "REGISTERED";
            }
            if (d[0] != null && expected.isAfter(d[0])) {
                expected = d[0];
            }
            OffsetDateTime at = orientedOn.atTime(LocalTime.of(10, 0)).atZone(PageContext.ZONE).toOffsetDateTime();
            rows.add(new Object[] {p.beneficiaryId(), p.territoryId(), referrers.get(p.beneficiaryId()), offer, status,
                    Date.valueOf(expected), d[0] == null ? null : Date.valueOf(d[0]),
                    d[1] == null ? null : Date.valueOf(d[1]), ended == null ? null : Date.valueOf(ended), reason,
                    Timestamp.from(at.toInstant()), Timestamp.from(at.toInstant()),
                    "DROPPED_OUT".equals(status) || "NO_SHOW".equals(status) ? Timestamp.from(at.toInstant()) : null});
            oriented.add(p);
        }
        if (rows.isEmpty()) {
            return 0;
        }
        template.batchUpdate("""
                INSERT INTO training_orientation (beneficiary_id, territory_id, referring_organisation_id, offer_id, status,
                    expected_start, started_on, completed_on, ended_on, dropout_reason, created_at, updated_at,
                    rupture_signalled_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        Map<Long, Long> orientationOf = new HashMap<>();
        jdbc.sql("SELECT beneficiary_id, MAX(id) FROM training_orientation WHERE beneficiary_id IN (:ids) GROUP BY beneficiary_id")
                .param("ids", ids).query(rs -> {
                    orientationOf.put(rs.getLong(1), rs.getLong(2));
                });
        for (Object[] r : rows) {
            long person = (Long) r[0];
            long id = orientationOf.get(person);
            Timestamp at = (Timestamp) r[10];
            String status = (String) r[4];
            steps.add(new Object[] {id, null, "PROPOSED", at, null, null});
            steps.add(new Object[] {id, "PROPOSED", "REGISTERED", at, r[5], null});
            Date started = (Date) r[6];
            if (started != null) {
                steps.add(new Object[] {id, "REGISTERED", "STARTED", stamp(started), started, null});
            }
            if ("COMPLETED".equals(status)) {
                steps.add(new Object[] {id, "STARTED", "COMPLETED", stamp((Date) r[7]), r[7], null});
            } else if ("DROPPED_OUT".equals(status)) {
                steps.add(new Object[] {id, "STARTED", "DROPPED_OUT", stamp((Date) r[8]), r[8], null});
            } else if ("NO_SHOW".equals(status)) {
                steps.add(new Object[] {id, "REGISTERED", "NO_SHOW", stamp((Date) r[8]), r[8], null});
            }
        }
        template.batchUpdate("""
                INSERT INTO training_transition (orientation_id, from_status, to_status, occurred_at, on_date, by_user_id)
                VALUES (?, ?, ?, ?, ?, ?)""", steps);
        for (var p : oriented) {
            String source = "training:" + orientationOf.get(p.beneficiaryId());
            milestones.attributeSource(p.beneficiaryId(), Milestone.ORIENTED, source);
            LocalDate[] d = dates.get(p.beneficiaryId());
            if (d != null && d[0] != null) {
                milestones.attributeSource(p.beneficiaryId(), Milestone.TRAINING_STARTED, source);
            }
            if (d != null && d[1] != null) {
                milestones.attributeSource(p.beneficiaryId(), Milestone.TRAINING_COMPLETED, source);
            }
        }
        return rows.size();
    }

    private static Timestamp stamp(Date day) {
        return Timestamp.from(day.toLocalDate().atTime(LocalTime.of(17, 0)).atZone(PageContext.ZONE).toInstant());
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static byte[] resource(String name) {
        try (InputStream in = TrainingDemoData.class.getResourceAsStream("/reference/training/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
