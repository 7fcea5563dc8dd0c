package org.parcoursnumerique.mediator;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Component;

/**
 * The main action of the person's page for the staff who accompany them, first of the sections:
 * it follows the person's state (give an appointment, record the attendance, start or resume the
 * diagnostic, see its result), as decided by {@link NextStep}.
 */
@Component
class NextStepSection implements PersonPageSection {

    private final MyPeopleQueries queries;
    private final Fragments fragments;
    private final Clock clock;

    NextStepSection(MyPeopleQueries queries, Fragments fragments, Clock clock) {
        this.queries = queries;
        this.fragments = fragments;
        this.clock = clock;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!user.has(Role.MEDIATOR, Role.COORDINATOR)) {
            return Optional.empty();
        }
        return queries.situation(beneficiaryId, user.dataScope())
                .flatMap(s -> NextStep.of(s, OffsetDateTime.now(clock), user.has(Role.COORDINATOR)))
                .map(step -> fragments.render("mediator/nextStep", Map.of("ctx", ctx, "step", step)));
    }
}
