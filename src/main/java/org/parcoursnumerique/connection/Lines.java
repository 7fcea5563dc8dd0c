package org.parcoursnumerique.connection;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.pathway.ReachedMilestone;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lines, their paid periods and the checks of lapsed lines, for a person already reached in the
 * caller's scope and locked ({@link PersonInScope#lock}): every change of a person's lines is
 * serialised on the person's row, so two submissions of the same form (two tabs, a double click, two
 * API calls) see each other and the second is refused as a duplicate or an overlap. Each change
 * recomputes the line's coverage and the person's {@code CONNECTED} and {@code CONNECTED_6_MONTHS}
 * milestones in the same transaction (ADR 0034).
 */
@Service
class Lines {

    /** A line lapsing within this many days is on the follow-up lists and its person reminded. */
    static final int LAPSING_DAYS = 7;
    static final int OPERATOR_MAX = 80;
    static final int REFERENCE_MAX = 60;
    static final int REASON_MAX = 300;
    static final int AMOUNT_MAX_CENTS = 100_000;
    /** A period is at most a year; a top-up at most 12 months; a date at most 10 years back. */
    static final int PERIOD_MAX_DAYS = 366;
    static final int TOP_UP_MAX_MONTHS = 12;
    static final int YEARS_BACK = 10;
    static final String SOURCE = "connection-line:";

    record NewLine(Long offerId, String operator, String iccid, String contractReference, String phone,
                   LocalDate activationDate) {
    }

    record NewPeriod(LocalDate start, LocalDate end, Integer amountCents, PaidBy paidBy) {
    }

    private final JdbcClient jdbc;
    private final Offers offers;
    private final ConnectionQueries queries;
    private final Milestones milestones;
    private final AuditLog audit;
    private final Clock clock;
    private final int toleranceDays;

    Lines(JdbcClient jdbc, Offers offers, ConnectionQueries queries, Milestones milestones, AuditLog audit, Clock clock,
          @Value("${parcours.connection.tolerance-days:3}") int toleranceDays) {
        this.jdbc = jdbc;
        this.offers = offers;
        this.queries = queries;
        this.milestones = milestones;
        this.audit = audit;
        this.clock = clock;
        this.toleranceDays = toleranceDays;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(PageContext.ZONE));
    }

    int toleranceDays() {
        return toleranceDays;
    }

    /**
     * Opens a line for the person (found in scope and locked by the caller).
     *
     * @throws LineProblem when the input breaks a rule (nothing written)
     */
    @Transactional
    long open(Author by, PersonInScope.Person person, NewLine line) {
        List<LineProblem.Problem> problems = new ArrayList<>();
        Offers.Offer offer = null;
        if (line.offerId() == null) {
            problems.add(new LineProblem.Problem("offerId", "connection.line.offer.required"));
        } else {
            offer = offers.find(line.offerId()).filter(o -> o.territoryId() == person.territoryId() && o.active())
                    .orElse(null);
            if (offer == null) {
                problems.add(new LineProblem.Problem("offerId", "connection.line.offer.unknown"));
            }
        }
        String operator = Names.freeText(line.operator());
        if (operator == null && offer != null) {
            operator = offer.operator();
        }
        if (operator == null) {
            problems.add(new LineProblem.Problem("operator", "connection.line.operator.required"));
        } else if (operator.length() > OPERATOR_MAX || !Names.isCleanText(operator, false)) {
            problems.add(new LineProblem.Problem("operator", "connection.line.operator.invalid", OPERATOR_MAX));
        }
        String iccid = null;
        if (line.iccid() != null && !line.iccid().isBlank()) {
            iccid = Iccid.normalise(line.iccid());
            if (!Iccid.isValid(iccid)) {
                problems.add(new LineProblem.Problem("iccid", "connection.line.iccid.invalid"));
                iccid = null;
            }
        }
        String reference = Names.freeText(line.contractReference());
        if (reference != null && (reference.length() > REFERENCE_MAX || !Names.isCleanText(reference, false))) {
            problems.add(new LineProblem.Problem("contractReference", "connection.line.reference.invalid", REFERENCE_MAX));
        }
        boolean identified = iccid != null || reference != null;
        if (!identified && problems.stream().noneMatch(p -> p.field().equals("iccid") || p.field().equals("contractReference"))) {
            problems.add(new LineProblem.Problem(offer != null && offer.kind().hasSim() ? "iccid" : "contractReference",
                    "connection.line.identifier.required"));
        }
        String phone = Contacts.normalisePhone(line.phone());
        if (phone != null && (!Contacts.isValidPhone(phone) || phone.length() > 20)) {
            problems.add(new LineProblem.Problem("phone", "connection.line.phone.invalid"));
        }
        LocalDate today = today();
        LocalDate activation = line.activationDate();
        if (activation == null) {
            problems.add(new LineProblem.Problem("activationDate", "connection.line.activation.required"));
        } else if (activation.isAfter(today)) {
            problems.add(new LineProblem.Problem("activationDate", "connection.line.activation.future"));
        } else if (activation.isBefore(today.minusYears(YEARS_BACK))) {
            problems.add(new LineProblem.Problem("activationDate", "connection.line.date.tooOld", YEARS_BACK));
        }
        if (iccid != null && jdbc.sql("SELECT COUNT(*) FROM connection_line WHERE iccid = :iccid").param("iccid", iccid)
                .query(Long.class).single() > 0) {
            problems.add(new LineProblem.Problem("iccid", "connection.line.iccid.taken"));
        }
        if (reference != null && jdbc.sql("""
                SELECT COUNT(*) FROM connection_line WHERE beneficiary_id = :person AND contract_reference = :reference""")
                .param("person", person.id()).param("reference", reference).query(Long.class).single() > 0) {
            problems.add(new LineProblem.Problem("contractReference", "connection.line.reference.taken"));
        }
        if (!problems.isEmpty()) {
            throw new LineProblem(problems);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id;
        try {
            id = org.parcoursnumerique.shared.Keys.insert(jdbc.sql("""
                    INSERT INTO connection_line (beneficiary_id, programme_id, territory_id, referring_organisation_id,
                        offer_id, operator, iccid, contract_reference, phone, activation_date, lapses_on, created_at,
                        created_by, created_by_organisation_id, last_contact_at)
                    VALUES (:person, :programme, :territory, :referrer, :offer, :operator, :iccid, :reference, :phone,
                            :activation, :activation, :now, :by, :org, :now)""")
                    .param("person", person.id()).param("programme", person.programmeId())
                    .param("territory", person.territoryId()).param("referrer", person.referringOrganisationId())
                    .param("offer", offer.id()).param("operator", operator).param("iccid", iccid)
                    .param("reference", reference).param("phone", phone).param("activation", activation)
                    .param("now", now).param("by", by.userId()).param("org", by.apiOrganisationId()));
        } catch (DuplicateKeyException e) {
            throw new LineProblem("iccid", "connection.line.iccid.taken");
        }
        by.audit(audit, person.id(), AuditAction.CREATE, "connection line " + id);
        recompute(id, by.userId());
        return id;
    }

    /**
     * Adds paid periods to a line of the person (found in scope and locked by the caller): one, or
     * the months of a recurring top-up. A period may not overlap another one still counted.
     */
    @Transactional
    List<Long> addPeriods(Author by, long personId, long lineId, List<NewPeriod> periods) {
        ConnectionQueries.Line line = lineOf(personId, lineId);
        List<LineProblem.Problem> problems = new ArrayList<>();
        LocalDate today = today();
        List<ConnectionQueries.Period> existing = queries.periods(lineId).stream()
                .filter(ConnectionQueries.Period::active).toList();
        List<NewPeriod> accepted = new ArrayList<>();
        for (NewPeriod p : periods) {
            int before = problems.size();
            if (p.start() == null) {
                problems.add(new LineProblem.Problem("start", "connection.period.start.required"));
            }
            if (p.end() == null) {
                problems.add(new LineProblem.Problem("end", "connection.period.end.required"));
            }
            if (p.amountCents() == null) {
                problems.add(new LineProblem.Problem("amountCents", "connection.period.amount.required"));
            } else if (p.amountCents() < 0 || p.amountCents() > AMOUNT_MAX_CENTS) {
                problems.add(new LineProblem.Problem("amountCents", "connection.period.amount.range", AMOUNT_MAX_CENTS / 100));
            }
            if (p.paidBy() == null) {
                problems.add(new LineProblem.Problem("paidBy", "connection.period.paidBy.required"));
            }
            if (p.start() != null && p.end() != null) {
                if (p.end().isBefore(p.start())) {
                    problems.add(new LineProblem.Problem("end", "connection.period.end.beforeStart"));
                } else if (ChronoUnit.DAYS.between(p.start(), p.end()) >= PERIOD_MAX_DAYS) {
                    problems.add(new LineProblem.Problem("end", "connection.period.tooLong"));
                } else if (p.end().isBefore(line.activationDate())) {
                    problems.add(new LineProblem.Problem("end", "connection.period.beforeActivation"));
                } else if (p.start().isBefore(line.activationDate().minusDays(31))) {
                    problems.add(new LineProblem.Problem("start", "connection.period.longBeforeActivation"));
                } else if (p.start().isAfter(today.plusMonths(TOP_UP_MAX_MONTHS))) {
                    problems.add(new LineProblem.Problem("start", "connection.period.tooFar", TOP_UP_MAX_MONTHS));
                } else if (overlaps(p, existing) || overlapsNew(p, accepted)) {
                    problems.add(new LineProblem.Problem("start", "connection.period.overlap"));
                }
            }
            if (problems.size() == before) {
                accepted.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw new LineProblem(problems);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Long> ids = new ArrayList<>();
        for (NewPeriod p : accepted) {
            ids.add(org.parcoursnumerique.shared.Keys.insert(jdbc.sql("""
                    INSERT INTO connection_period (line_id, start_date, end_date, amount_cents, paid_by, created_at,
                                                   created_by, created_by_organisation_id)
                    VALUES (:line, :start, :end, :amount, :paidBy, :now, :by, :org)""")
                    .param("line", lineId).param("start", p.start()).param("end", p.end())
                    .param("amount", p.amountCents()).param("paidBy", p.paidBy().name()).param("now", now)
                    .param("by", by.userId()).param("org", by.apiOrganisationId())));
        }
        touch(lineId, now);
        by.audit(audit, personId, AuditAction.CHANGE, "connection line " + lineId + ": " + ids.size() + " period(s) added");
        recompute(lineId, by.userId());
        return ids;
    }

    /** The months of a recurring monthly top-up: {@code months} periods from {@code start}, one calendar month each. */
    static List<NewPeriod> monthly(LocalDate start, int months, Integer amountCents, PaidBy paidBy) {
        List<NewPeriod> periods = new ArrayList<>();
        for (int i = 0; i < months; i++) {
            periods.add(new NewPeriod(start.plusMonths(i), start.plusMonths(i + 1L).minusDays(1), amountCents, paidBy));
        }
        return periods;
    }

    /** Cancels a period entered by mistake (kept with who, when and why); coverage and milestones follow. */
    @Transactional
    void cancelPeriod(Author by, long personId, long lineId, long periodId, String reason) {
        lineOf(personId, lineId);
        String why = Names.freeText(reason);
        if (why == null) {
            throw new LineProblem("reason", "connection.period.reason.required");
        }
        if (why.length() > REASON_MAX || !Names.isCleanText(why, false)) {
            throw new LineProblem("reason", "connection.period.reason.invalid", REASON_MAX);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        int changed = jdbc.sql("""
                UPDATE connection_period SET cancelled_at = :now, cancelled_by = :by, cancel_reason = :reason
                WHERE id = :id AND line_id = :line AND cancelled_at IS NULL""")
                .param("now", now).param("by", by.userId()).param("reason", why).param("id", periodId)
                .param("line", lineId).update();
        if (changed == 0) {
            throw new NotFoundException();
        }
        touch(lineId, now);
        by.audit(audit, personId, AuditAction.CHANGE, "connection line " + lineId + ": period " + periodId + " cancelled");
        recompute(lineId, by.userId());
    }

    /**
     * Records the mediator's answer about a lapsed line: still connected by their own means on
     * {@code checkedOn} (counts as covered from the lapse to that day), or not connected any more.
     */
    @Transactional
    void recordCheck(Author by, long personId, long lineId, CheckOutcome outcome, LocalDate checkedOn) {
        ConnectionQueries.Line line = lineOf(personId, lineId);
        LocalDate today = today();
        if (outcome == null) {
            throw new LineProblem("outcome", "connection.check.outcome.required");
        }
        if (checkedOn == null) {
            throw new LineProblem("checkedOn", "connection.check.date.required");
        }
        if (checkedOn.isAfter(today)) {
            throw new LineProblem("checkedOn", "connection.check.date.future");
        }
        if (line.lapsesOn() == null || line.lapsesOn().isAfter(today)) {
            throw new LineProblem("outcome", "connection.check.notLapsed");
        }
        if (checkedOn.isBefore(line.lapsesOn())) {
            throw new LineProblem("checkedOn", "connection.check.date.beforeLapse", line.lapsesOn());
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                INSERT INTO connection_check (line_id, lapsed_on, checked_on, outcome, recorded_at, recorded_by)
                VALUES (:line, :lapsed, :checked, :outcome, :now, :by)""")
                .param("line", lineId).param("lapsed", line.lapsesOn()).param("checked", checkedOn)
                .param("outcome", outcome.name()).param("now", now).param("by", by.userId()).update();
        touch(lineId, now);
        by.audit(audit, personId, AuditAction.CHANGE, "connection line " + lineId + ": check " + outcome.name());
        recompute(lineId, by.userId());
    }

    /** The line's coverage as of its periods and checks now. */
    Coverage coverage(ConnectionQueries.Line line) {
        List<Coverage.Interval> intervals = new ArrayList<>();
        for (ConnectionQueries.Period p : queries.periods(line.id())) {
            if (p.active()) {
                intervals.add(new Coverage.Interval(p.start(), p.end()));
            }
        }
        for (ConnectionQueries.Check c : queries.checks(line.id())) {
            if (c.outcome() == CheckOutcome.OWN_MEANS) {
                intervals.add(new Coverage.Interval(c.lapsedOn(), c.checkedOn()));
            }
        }
        return Coverage.of(line.activationDate(), intervals, toleranceDays);
    }

    /**
     * Recomputes a line's coverage and its person's milestones. Idempotent: run again with nothing
     * changed, it writes the same values and records nothing.
     */
    @Transactional
    void recompute(long lineId, Long byUserId) {
        ConnectionQueries.Line line = queries.line(org.parcoursnumerique.shared.DataScope.all(), lineId)
                .orElseThrow(NotFoundException::new);
        Coverage c = coverage(line);
        jdbc.sql("""
                UPDATE connection_line SET covered_until = :until, lapses_on = :lapses, six_months_on = :six
                WHERE id = :id""")
                .param("until", c.coveredUntil())
                .param("lapses", c.lapsesOn() == null ? line.activationDate() : c.lapsesOn())
                .param("six", c.sixMonthsOn()).param("id", lineId).update();
        reconcileMilestones(line.beneficiaryId(), byUserId);
    }

    /**
     * The person's connection milestones from their lines: {@code CONNECTED} on the first activation,
     * {@code CONNECTED_6_MONTHS} on the first day a line's continuous coverage reached 183 days, if
     * that day has come. Reached, moved or withdrawn through {@link Milestones} to match.
     */
    @Transactional
    void reconcileMilestones(long personId, Long byUserId) {
        LocalDate today = today();
        LocalDate connected = null;
        Long connectedLine = null;
        LocalDate six = null;
        Long sixLine = null;
        for (var l : jdbc.sql("""
                SELECT id, activation_date, six_months_on FROM connection_line WHERE beneficiary_id = :person ORDER BY id""")
                .param("person", personId)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getObject(2, LocalDate.class),
                        rs.getObject(3, LocalDate.class)}).list()) {
            LocalDate activation = (LocalDate) l[1];
            LocalDate sixOn = (LocalDate) l[2];
            if (!activation.isAfter(today) && (connected == null || activation.isBefore(connected))) {
                connected = activation;
                connectedLine = (Long) l[0];
            }
            if (sixOn != null && !sixOn.isAfter(today) && (six == null || sixOn.isBefore(six))) {
                six = sixOn;
                sixLine = (Long) l[0];
            }
        }
        jdbc.sql("""
                UPDATE connection_line SET six_months_recorded_on = CASE WHEN six_months_on <= :today THEN six_months_on END
                WHERE beneficiary_id = :person""").param("today", today).param("person", personId).update();
        List<ReachedMilestone> reached = milestones.of(personId);
        match(personId, reached, Milestone.CONNECTED, connected, connectedLine, byUserId);
        match(personId, reached, Milestone.CONNECTED_6_MONTHS, six, sixLine, byUserId);
    }

    private void match(long personId, List<ReachedMilestone> reached, Milestone code, LocalDate on, Long lineId,
                       Long byUserId) {
        Optional<ReachedMilestone> current = reached.stream().filter(m -> m.code() == code).findFirst();
        if (on == null) {
            // Only a milestone this module recorded is withdrawn.
            if (current.isPresent() && current.get().source() != null && current.get().source().startsWith(SOURCE)) {
                milestones.withdraw(personId, code, byUserId, "connection");
            }
            return;
        }
        String source = SOURCE + lineId;
        if (current.isEmpty()) {
            milestones.reach(personId, code, on, byUserId, source);
        } else {
            if (!current.get().reachedOn().equals(on)) {
                milestones.move(personId, code, on, byUserId, "connection");
            }
            if (!source.equals(current.get().source())) {
                milestones.attributeSource(personId, code, source);
            }
        }
    }

    /** The line of the person, or 404 (a line id of another person in the same URL). */
    private ConnectionQueries.Line lineOf(long personId, long lineId) {
        return queries.line(org.parcoursnumerique.shared.DataScope.all(), lineId)
                .filter(l -> l.beneficiaryId() == personId).orElseThrow(NotFoundException::new);
    }

    private void touch(long lineId, OffsetDateTime now) {
        jdbc.sql("UPDATE connection_line SET last_contact_at = :now WHERE id = :id").param("now", now)
                .param("id", lineId).update();
    }

    private static boolean overlaps(NewPeriod p, List<ConnectionQueries.Period> existing) {
        return existing.stream().anyMatch(e -> !p.start().isAfter(e.end()) && !p.end().isBefore(e.start()));
    }

    private static boolean overlapsNew(NewPeriod p, List<NewPeriod> accepted) {
        return accepted.stream().anyMatch(e -> !p.start().isAfter(e.end()) && !p.end().isBefore(e.start()));
    }
}
