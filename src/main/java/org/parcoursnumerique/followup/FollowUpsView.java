package org.parcoursnumerique.followup;

import java.util.List;
import java.util.Map;

import org.parcoursnumerique.diagnostic.CommonCore;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.stereotype.Component;

/** The questions of a follow-up as form fields: the common core (the diagnostic's fields), then the situation. */
@Component
class FollowUpsView {

    private final CommonCore core;
    private final Fragments fragments;

    FollowUpsView(CommonCore core, Fragments fragments) {
        this.core = core;
        this.fragments = fragments;
    }

    /**
     * The fields, filled with {@code values}, each with its French error; {@code person}: the person
     * answers (the situation's questions say « vous »), else the mediator types their answers.
     */
    String fields(PageContext ctx, FollowUps.FollowUp f, Map<String, List<String>> values, Map<String, String> errors,
                  boolean person) {
        StringBuilder html = new StringBuilder();
        if (f.referentialId() != null) {
            html.append(core.renderFields(ctx, f.referentialId(), values, errors));
        }
        html.append(fragments.render("followup/situation", Map.of("ctx", ctx, "values", values, "errors", errors,
                "person", person, "devices", List.of(FollowUps.Device.values()),
                "connections", List.of(FollowUps.Connection.values()), "sinces", List.of(FollowUps.Since.values()))));
        return html.toString();
    }
}
