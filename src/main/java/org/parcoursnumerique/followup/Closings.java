package org.parcoursnumerique.followup;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.pathway.ReachedMilestone;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Clore l'accompagnement": the mediator or coordinator of the person's territory records the end of
 * the accompaniment ({@code COMPLETED}), which plans the follow-ups; it may be undone (recorded by
 * mistake) as long as no follow-up was answered. The history stays in the milestones' history.
 */
@Service
class Closings {

    static final int NOTE_MAX = 500;

    private final PersonInScope people;
    private final Milestones milestones;
    private final FollowUps followUps;
    private final AuditLog audit;

    Closings(PersonInScope people, Milestones milestones, FollowUps followUps, AuditLog audit) {
        this.people = people;
        this.milestones = milestones;
        this.followUps = followUps;
        this.audit = audit;
    }

    static boolean mayDecide(CurrentUser user) {
        return user.has(Role.MEDIATOR, Role.COORDINATOR);
    }

    PersonInScope.Person checkMayDecide(CurrentUser user, long beneficiaryId) {
        if (!mayDecide(user)) {
            throw new NotFoundException();
        }
        return people.reach(user, beneficiaryId);
    }

    /** Whether the accompaniment may be closed now: accepted, neither finished nor exited. */
    static boolean eligible(List<ReachedMilestone> reached) {
        var codes = reached.stream().map(ReachedMilestone::code).toList();
        return codes.contains(Milestone.ACCEPTED) && !codes.contains(Milestone.COMPLETED)
                && !codes.contains(Milestone.EXITED);
    }

    /** The problems of a closing date, by field (message keys). */
    Map<String, String> check(long beneficiaryId, String date) {
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate on = parse(date);
        LocalDate accepted = milestones.of(beneficiaryId).stream().filter(m -> m.code() == Milestone.ACCEPTED)
                .map(ReachedMilestone::reachedOn).findFirst().orElse(null);
        if (on == null) {
            errors.put("date", "close.date.invalid");
        } else if (on.isAfter(followUps.today())) {
            errors.put("date", "close.date.future");
        } else if (accepted != null && on.isBefore(accepted)) {
            errors.put("date", "close.date.beforeAcceptance");
        }
        return errors;
    }

    @Transactional
    void close(CurrentUser user, long beneficiaryId, String date) {
        checkMayDecide(user, beneficiaryId);
        var person = people.lock(user, beneficiaryId);
        if (!check(beneficiaryId, date).isEmpty()) {
            throw new ConflictException("close.invalid");
        }
        if (!eligible(milestones.of(beneficiaryId))) {
            throw new ConflictException("close.notInPathway");
        }
        LocalDate on = parse(date);
        if (!milestones.reach(beneficiaryId, Milestone.COMPLETED, on, user.id(), "followup:close")) {
            throw new ConflictException("close.already");
        }
        int planned = followUps.plan(beneficiaryId, person.programmeId(), person.territoryId(),
                person.referringOrganisationId(), on, user.id(), user.id());
        audit.record(user, beneficiaryId, AuditAction.CHANGE, "accompaniment closed, " + planned + " follow-ups planned");
    }

    @Transactional
    void undo(CurrentUser user, long beneficiaryId, String note) {
        checkMayDecide(user, beneficiaryId);
        people.lock(user, beneficiaryId);
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && (text.length() > NOTE_MAX || !Names.isCleanText(text, true))) {
            throw new ConflictException("close.note.invalid");
        }
        if (followUps.of(beneficiaryId).stream().anyMatch(f -> f.status() == FollowUpStatus.ANSWERED)) {
            throw new ConflictException("close.undo.answered");
        }
        if (!milestones.withdraw(beneficiaryId, Milestone.COMPLETED, user.id(), text == null ? "undone" : text)) {
            throw new ConflictException("close.notClosed");
        }
        followUps.cancelPending(beneficiaryId, user.id());
        audit.record(user, beneficiaryId, AuditAction.CHANGE, "end of accompaniment undone");
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
