package org.parcoursnumerique.shared;

import java.util.Map;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import org.springframework.stereotype.Component;

/** Renders a template to a string: sections of other modules' pages, email bodies, PDF sources. */
@Component
public class Fragments {

    private final TemplateEngine templates;

    Fragments(TemplateEngine templates) {
        this.templates = templates;
    }

    /** {@code template} as in a controller's view name, without ".jte" ("referral/section"). */
    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template + ".jte", params, out);
        return out.toString();
    }
}
