package org.parcoursnumerique.appointment;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Component;

/**
 * The person's appointments on their page: the staff of the territory see places and mediators and
 * act on them; the département reads; prescribers see only dates and statuses.
 */
@Component
class AppointmentSection implements PersonPageSection {

    private final AppointmentQueries queries;
    private final Fragments fragments;
    private final Clock clock;

    AppointmentSection(AppointmentQueries queries, Fragments fragments, Clock clock) {
        this.queries = queries;
        this.fragments = fragments;
        this.clock = clock;
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!user.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR, Role.PRESCRIBER)) {
            return Optional.empty();
        }
        var person = queries.person(beneficiaryId, user.dataScope(), false);
        if (person.isEmpty()) {
            return Optional.empty();
        }
        var items = queries.ofPerson(beneficiaryId, user.dataScope());
        boolean staff = Appointments.isStaff(user);
        boolean scheduled = items.stream().anyMatch(i -> i.status().equals("SCHEDULED"));
        // Once the person came or their diagnostic has begun, the next step is the diagnostic, not an appointment.
        boolean pastAppointments = person.get().diagnosed()
                || items.stream().anyMatch(i -> i.status().equals("ATTENDED"))
                || queries.hasDiagnostic(beneficiaryId);
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("items", items);
        params.put("staff", staff);
        params.put("details", !user.has(Role.PRESCRIBER));
        params.put("canSchedule", staff && person.get().accepted() && !scheduled && !pastAppointments);
        params.put("canReinvite", !scheduled && person.get().accepted() && !pastAppointments);
        params.put("canRecordPast", staff && person.get().accepted() && !scheduled);
        params.put("unreachable", staff && scheduled && !person.get().reachable());
        params.put("byPost", "POST".equals(person.get().preferredChannel()));
        params.put("addressKnown", queries.hasPostalAddress(beneficiaryId));
        params.put("beneficiaryId", beneficiaryId);
        params.put("now", OffsetDateTime.now(clock));
        return Optional.of(fragments.render("appointment/section", params));
    }
}
