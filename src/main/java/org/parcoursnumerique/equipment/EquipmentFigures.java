package org.parcoursnumerique.equipment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Aggregates of the equipment per territory: devices per status, and money — what the devices
 * bought, the repairs and the contributions received, the people equipped and the cost per person
 * equipped (devices handed over and repairs, less contributions). No person appears in them.
 */
@Component
class EquipmentFigures {

    record Money(long territoryId, String territoryCode, long devices, long deviceCostCents, long handedOverCostCents,
                 long repairCostCents, long contributionCents, long peopleEquipped) {

        long costPerPersonCents() {
            return peopleEquipped == 0 ? 0 : (handedOverCostCents + repairCostCents - contributionCents) / peopleEquipped;
        }
    }

    record StatusCount(String status, long devices) {
    }

    private final JdbcClient jdbc;

    EquipmentFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Money> money(TerritoryScope scope) {
        return jdbc.sql("""
                SELECT t.id AS territory_id, t.code AS territory_code,
                       (SELECT COUNT(*) FROM device d WHERE d.territory_id = t.id) AS devices,
                       (SELECT COALESCE(SUM(d.cost_cents), 0) FROM device d WHERE d.territory_id = t.id) AS device_cost_cents,
                       (SELECT COALESCE(SUM(d.cost_cents), 0) FROM equipment_handover h JOIN device d ON d.id = h.device_id
                          WHERE h.territory_id = t.id) AS handed_over_cost_cents,
                       (SELECT COALESCE(SUM(r.cost_cents), 0) FROM equipment_repair r WHERE r.territory_id = t.id) AS repair_cost_cents,
                       (SELECT COALESCE(SUM(h.contribution_cents), 0) FROM equipment_handover h
                          WHERE h.territory_id = t.id) AS contribution_cents,
                       (SELECT COUNT(DISTINCT h.beneficiary_id) FROM equipment_handover h
                          WHERE h.territory_id = t.id) AS people_equipped
                FROM territory_v t WHERE %s ORDER BY t.code""".formatted(scope.predicate("t.id")))
                .params(scope.parameters()).query(Money.class).list();
    }

    List<StatusCount> statusCounts(TerritoryScope scope) {
        return jdbc.sql("SELECT d.status, COUNT(*) AS devices FROM device d WHERE " + scope.predicate("d.territory_id")
                        + " GROUP BY d.status ORDER BY d.status")
                .params(scope.parameters()).query(StatusCount.class).list();
    }

    /** The territory's latest deliveries, or one of them. */
    List<StockController.DeliveryRow> deliveries(TerritoryScope scope, Long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        String one = "";
        if (id != null) {
            one = " AND e.id = :id";
            params.put("id", id);
        }
        return jdbc.sql("""
                SELECT e.id, e.file_name, e.created_at, p.name AS place_name, e.total_rows, e.accepted, e.rejected,
                       e.duplicates, e.failure,
                       (SELECT COUNT(*) FROM device d WHERE d.delivery_id = e.id AND d.status = 'RECEIVED') AS received
                FROM equipment_delivery e JOIN storage_place p ON p.id = e.storage_place_id
                WHERE %s%s ORDER BY e.created_at DESC, e.id DESC LIMIT 20""".formatted(scope.predicate("e.territory_id"), one))
                .params(params).query(StockController.DeliveryRow.class).list();
    }

    long countErrors(long deliveryId, long cap) {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM equipment_delivery_error WHERE delivery_id = :id LIMIT :cap) x")
                .param("id", deliveryId).param("cap", cap).query(Long.class).single();
    }

    List<StockController.ErrorRow> errors(long deliveryId, int limit, long offset) {
        return jdbc.sql("""
                SELECT line, column_name, message FROM equipment_delivery_error WHERE delivery_id = :id
                ORDER BY line, id LIMIT :limit OFFSET :offset""")
                .param("id", deliveryId).param("limit", limit).param("offset", offset)
                .query(StockController.ErrorRow.class).list();
    }
}
