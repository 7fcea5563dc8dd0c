package org.parcoursnumerique.pathway;

import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Component;

/**
 * The person's milestones on their page, for the staff who accompany them, with the early exit
 * (its reason, or the link to record one).
 */
@Component
class PathwaySection implements PersonPageSection {

    private final Milestones milestones;
    private final EarlyExits exits;
    private final Fragments fragments;

    PathwaySection(Milestones milestones, EarlyExits exits, Fragments fragments) {
        this.milestones = milestones;
        this.exits = exits;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!user.has(Role.MEDIATOR, Role.COORDINATOR, Role.PROGRAMME_MANAGER, Role.LOGISTICS_MANAGER)) {
            return Optional.empty();
        }
        var reached = milestones.of(beneficiaryId);
        var codes = reached.stream().map(ReachedMilestone::code).toList();
        boolean mayDecide = user.has(Role.MEDIATOR, Role.COORDINATOR)
                && (codes.contains(Milestone.EXITED)
                    || (codes.contains(Milestone.ACCEPTED) && !codes.contains(Milestone.COMPLETED)));
        return Optional.of(fragments.render("pathway/section", Map.of("ctx", ctx, "personId", beneficiaryId,
                "milestones", reached, "exit", exits.current(beneficiaryId), "mayDecide", mayDecide)));
    }
}
