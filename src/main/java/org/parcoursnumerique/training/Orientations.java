package org.parcoursnumerique.training;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.pathway.ReachedMilestone;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orienting a person to a training: proposals, the choice made with the person (registration in a
 * session when the training is the consortium's, under the session's capacity), the slip, the
 * outcome and its corrections. Every action reaches the person through {@link PersonInScope} (404
 * out of scope, audited) and locks them, so two tabs or two mediators cannot choose twice. The
 * milestones {@code ORIENTED}, {@code TRAINING_STARTED} and {@code TRAINING_COMPLETED} go through
 * {@link Milestones}; a correction moves or withdraws the one this orientation recorded.
 */
@Service
class Orientations {

    /** The person as orientation needs them: where they live, how to reach them. */
    record Person(long id, String firstName, String lastName, long territoryId, long referringOrganisationId,
                  String communeInsee, String status, String email, String phone, String preferredChannel,
                  Boolean smsConsent) {

        boolean acceptsSms() {
            if (phone == null || phone.isBlank()) {
                return false;
            }
            return smsConsent != null ? smsConsent : "SMS".equals(preferredChannel);
        }

        boolean hasEmail() {
            return email != null && !email.isBlank();
        }

        boolean closed() {
            return "COMPLETED".equals(status) || "DROPPED_OUT".equals(status);
        }
    }

    static final int MAX_PROPOSALS = 5;

    private static final String SMS_CONSENT = """
            (SELECT c.accepted FROM consent_v c WHERE c.beneficiary_id = b.id AND c.purpose = 'SMS_CONTACT'
             ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)""";

    private final JdbcClient jdbc;
    private final PersonInScope persons;
    private final OrientationRepository repository;
    private final OfferQueries offers;
    private final Milestones milestones;
    private final OrientationSlip slip;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Orientations(JdbcClient jdbc, PersonInScope persons, OrientationRepository repository, OfferQueries offers,
                 Milestones milestones, OrientationSlip slip, AuditLog audit, ApplicationEventPublisher events,
                 Clock clock) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.repository = repository;
        this.offers = offers;
        this.milestones = milestones;
        this.slip = slip;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    static boolean isStaff(CurrentUser user) {
        return user.has(Role.COORDINATOR, Role.MEDIATOR);
    }

    static boolean canRead(CurrentUser user) {
        return user.has(Role.COORDINATOR, Role.MEDIATOR, Role.PROGRAMME_MANAGER);
    }

    /** The person, read (audited) by a reader of orientations; 404 for any other role or out of scope. */
    Person read(CurrentUser user, long personId, String why) {
        if (!canRead(user)) {
            throw new NotFoundException();
        }
        return persons.read(user, personId, why, (scope, id) -> person(scope, id, false));
    }

    /** The person locked for a change by the staff of their territory. */
    private Person lock(CurrentUser user, long personId) {
        if (!isStaff(user)) {
            throw new NotFoundException();
        }
        return persons.reach(user, personId, (scope, id) -> person(scope, id, true));
    }

    private Optional<Person> person(DataScope scope, long id, boolean forUpdate) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT b.id, b.first_name, b.last_name, b.territory_id, b.referring_organisation_id, b.commune_insee,
                       b.status, b.email, b.phone, b.preferred_channel, %s AS sms_consent
                FROM beneficiary_v b WHERE b.id = :id AND %s%s""".formatted(SMS_CONSENT, scope.predicate("b"),
                        forUpdate ? " FOR UPDATE" : ""))
                .params(params).query(Person.class).optional();
    }

    /** The orientation in the staff member's scope, for a change; 404 otherwise. */
    Orientation staffs(CurrentUser user, long id) {
        if (!isStaff(user)) {
            throw new NotFoundException();
        }
        return repository.find(id, user.dataScope()).orElseThrow(NotFoundException::new);
    }

    /** Proposes offers to the person (one orientation each, PROPOSED); offers already proposed and open are skipped. */
    @Transactional
    public int propose(CurrentUser user, long personId, List<Long> offerIds) {
        Person p = lock(user, personId);
        if (p.closed()) {
            throw new ConflictException("training.conflict.pathwayClosed");
        }
        if (offerIds.isEmpty()) {
            throw new ConflictException("training.propose.none");
        }
        if (offerIds.size() > MAX_PROPOSALS) {
            throw new ConflictException("training.propose.tooMany");
        }
        TerritoryScope readable = TerritoryScope.toRead(user);
        List<Long> open = jdbc.sql("""
                SELECT offer_id FROM training_orientation
                WHERE beneficiary_id = :person AND status IN ('PROPOSED', 'REGISTERED', 'STARTED')""")
                .param("person", personId).query(Long.class).list();
        Long previous = jdbc.sql("""
                SELECT MAX(id) FROM training_orientation WHERE beneficiary_id = :person AND status IN ('DROPPED_OUT', 'NO_SHOW')""")
                .param("person", personId).query(Long.class).optional().orElse(null);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int n = 0;
        for (Long offerId : offerIds.stream().distinct().toList()) {
            offers.find(offerId, readable).orElseThrow(NotFoundException::new);
            if (open.contains(offerId)) {
                continue;
            }
            repository.insert(personId, p.territoryId(), p.referringOrganisationId(), offerId, previous, user.id(), now);
            n++;
        }
        audit.record(user, personId, AuditAction.CHANGE, "training proposals " + offerIds);
        return n;
    }

    record Chosen(long beneficiaryId, int messages) {
    }

    /**
     * The person chose this proposal: registered (in {@code sessionId} for a dedicated training,
     * whose capacity is taken by a conditional update), expected on {@code expectedStart} (the
     * session's first day for a dedicated training); the other proposals are declined, the slip is
     * sent by the person's channel, {@code ORIENTED} is reached today.
     */
    @Transactional
    public Chosen choose(CurrentUser user, long orientationId, Long sessionId, LocalDate expectedStart) {
        Orientation o = staffs(user, orientationId);
        Person p = lock(user, o.beneficiaryId);
        o = repository.find(orientationId, user.dataScope()).orElseThrow(NotFoundException::new);
        if (o.status != OrientationStatus.PROPOSED) {
            OrientationStatus.TRANSITIONS.check(o.status, OrientationStatus.REGISTERED);
        }
        boolean ongoing = jdbc.sql("""
                SELECT COUNT(*) FROM training_orientation WHERE beneficiary_id = :person AND status IN ('REGISTERED', 'STARTED')""")
                .param("person", p.id()).query(Long.class).single() > 0;
        if (ongoing) {
            throw new ConflictException("training.conflict.ongoing");
        }
        var offer = offers.find(o.offerId).orElseThrow(NotFoundException::new);
        LocalDate today = today();
        LocalDate start = expectedStart;
        if (offer.dedicated()) {
            if (sessionId == null) {
                throw new ConflictException("training.choose.sessionRequired");
            }
            var session = offers.session(sessionId).filter(s -> s.offerId() == offer.id())
                    .orElseThrow(() -> new ConflictException("training.choose.sessionRequired"));
            if (session.startsOn().isBefore(today)) {
                throw new ConflictException("training.choose.sessionPast");
            }
            int taken = jdbc.sql("""
                    UPDATE training_session SET registered = registered + 1 WHERE id = :id AND registered < capacity""")
                    .param("id", sessionId).update();
            if (taken == 0) {
                throw new ConflictException("training.choose.sessionFull");
            }
            start = session.startsOn();
        } else {
            sessionId = null;
            if (start == null) {
                throw new ConflictException("training.choose.startRequired");
            }
            if (start.isBefore(today.minusDays(30)) || start.isAfter(today.plusYears(1))) {
                throw new ConflictException("training.choose.startOutOfRange");
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        o.register(sessionId, start, user.id(), now);
        repository.save(o, now);
        for (Long other : jdbc.sql("""
                SELECT id FROM training_orientation WHERE beneficiary_id = :person AND status = 'PROPOSED' AND id <> :id""")
                .param("person", p.id()).param("id", o.id).query(Long.class).list()) {
            Orientation declined = repository.find(other, DataScope.all()).orElseThrow();
            declined.decline(user.id(), now, null);
            repository.save(declined, now);
        }
        milestones.reach(p.id(), Milestone.ORIENTED, today, user.id(), o.source());
        int sent = slip.send(p, o, offer, offers.session(sessionId == null ? -1 : sessionId).orElse(null));
        audit.record(user, p.id(), AuditAction.CHANGE, "training orientation " + o.id + " chosen");
        return new Chosen(p.id(), sent);
    }

    enum Outcome { STARTED, COMPLETED, DROPPED_OUT, NO_SHOW, DECLINED }

    /** Records what became of the orientation; the milestones follow. */
    @Transactional
    public long record(CurrentUser user, long orientationId, Outcome outcome, LocalDate on, String reason, String note) {
        Orientation o = staffs(user, orientationId);
        lock(user, o.beneficiaryId);
        o = repository.find(orientationId, user.dataScope()).orElseThrow(NotFoundException::new);
        LocalDate today = today();
        if (on != null && on.isAfter(today)) {
            throw new ConflictException("training.outcome.future");
        }
        if (on != null && on.isBefore(o.createdAt.atZoneSameInstant(PageContext.ZONE).toLocalDate().minusDays(1))) {
            throw new ConflictException("training.outcome.beforeOrientation");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        switch (outcome) {
            case STARTED -> {
                o.start(required(on), user.id(), now);
                milestones.reach(o.beneficiaryId, Milestone.TRAINING_STARTED, on, user.id(), o.source());
            }
            case COMPLETED -> {
                if (o.status == OrientationStatus.REGISTERED) {
                    // Completed without the start recorded: started on its expected day (or the completion's).
                    LocalDate started = o.expectedStart != null && !o.expectedStart.isAfter(required(on)) ? o.expectedStart : on;
                    o.start(started, user.id(), now);
                    milestones.reach(o.beneficiaryId, Milestone.TRAINING_STARTED, started, user.id(), o.source());
                }
                o.complete(required(on), user.id(), now);
                milestones.reach(o.beneficiaryId, Milestone.TRAINING_COMPLETED, on, user.id(), o.source());
            }
            case DROPPED_OUT -> {
                boolean known = reason != null && jdbc.sql("SELECT COUNT(*) FROM training_dropout_reason WHERE code = :c")
                        .param("c", reason).query(Long.class).single() > 0;
                if (!known) {
                    throw new ConflictException("training.outcome.reasonRequired");
                }
                o.dropOut(required(on), reason, user.id(), now, note);
            }
            case NO_SHOW -> {
                if (o.expectedStart != null && o.expectedStart.isAfter(today)) {
                    throw new ConflictException("training.outcome.noShowTooEarly");
                }
                o.noShow(user.id(), now);
            }
            case DECLINED -> o.decline(user.id(), now, note);
        }
        repository.save(o, now);
        if (outcome == Outcome.DROPPED_OUT || outcome == Outcome.NO_SHOW || outcome == Outcome.DECLINED) {
            freeSeat(o);
        }
        if (outcome == Outcome.DROPPED_OUT || outcome == Outcome.NO_SHOW) {
            repository.markSignalled(o.id, now);
            events.publishEvent(new TrainingRuptureDetected(o.id, o.beneficiaryId, outcome.name(), o.endedOn));
        }
        audit.record(user, o.beneficiaryId, AuditAction.CHANGE, "training orientation " + o.id + " " + outcome);
        return o.beneficiaryId;
    }

    enum Correction { START_DATE, COMPLETION_DATE, UNDO }

    /** A correction: a date moved (the milestone moves with it) or the last outcome undone (withdrawn). */
    @Transactional
    public long correct(CurrentUser user, long orientationId, Correction what, LocalDate on, String reason) {
        Orientation o = staffs(user, orientationId);
        lock(user, o.beneficiaryId);
        o = repository.find(orientationId, user.dataScope()).orElseThrow(NotFoundException::new);
        if (reason == null || reason.isBlank()) {
            throw new ConflictException("training.correction.reasonRequired");
        }
        if (on != null && on.isAfter(today())) {
            throw new ConflictException("training.outcome.future");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        switch (what) {
            case START_DATE -> {
                o.correctStart(required(on), user.id(), now, reason);
                moveIfOurs(user, o, Milestone.TRAINING_STARTED, on, reason);
            }
            case COMPLETION_DATE -> {
                o.correctCompletion(required(on), user.id(), now, reason);
                moveIfOurs(user, o, Milestone.TRAINING_COMPLETED, on, reason);
            }
            case UNDO -> {
                boolean wasCompleted = o.status == OrientationStatus.COMPLETED;
                o.undoLastOutcome(user.id(), now, reason);
                withdrawIfOurs(user, o, wasCompleted ? Milestone.TRAINING_COMPLETED : Milestone.TRAINING_STARTED, reason);
            }
        }
        repository.save(o, now);
        audit.record(user, o.beneficiaryId, AuditAction.CHANGE, "training orientation " + o.id + " correction " + what);
        return o.beneficiaryId;
    }

    private void moveIfOurs(CurrentUser user, Orientation o, Milestone code, LocalDate on, String reason) {
        if (ours(o, code)) {
            milestones.move(o.beneficiaryId, code, on, user.id(), reason);
        }
    }

    private void withdrawIfOurs(CurrentUser user, Orientation o, Milestone code, String reason) {
        if (ours(o, code)) {
            milestones.withdraw(o.beneficiaryId, code, user.id(), reason);
        }
    }

    /** The milestone was recorded by this orientation (a reorientation does not undo the first one's). */
    private boolean ours(Orientation o, Milestone code) {
        return milestones.of(o.beneficiaryId).stream()
                .filter(m -> m.code() == code).map(ReachedMilestone::source)
                .anyMatch(s -> o.source().equals(s));
    }

    private void freeSeat(Orientation o) {
        if (o.sessionId != null && o.startedOn == null) {
            jdbc.sql("UPDATE training_session SET registered = registered - 1 WHERE id = :id AND registered > 0")
                    .param("id", o.sessionId).update();
        }
    }

    private static LocalDate required(LocalDate on) {
        if (on == null) {
            throw new ConflictException("training.outcome.dateRequired");
        }
        return on;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(PageContext.ZONE));
    }

    /** The dropout reasons, in their order. */
    List<Map.Entry<String, String>> dropoutReasons() {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        jdbc.sql("SELECT code, label FROM training_dropout_reason ORDER BY position")
                .query(rs -> {
                    list.add(Map.entry(rs.getString(1), rs.getString(2)));
                });
        return list;
    }
}
