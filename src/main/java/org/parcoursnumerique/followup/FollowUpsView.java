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
    private final FollowUps followUps;
    private final Fragments fragments;

    FollowUpsView(CommonCore core, FollowUps followUps, Fragments fragments) {
        this.core = core;
        this.followUps = followUps;
        this.fragments = fragments;
    }

    /**
     * The fields, filled with {@code values}, each with its French error; {@code person}: the person
     * answers (the situation's questions say « vous »), else the mediator types their answers.
     */
    String fields(PageContext ctx, FollowUps.FollowUp f, Map<String, List<String>> values, Map<String, String> errors,
                  boolean person) {
        StringBuilder html = new StringBuilder();
        Long referential = followUps.referentialOf(f);
        if (referential != null) {
            html.append(core.renderFields(ctx, referential, values, errors));
        }
        html.append(fragments.render("followup/situation", Map.of("ctx", ctx, "values", values, "errors", errors,
                "person", person, "devices", List.of(FollowUps.Device.values()),
                "connections", List.of(FollowUps.Connection.values()), "sinces", List.of(FollowUps.Since.values()))));
        return html.toString();
    }

    /** One line of the error summary: the field's anchor and « question : problem ». */
    record Problem(String key, String text) {
    }

    /** The error summary, each problem named by its question, in the order of the form. */
    List<Problem> summary(PageContext ctx, FollowUps.FollowUp f, Map<String, String> errors, boolean person) {
        List<Problem> list = new java.util.ArrayList<>();
        Long referential = followUps.referentialOf(f);
        if (referential != null) {
            for (var q : core.questions(referential)) {
                if (errors.containsKey(q.key())) {
                    list.add(new Problem(q.key(), q.label() + "\u00a0: " + errors.get(q.key())));
                }
            }
        }
        for (String field : List.of("device", "connection", "since", "needs")) {
            if (errors.containsKey(field)) {
                list.add(new Problem(field, ctx.t("followUp." + field + "." + (person ? "self" : "staff")) + "\u00a0: "
                        + errors.get(field)));
            }
        }
        return list;
    }
}
