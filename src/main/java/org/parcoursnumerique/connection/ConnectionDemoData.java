package org.parcoursnumerique.connection;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.DemoContributor;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo connection data (ADR 0024, order 200): four offers per territory, and a line for every person
 * who has {@code CONNECTED}, activated that day, with monthly periods consistent with their
 * milestones: people with {@code CONNECTED_6_MONTHS} were paid seven months (the milestone falls on
 * the day the coverage reached 183 days), then most were found connected by their own means, some no
 * longer connected and a few not checked yet; the others are paid month after month up to this month,
 * so that about a quarter lapse within the week, and a few lapsed a month ago. Pages through the
 * people with {@code Milestones.reachedBy}, 1 000 per transaction: constant memory at any scale.
 */
@Component
class ConnectionDemoData implements DemoContributor {

    private static final int BATCH = 1000;

    /** The demo's offers: kind, name, fictitious operator, monthly price, programme's share (cents). */
    private static final Object[][] OFFERS = {
            {OfferKind.DATA_SIM, "Forfait data solidaire 50 Go", "Mobile Solidaire", 990, 990},
            {OfferKind.BOX_4G, "Box 4G coup de pouce", "Réseau Partagé", 2490, 2000},
            {OfferKind.SOCIAL_TARIFF, "Internet fixe au tarif social", "Fibre Essentielle", 1500, 1000},
            {OfferKind.EXISTING_SUBSCRIPTION, "Aide à l’abonnement existant", "Opérateur de la personne", 2000, 1000},
    };

    private record Offer(long id, OfferKind kind, String operator, int share) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Milestones milestones;
    private final Programmes programmes;
    private final TransactionTemplate tx;
    private final int toleranceDays;

    ConnectionDemoData(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, Milestones milestones, Programmes programmes,
                       TransactionTemplate tx, Lines lines) {
        this.jdbc = jdbc;
        this.named = named;
        this.milestones = milestones;
        this.programmes = programmes;
        this.tx = tx;
        this.toleranceDays = lines.toleranceDays();
    }

    @Override
    public int getOrder() {
        return 200;
    }

    @Override
    public String contribute(Context context) {
        Map<Long, List<Offer>> offers = tx.execute(status -> offers(context.today()));
        long after = 0;
        int lines = 0;
        int periods = 0;
        while (true) {
            var people = milestones.reachedBy(Milestone.CONNECTED, after, BATCH);
            if (people.isEmpty()) {
                break;
            }
            int[] written = tx.execute(status -> write(people, offers, context));
            lines += written[0];
            periods += written[1];
            after = people.get(people.size() - 1).beneficiaryId();
        }
        return offers.values().stream().mapToInt(List::size).sum() + " offers, " + lines + " lines, " + periods
                + " paid periods";
    }

    private Map<Long, List<Offer>> offers(LocalDate today) {
        Timestamp at = Timestamp.from(today.minusMonths(10).atTime(LocalTime.of(9, 0)).atZone(PageContext.ZONE).toInstant());
        Map<Long, List<Offer>> byTerritory = new HashMap<>();
        for (var t : programmes.territories()) {
            for (Object[] o : OFFERS) {
                jdbc.update("""
                        INSERT INTO connection_offer (territory_id, kind, name, operator, monthly_price_cents,
                                                      programme_share_cents, active, created_at, updated_at)
                        SELECT ?, ?, ?, ?, ?, ?, TRUE, ?, ? FROM (VALUES (1)) x
                        WHERE NOT EXISTS (SELECT 1 FROM connection_offer WHERE territory_id = ? AND name = ?)""",
                        t.id(), ((OfferKind) o[0]).name(), o[1], o[2], o[3], o[4], at, at, t.id(), o[1]);
            }
            byTerritory.put(t.id(), jdbc.query("""
                    SELECT id, kind, operator, programme_share_cents FROM connection_offer
                    WHERE territory_id = ? AND active ORDER BY id""",
                    (rs, n) -> new Offer(rs.getLong(1), OfferKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4)),
                    t.id()));
        }
        return byTerritory;
    }

    private int[] write(List<Milestones.PersonAt> people, Map<Long, List<Offer>> offers, Context context) {
        LocalDate today = context.today();
        List<Long> ids = people.stream().map(Milestones.PersonAt::beneficiaryId).toList();
        Set<Long> already = new HashSet<>(named.queryForList(
                "SELECT beneficiary_id FROM connection_line WHERE beneficiary_id IN (:ids)",
                new MapSqlParameterSource("ids", ids), Long.class));
        List<Object[]> lineRows = new ArrayList<>();
        Map<Long, Plan> plans = new HashMap<>();
        for (var p : people) {
            List<Offer> choices = offers.get(p.territoryId());
            if (already.contains(p.beneficiaryId()) || choices == null || choices.isEmpty()) {
                continue;
            }
            long id = p.beneficiaryId();
            // A spread that does not follow the ids (the milestones' demo picks people by their id's last digit).
            Offer offer = choices.get(Math.floorMod(Long.hashCode(id * 0x9E3779B97F4A7C15L + context.seed()), choices.size()));
            Plan plan = plan(id, p.reachedOn(), today, offer);
            plans.put(id, plan);
            Timestamp created = Timestamp.from(p.reachedOn().atTime(LocalTime.of(10, 0)).atZone(PageContext.ZONE).toInstant());
            Timestamp last = Timestamp.from(plan.lastContact().atTime(LocalTime.of(10, 0)).atZone(PageContext.ZONE).toInstant());
            lineRows.add(new Object[] {id, p.programmeId(), p.territoryId(), id, offer.id(), offer.operator(),
                    offer.kind().hasSim() ? iccid(id) : null, offer.kind().hasSim() ? null : "CT-" + (100000 + id),
                    offer.kind().hasSim() ? "+3377" + String.format("%07d", id % 10_000_000) : null,
                    Date.valueOf(p.reachedOn()), date(plan.coverage().coveredUntil()), date(plan.lapsesOn()),
                    date(plan.coverage().sixMonthsOn()), date(plan.sixRecorded(today)), created, last});
        }
        if (lineRows.isEmpty()) {
            return new int[] {0, 0};
        }
        // The referring organisation is the person's; read it with the line's own insert.
        jdbc.batchUpdate("""
                INSERT INTO connection_line (beneficiary_id, programme_id, territory_id, referring_organisation_id,
                    offer_id, operator, iccid, contract_reference, phone, activation_date, covered_until, lapses_on,
                    six_months_on, six_months_recorded_on, created_at, last_contact_at)
                SELECT ?, ?, ?, b.referring_organisation_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                FROM beneficiary_v b WHERE b.id = ?""",
                lineRows.stream().map(r -> new Object[] {r[0], r[1], r[2], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                        r[11], r[12], r[13], r[14], r[15], r[3]}).toList());
        Map<Long, Long> lineOf = new HashMap<>();
        named.query("SELECT id, beneficiary_id FROM connection_line WHERE beneficiary_id IN (:ids)",
                new MapSqlParameterSource("ids", new ArrayList<>(plans.keySet())),
                rs -> {
                    lineOf.put(rs.getLong(2), rs.getLong(1));
                });
        List<Object[]> periodRows = new ArrayList<>();
        List<Object[]> checkRows = new ArrayList<>();
        for (var e : plans.entrySet()) {
            long line = lineOf.get(e.getKey());
            for (Lines.NewPeriod p : e.getValue().periods()) {
                Timestamp at = Timestamp.from((p.start().isAfter(today) ? today : p.start()).atTime(LocalTime.of(11, 0))
                        .atZone(PageContext.ZONE).toInstant());
                periodRows.add(new Object[] {line, Date.valueOf(p.start()), Date.valueOf(p.end()), p.amountCents(),
                        p.paidBy().name(), at});
            }
            Plan plan = e.getValue();
            if (plan.check() != null) {
                Timestamp at = Timestamp.from(plan.checkedOn().atTime(LocalTime.of(15, 0)).atZone(PageContext.ZONE).toInstant());
                checkRows.add(new Object[] {line, Date.valueOf(plan.lapsedOn()), Date.valueOf(plan.checkedOn()),
                        plan.check().name(), at});
            }
        }
        jdbc.batchUpdate("""
                INSERT INTO connection_period (line_id, start_date, end_date, amount_cents, paid_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""", periodRows);
        jdbc.batchUpdate("""
                INSERT INTO connection_check (line_id, lapsed_on, checked_on, outcome, recorded_at)
                VALUES (?, ?, ?, ?, ?)""", checkRows);
        for (var e : plans.entrySet()) {
            String source = Lines.SOURCE + lineOf.get(e.getKey());
            milestones.attributeSource(e.getKey(), Milestone.CONNECTED, source);
            if (e.getValue().coverage().sixMonthsOn() != null && !e.getValue().coverage().sixMonthsOn().isAfter(today)) {
                milestones.attributeSource(e.getKey(), Milestone.CONNECTED_6_MONTHS, source);
            }
        }
        return new int[] {plans.size(), periodRows.size()};
    }

    /** A line's periods and check, and the coverage they give. */
    private record Plan(List<Lines.NewPeriod> periods, CheckOutcome check, LocalDate lapsedOn, LocalDate checkedOn,
                        Coverage coverage) {

        LocalDate lapsesOn() {
            return coverage.lapsesOn() == null ? coverage.activation() : coverage.lapsesOn();
        }

        LocalDate sixRecorded(LocalDate today) {
            LocalDate six = coverage.sixMonthsOn();
            return six != null && !six.isAfter(today) ? six : null;
        }

        LocalDate lastContact() {
            LocalDate last = coverage.activation();
            for (var p : periods) {
                if (p.start().isAfter(last)) {
                    last = p.start();
                }
            }
            return checkedOn != null && checkedOn.isAfter(last) ? checkedOn : last;
        }
    }

    private Plan plan(long id, LocalDate activation, LocalDate today, Offer offer) {
        List<Lines.NewPeriod> periods = new ArrayList<>();
        CheckOutcome check = null;
        LocalDate lapsedOn = null;
        LocalDate checkedOn = null;
        int amount = offer.share();
        if (!activation.plusDays(Coverage.SIX_MONTHS_DAYS).isAfter(today)) {
            // Six months reached: seven months paid, the seventh by the person.
            periods.addAll(Lines.monthly(activation, 6, amount, PaidBy.PROGRAMME));
            periods.addAll(Lines.monthly(activation.plusMonths(6), 1, amount, PaidBy.PERSON));
            LocalDate lapse = activation.plusMonths(7);
            if (!lapse.isAfter(today) && id % 13 != 0) {
                lapsedOn = lapse;
                checkedOn = lapse.plusDays(id % 10).isAfter(today) ? today : lapse.plusDays(id % 10);
                check = id % 4 == 0 ? CheckOutcome.NOT_CONNECTED : CheckOutcome.OWN_MEANS;
            }
        } else {
            // Paid month after month up to this month; a few stopped paying a month ago.
            LocalDate stop = id % 11 == 0 ? today.minusMonths(1) : today;
            for (LocalDate start = activation; !start.isAfter(stop); start = start.plusMonths(1)) {
                periods.add(new Lines.NewPeriod(start, start.plusMonths(1).minusDays(1), amount, PaidBy.PROGRAMME));
            }
        }
        List<Coverage.Interval> intervals = new ArrayList<>();
        periods.forEach(p -> intervals.add(new Coverage.Interval(p.start(), p.end())));
        if (check == CheckOutcome.OWN_MEANS) {
            intervals.add(new Coverage.Interval(lapsedOn, checkedOn));
        }
        return new Plan(periods, check, lapsedOn, checkedOn, Coverage.of(activation, intervals, toleranceDays));
    }

    /** A fictitious, well-formed ICCID: 8933 (France), 14 digits from the person, the Luhn digit. */
    static String iccid(long id) {
        String body = "8933" + String.format("%014d", id);
        for (int d = 0; d <= 9; d++) {
            if (Iccid.luhn(body + d)) {
                return body + d;
            }
        }
        throw new IllegalStateException();
    }

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }
}
