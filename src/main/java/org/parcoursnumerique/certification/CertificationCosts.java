package org.parcoursnumerique.certification;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What certification registrations cost, for the budget: the sum of each registration's cost by
 * territory and funding, over the registrations whose session falls in a period (cancelled ones
 * left out). Amounts in cents.
 */
@Service
public class CertificationCosts {

    /** The cost of a territory's registrations paid by one kind of funding. */
    public record Cost(long territoryId, String funding, long registrations, long cents) {
    }

    private final JdbcClient jdbc;

    CertificationCosts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Costs by territory and funding of the sessions from {@code from} to {@code to} (inclusive), in scope. */
    public List<Cost> between(TerritoryScope scope, LocalDate from, LocalDate to) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("from", from);
        params.put("to", to);
        return jdbc.sql("""
                SELECT r.territory_id, r.funding, COUNT(*) AS registrations, SUM(r.cost_cents) AS cents
                FROM certification_registration r
                WHERE r.status <> 'CANCELLED' AND r.session_date BETWEEN :from AND :to AND %s
                GROUP BY r.territory_id, r.funding ORDER BY r.territory_id, r.funding"""
                        .formatted(scope.predicate("r.territory_id")))
                .params(params).query(Cost.class).list();
    }
}
