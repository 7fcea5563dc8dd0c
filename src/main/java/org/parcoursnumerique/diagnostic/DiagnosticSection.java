package org.parcoursnumerique.diagnostic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The diagnostic on the person's page: none, a draft to resume, or the completed one with its plan. */
@Component
class DiagnosticSection implements PersonPageSection {

    /** What the section shows: the person's diagnostics (latest first), the plan, and the actions allowed. */
    record View(long beneficiaryId, List<Item> items, PathwayPlans.PathwayPlan plan, boolean canStart,
                boolean canCapture) {
    }

    record Item(DiagnosticRepository.Row row, String url, int steps) {
    }

    private final DiagnosticRepository repository;
    private final ReferentialStore referentials;
    private final PathwayPlans plans;
    private final JdbcClient jdbc;
    private final Fragments fragments;

    DiagnosticSection(DiagnosticRepository repository, ReferentialStore referentials, PathwayPlans plans,
                      JdbcClient jdbc, Fragments fragments) {
        this.repository = repository;
        this.referentials = referentials;
        this.plans = plans;
        this.jdbc = jdbc;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!user.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR)) {
            return Optional.empty();
        }
        List<Item> items = repository.forBeneficiary(beneficiaryId, user.dataScope()).stream()
                .map(row -> {
                    var referential = referentials.referential(row.referentialId());
                    return new Item(row, DiagnosticController.resumeUrl(row, referential), referential.sections().size());
                })
                .toList();
        boolean capturer = DiagnosticCapture.captures(user);
        boolean hasDraft = items.stream().anyMatch(i -> !i.row().completed());
        var scope = user.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        String status = jdbc.sql("SELECT b.status FROM beneficiary_v b WHERE b.id = :id AND " + scope.predicate("b"))
                .params(params).query(String.class).optional().orElse(null);
        boolean canStart = capturer && !hasDraft && status != null && DiagnosticCapture.DIAGNOSABLE.contains(status);
        var plan = items.stream().anyMatch(i -> i.row().completed()) ? plans.forBeneficiary(beneficiaryId).orElse(null) : null;
        return Optional.of(fragments.render("diagnostic/section", Map.of("ctx", ctx,
                "view", new View(beneficiaryId, items, plan, canStart, capturer))));
    }
}
