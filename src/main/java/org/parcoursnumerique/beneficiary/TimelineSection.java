package org.parcoursnumerique.beneficiary;

import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.springframework.stereotype.Component;

/** "Chronologie" on the person's page: the newest entries, and a link to the whole timeline. */
@Component
class TimelineSection implements PersonPageSection {

    private final Timeline timeline;
    private final Fragments fragments;

    TimelineSection(Timeline timeline, Fragments fragments) {
        this.timeline = timeline;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 800;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!Timeline.shownTo(user)) {
            return Optional.empty();
        }
        var view = timeline.of(ctx, user, beneficiaryId, Timeline.SECTION_SIZE);
        return Optional.of(fragments.render("beneficiary/timelineSection", Map.of("ctx", ctx, "view", view)));
    }
}
