package org.parcoursnumerique.equipment;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.parcoursnumerique.shared.TimelineEntry.Actor;
import org.parcoursnumerique.shared.TimelineEntry.Label;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's equipment on their timeline, in one query: a device reserved, handed over (with the
 * type), a repair asked for and its outcome. No free text (the fault stays on the device's page).
 */
@Component
class EquipmentTimeline implements TimelineContributor {

    private record Row(OffsetDateTime at, String kind, Long byUserId, String deviceType, String outcome, long deviceId,
                       Long handoverId) {
    }

    private final JdbcClient jdbc;

    EquipmentTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit) {
        if (!viewer.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR, Role.LOGISTICS_MANAGER)) {
            return List.of();
        }
        var scope = viewer.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", limit);
        List<Row> rows = jdbc.sql("""
                SELECT * FROM (
                  SELECT r.reserved_at AS at, 'RESERVED' AS kind, r.reserved_by AS by_user_id, d.device_type,
                         CAST(NULL AS VARCHAR(16)) AS outcome, d.id AS device_id, CAST(NULL AS BIGINT) AS handover_id
                  FROM equipment_reservation r JOIN device d ON d.id = r.device_id
                  WHERE r.beneficiary_id = :id AND %1$s
                  UNION ALL
                  SELECT h.recorded_at, 'HANDED_OVER', h.by_user_id, d.device_type, NULL, d.id, h.id
                  FROM equipment_handover h JOIN device d ON d.id = h.device_id
                  WHERE h.beneficiary_id = :id AND %2$s
                  UNION ALL
                  SELECT r.created_at, 'REPAIR', r.created_by, d.device_type, NULL, d.id, NULL
                  FROM equipment_repair r JOIN device d ON d.id = r.device_id
                  WHERE r.beneficiary_id = :id AND %1$s
                  UNION ALL
                  SELECT CAST(r.closed_on AS TIMESTAMP WITH TIME ZONE), 'REPAIR_CLOSED', NULL, d.device_type, r.outcome,
                         d.id, NULL
                  FROM equipment_repair r JOIN device d ON d.id = r.device_id
                  WHERE r.beneficiary_id = :id AND r.closed_on IS NOT NULL AND %1$s
                  UNION ALL
                  SELECT CAST(h.ended_on AS TIMESTAMP WITH TIME ZONE), 'RETURNED',
                         (SELECT t.by_user_id FROM equipment_transition t WHERE t.device_id = h.device_id
                            AND t.to_status = 'RETURNED' AND t.occurred_at >= h.recorded_at ORDER BY t.occurred_at LIMIT 1),
                         d.device_type, NULL, d.id, h.id
                  FROM equipment_handover h JOIN device d ON d.id = h.device_id
                  WHERE h.beneficiary_id = :id AND h.ended_reason = 'RETURNED' AND %2$s
                ) x ORDER BY at DESC LIMIT :limit""".formatted(scope.predicate("r"), scope.predicate("h")))
                .params(params).query(Row.class).list();
        return rows.stream().map(r -> entry(r, viewer)).toList();
    }

    private static TimelineEntry entry(Row r, CurrentUser viewer) {
        Label type = new Label("equipment.type." + r.deviceType());
        String link = viewer.role().isConsortiumStaff()
                ? (r.handoverId() != null ? "/equipment/handovers/" + r.handoverId() : "/equipment/devices/" + r.deviceId())
                : null;
        return switch (r.kind()) {
            case "RESERVED" -> TimelineEntry.of(r.at(), "equipment", "timeline.equipment.reserved",
                    Actor.user(r.byUserId()), link, type);
            case "HANDED_OVER" -> TimelineEntry.of(r.at(), "equipment", "timeline.equipment.handedOver",
                    Actor.user(r.byUserId()), link, type);
            case "REPAIR" -> TimelineEntry.of(r.at(), "equipment", "timeline.equipment.repair", Actor.user(r.byUserId()),
                    link, type);
            case "RETURNED" -> new TimelineEntry(r.at(), true, "equipment", "timeline.equipment.returned",
                    List.of(type), r.byUserId() != null ? Actor.user(r.byUserId()) : Actor.platform(), link);
            default -> new TimelineEntry(r.at(), true, "equipment", "timeline.equipment.repairClosed",
                    List.of(type, new Label("equipment.outcome." + r.outcome())), Actor.platform(), link);
        };
    }
}
