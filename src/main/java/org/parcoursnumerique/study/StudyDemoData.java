package org.parcoursnumerique.study;

import org.parcoursnumerique.shared.DemoContributor;
import org.springframework.stereotype.Component;

/**
 * The demo's first study campaign and a first production, asked for once every stage has written its
 * demo data (the scheduler produces it right after start), so that the page and
 * {@code GET /api/v1/study/exports/latest} answer at once. Not above {@value #MAX_PEOPLE} people: a
 * benchmark database asks for its production when it measures one.
 */
@Component
class StudyDemoData implements DemoContributor {

    static final int MAX_PEOPLE = 20_000;

    private final StudyExports exports;

    StudyDemoData(StudyExports exports) {
        this.exports = exports;
    }

    @Override
    public String contribute(Context context) {
        if (context.people() > MAX_PEOPLE) {
            return "no study production (more than " + MAX_PEOPLE + " people)";
        }
        var export = exports.request(StudyExports.Via.DEMO, null);
        return "study production " + export.id() + " requested";
    }

    @Override
    public int getOrder() {
        return 900;
    }
}
