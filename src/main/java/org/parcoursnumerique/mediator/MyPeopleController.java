package org.parcoursnumerique.mediator;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Mes personnes": a mediator's people sorted by what to do for them. A coordinator opens their own
 * list or the list of a mediator of their territory; nobody else's (404).
 */
@Controller
class MyPeopleController {

    /** People entrusted this recently without any appointment yet are shown as new. */
    static final Duration NEW_FOR = Duration.ofDays(7);
    static final int LIMIT = 300;

    /** One person in a group, with the next step for them. */
    record Row(Situation person, NextStep step) {
    }

    /** A group of the page; {@code key} names its heading and its empty message in messages.properties. */
    record Group(String key, List<Row> rows) {
    }

    private final MyPeopleQueries queries;
    private final AuditLog audit;
    private final Clock clock;

    MyPeopleController(MyPeopleQueries queries, AuditLog audit, Clock clock) {
        this.queries = queries;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/my-people")
    String showMyPeople(CurrentUser user, @RequestParam(required = false) String mediator, Model model) {
        if (!user.has(Role.MEDIATOR, Role.COORDINATOR) || user.dataScope().kind() != DataScope.Kind.TERRITORY) {
            throw new NotFoundException();
        }
        List<MyPeopleQueries.Staff> staff = queries.staff(user.dataScope().id());
        long chosen = user.id();
        if (mediator != null && !mediator.isBlank()) {
            try {
                chosen = Long.parseLong(mediator.strip());
            } catch (NumberFormatException e) {
                throw new NotFoundException();
            }
        }
        long mediatorId = chosen;
        // A mediator sees only their own list; a coordinator any list of their territory.
        if (mediatorId != user.id() && !user.has(Role.COORDINATOR)) {
            throw new NotFoundException();
        }
        var whose = staff.stream().filter(s -> s.id() == mediatorId).findFirst()
                .orElseGet(() -> {
                    if (mediatorId != user.id()) {
                        throw new NotFoundException();
                    }
                    return new MyPeopleQueries.Staff(user.id(), user.displayName());
                });
        OffsetDateTime now = OffsetDateTime.now(clock);
        var found = queries.ofMediator(mediatorId, user.dataScope(), LIMIT);
        audit.record(user, null, AuditAction.LIST, "my people of user " + mediatorId + " shown=" + found.people().size());
        model.addAttribute("groups", groups(found.people(), mediatorId, now, user.has(Role.COORDINATOR)));
        model.addAttribute("more", found.more());
        model.addAttribute("limit", LIMIT);
        model.addAttribute("whose", whose);
        model.addAttribute("own", mediatorId == user.id());
        model.addAttribute("staff", user.has(Role.COORDINATOR) ? staff : List.of());
        return "mediator/people";
    }

    /** Sorts the people into the page's groups, each in the order the work is done. */
    static List<Group> groups(List<Situation> people, long mediatorId, OffsetDateTime now, boolean coordinator) {
        OffsetDateTime tomorrow = MyPeopleQueries.dayStart(now).plusDays(1);
        List<Row> fresh = new ArrayList<>();
        List<Row> waiting = new ArrayList<>();
        List<Row> today = new ArrayList<>();
        List<Row> coming = new ArrayList<>();
        List<Row> diagnostics = new ArrayList<>();
        for (Situation s : people) {
            var step = NextStep.of(s, now, coordinator);
            if (step.isEmpty()) {
                continue;
            }
            Row row = new Row(s, step.get());
            if (s.scheduledId() != null && s.draftId() == null) {
                if (s.scheduledMediatorId() != null && s.scheduledMediatorId() == mediatorId) {
                    (s.scheduledAt().isBefore(tomorrow) ? today : coming).add(row);
                }
            } else if (s.draftId() != null || s.attended() && !s.diagnosed()) {
                diagnostics.add(row);
            } else if ("ACCEPTED".equals(s.status()) && s.assignedMediatorId() != null
                    && s.assignedMediatorId() == mediatorId) {
                boolean isNew = s.lastAppointmentId() == null && s.assignedAt() != null
                        && s.assignedAt().isAfter(now.minus(NEW_FOR));
                (isNew ? fresh : waiting).add(row);
            }
        }
        Comparator<Row> byAppointment = Comparator.comparing(r -> r.person().scheduledAt());
        Comparator<Row> byAssignment = Comparator.comparing(r -> r.person().assignedAt(),
                Comparator.nullsFirst(Comparator.naturalOrder()));
        fresh.sort(byAssignment.reversed());
        waiting.sort(byAssignment);
        today.sort(byAppointment);
        coming.sort(byAppointment);
        diagnostics.sort(Comparator.comparing(r -> r.person().draftUpdatedAt(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return List.of(new Group("today", today), new Group("new", fresh), new Group("waiting", waiting),
                new Group("diagnostics", diagnostics), new Group("coming", coming));
    }
}
