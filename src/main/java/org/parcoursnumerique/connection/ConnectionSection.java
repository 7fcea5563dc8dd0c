package org.parcoursnumerique.connection;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.springframework.stereotype.Component;

/**
 * The person's lines on their page, with their coverage as of today: for the mediators, coordinators
 * and logistics managers of the territory (who open lines from here) and the département (reads).
 */
@Component
class ConnectionSection implements PersonPageSection {

    private final ConnectionQueries queries;
    private final LineViews views;
    private final Fragments fragments;

    ConnectionSection(ConnectionQueries queries, LineViews views, Fragments fragments) {
        this.queries = queries;
        this.views = views;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!LineViews.reads(user)) {
            return Optional.empty();
        }
        // The page found the person in the user's scope; lines carry the person's territory and referrer.
        var lines = queries.linesOf(beneficiaryId).stream().map(views::of).toList();
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("lines", lines);
        params.put("canWrite", LineViews.writes(user));
        params.put("beneficiaryId", beneficiaryId);
        return Optional.of(fragments.render("connection/section", params));
    }
}
