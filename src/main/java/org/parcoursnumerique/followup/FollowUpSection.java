package org.parcoursnumerique.followup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.springframework.stereotype.Component;

/**
 * The end of the accompaniment and the follow-ups on the person's page: the link to close (or undo),
 * each follow-up with its state, and the common core before (the diagnostic) and after (each answer).
 */
@Component
class FollowUpSection implements PersonPageSection {

    private final FollowUps followUps;
    private final Milestones milestones;
    private final Fragments fragments;

    FollowUpSection(FollowUps followUps, Milestones milestones, Fragments fragments) {
        this.followUps = followUps;
        this.milestones = milestones;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!FollowUpController.mayRead(user)) {
            return Optional.empty();
        }
        var reached = milestones.of(beneficiaryId);
        var completed = reached.stream().filter(m -> m.code() == Milestone.COMPLETED).findFirst()
                .map(m -> m.reachedOn()).orElse(null);
        List<FollowUps.FollowUp> all = followUps.of(beneficiaryId);
        List<FollowUps.FollowUp> answered = all.stream().filter(f -> f.status() == FollowUpStatus.ANSWERED).toList();
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("personId", beneficiaryId);
        params.put("completed", completed);
        params.put("followUps", all.stream().filter(f -> f.status() != FollowUpStatus.CANCELLED).toList());
        params.put("answered", answered);
        params.put("comparison", followUps.compare(beneficiaryId, answered));
        params.put("mayDecide", Closings.mayDecide(user) && (completed != null || Closings.eligible(reached)));
        params.put("today", followUps.today());
        return Optional.of(fragments.render("followup/section", params));
    }
}
