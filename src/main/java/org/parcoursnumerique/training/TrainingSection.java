package org.parcoursnumerique.training;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.springframework.stereotype.Component;

/** The person's training orientations on their page, with the way to the orientation page. */
@Component
class TrainingSection implements PersonPageSection {

    private final OrientationQueries queries;
    private final Fragments fragments;

    TrainingSection(OrientationQueries queries, Fragments fragments) {
        this.queries = queries;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!Orientations.canRead(user)) {
            return Optional.empty();
        }
        var rows = queries.ofPerson(beneficiaryId, user.dataScope());
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("rows", rows.stream().filter(r -> !r.status().equals("DECLINED")).toList());
        params.put("beneficiaryId", beneficiaryId);
        params.put("staff", Orientations.isStaff(user));
        return Optional.of(fragments.render("training/section", params));
    }
}
