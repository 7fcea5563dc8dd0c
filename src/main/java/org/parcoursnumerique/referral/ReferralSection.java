package org.parcoursnumerique.referral;

import java.time.OffsetDateTime;
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

/** The person's referrals on their page, each linking to its history. */
@Component
class ReferralSection implements PersonPageSection {

    record Item(long id, String status, String referrerName, OffsetDateTime createdAt, String structureName,
                String mediatorName) {
    }

    private final JdbcClient jdbc;
    private final Fragments fragments;

    ReferralSection(JdbcClient jdbc, Fragments fragments) {
        this.jdbc = jdbc;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!user.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR, Role.PRESCRIBER)) {
            return Optional.empty();
        }
        var scope = user.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        List<Item> items = jdbc.sql("""
                SELECT r.id, r.status, o.name AS referrer_name, r.created_at, s.name AS structure_name,
                       m.display_name AS mediator_name
                FROM referral r
                JOIN organisation_v o ON o.id = r.referring_organisation_id
                LEFT JOIN organisation_v s ON s.id = r.assigned_structure_id
                LEFT JOIN user_account_v m ON m.id = r.assigned_mediator_id
                WHERE r.beneficiary_id = :id AND %s
                ORDER BY r.created_at DESC, r.id DESC""".formatted(scope.predicate("r")))
                .params(params).query(Item.class).list();
        return Optional.of(fragments.render("referral/section", Map.of("ctx", ctx, "items", items)));
    }
}
