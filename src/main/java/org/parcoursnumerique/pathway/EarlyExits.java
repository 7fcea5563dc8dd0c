package org.parcoursnumerique.pathway;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Early exit ("sortie anticipée"): the mediator or coordinator of the person's territory records that
 * the person left the pathway before its end, with a reason from {@code exit_reason} (the call
 * stresses ruptures, so reasons are counted), and may undo it. The exit is the {@code EXITED}
 * milestone — the person's stage follows — plus its reason in {@code early_exit}; the history of both
 * stays in {@code milestone_change}.
 */
@Service
public class EarlyExits {

    /** Longest free text of the reason "other" and of an undo. */
    static final int TEXT_MAX = 500;

    public record Reason(String code, boolean needsText) {
    }

    /** The person's current early exit. */
    public record Exit(String reasonCode, String reasonText, LocalDate exitedOn) {
    }

    /** What the form sent; every field as typed. */
    record Request(String reason, String text, String date) {
    }

    private final JdbcClient jdbc;
    private final Milestones milestones;
    private final AuditLog audit;
    private final Clock clock;
    private final PersonInScope people;

    EarlyExits(JdbcClient jdbc, Milestones milestones, AuditLog audit, Clock clock, PersonInScope people) {
        this.people = people;
        this.jdbc = jdbc;
        this.milestones = milestones;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Reason> reasons() {
        return jdbc.sql("SELECT code, needs_text FROM exit_reason ORDER BY position").query(Reason.class).list();
    }

    public Optional<Exit> current(long beneficiaryId) {
        return jdbc.sql("SELECT reason_code, reason_text, exited_on FROM early_exit WHERE beneficiary_id = :person")
                .param("person", beneficiaryId).query(Exit.class).optional();
    }

    /**
     * The person, if this user may record or undo their exit: a mediator or coordinator, the person in
     * their scope. Otherwise the person does not exist for them (404), and a refusal in scope is audited.
     */
    PersonInScope.Person checkMayDecide(CurrentUser user, long beneficiaryId) {
        if (!user.has(Role.MEDIATOR, Role.COORDINATOR)) {
            throw new NotFoundException();
        }
        return people.reach(user, beneficiaryId);
    }

    /** The exit page shows the person's name and exit reason: a read of the person, audited. */
    PersonInScope.Person readForDecision(CurrentUser user, long beneficiaryId) {
        if (!user.has(Role.MEDIATOR, Role.COORDINATOR)) {
            throw new NotFoundException();
        }
        return people.read(user, beneficiaryId, "exit page");
    }

    /**
     * Checks the request: a known reason, a text for "other" (plain, at most 500 characters), a date
     * neither in the future nor before the acceptance. Returns the message keys of the problems by field.
     */
    List<String[]> check(long beneficiaryId, Request r) {
        List<String[]> errors = new ArrayList<>();
        Optional<Reason> reason = reasons().stream().filter(x -> x.code().equals(r.reason())).findFirst();
        if (reason.isEmpty()) {
            errors.add(new String[] {"reason", "exit.reason.required"});
        }
        String text = clean(r.text());
        if (text != null && (text.length() > TEXT_MAX || !Names.isCleanText(text, true))) {
            errors.add(new String[] {"text", "exit.text.invalid"});
        } else if (reason.isPresent() && reason.get().needsText() && text == null) {
            errors.add(new String[] {"text", "exit.text.required"});
        }
        LocalDate date = parse(r.date());
        LocalDate accepted = milestones.of(beneficiaryId).stream().filter(m -> m.code() == Milestone.ACCEPTED)
                .map(ReachedMilestone::reachedOn).findFirst().orElse(null);
        if (date == null) {
            errors.add(new String[] {"date", "exit.date.invalid"});
        } else if (date.isAfter(LocalDate.now(clock.withZone(PageContext.ZONE)))) {
            errors.add(new String[] {"date", "exit.date.future"});
        } else if (accepted != null && date.isBefore(accepted)) {
            errors.add(new String[] {"date", "exit.date.beforeAcceptance"});
        }
        return errors;
    }

    /** Records the exit; the request was checked. A person not accepted, finished or already out is refused. */
    @Transactional
    void exit(CurrentUser user, long beneficiaryId, Request r) {
        checkMayDecide(user, beneficiaryId);
        if (!check(beneficiaryId, r).isEmpty()) {
            throw new ConflictException("exit.invalid");
        }
        LocalDate date = parse(r.date());
        String text = clean(r.text());
        var reached = milestones.of(beneficiaryId).stream().map(ReachedMilestone::code).toList();
        if (!reached.contains(Milestone.ACCEPTED) || reached.contains(Milestone.COMPLETED)) {
            throw new ConflictException("exit.notInPathway");
        }
        // Locks the person: a second click or a colleague's exit at the same moment finds it recorded.
        String why = r.reason() + (text == null ? "" : ": " + text);
        if (!milestones.reach(beneficiaryId, Milestone.EXITED, date, user.id(), null)) {
            throw new ConflictException("exit.already");
        }
        jdbc.sql("""
                INSERT INTO early_exit (beneficiary_id, programme_id, territory_id, reason_code, reason_text, exited_on, recorded_by)
                SELECT beneficiary_id, programme_id, territory_id, :reason, :text, :on, :by
                FROM milestone WHERE beneficiary_id = :person AND code = 'EXITED'""")
                .param("reason", r.reason()).param("text", text).param("on", date).param("by", user.id())
                .param("person", beneficiaryId).update();
        jdbc.sql("""
                UPDATE milestone_change SET reason = :why WHERE id = (SELECT MAX(id) FROM milestone_change
                WHERE beneficiary_id = :person AND code = 'EXITED' AND change = 'RECORDED')""")
                .param("why", why.length() > 500 ? why.substring(0, 500) : why).param("person", beneficiaryId).update();
        audit.record(user, beneficiaryId, AuditAction.CHANGE, "early exit recorded (" + r.reason() + ")");
    }

    /** Undoes the exit (recorded by mistake, or the person came back); the history keeps both. */
    @Transactional
    void undo(CurrentUser user, long beneficiaryId, String note) {
        checkMayDecide(user, beneficiaryId);
        String text = clean(note);
        if (text != null && (text.length() > TEXT_MAX || !Names.isCleanText(text, true))) {
            throw new ConflictException("exit.text.invalid");
        }
        if (!milestones.withdraw(beneficiaryId, Milestone.EXITED, user.id(), text == null ? "undone" : text)) {
            throw new ConflictException("exit.notExited");
        }
        jdbc.sql("DELETE FROM early_exit WHERE beneficiary_id = :person").param("person", beneficiaryId).update();
        audit.record(user, beneficiaryId, AuditAction.CHANGE, "early exit undone");
    }

    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.isEmpty() ? null : t;
    }

    static LocalDate parse(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
