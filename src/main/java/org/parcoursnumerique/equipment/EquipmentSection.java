package org.parcoursnumerique.equipment;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.diagnostic.PathwayPlans;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.stereotype.Component;

/**
 * "Équipement" on the person's page: the plan's equipment and connection recommendations (never the
 * diagnostic's answers, which logistics does not see), the reservation, the devices handed over with
 * their receipt and warranty, and the repairs. The staff of the territory act from it.
 */
@Component
class EquipmentSection implements PersonPageSection {

    private final PathwayPlans plans;
    private final Matching matching;
    private final Handovers handovers;
    private final Repairs repairs;
    private final Stock stock;
    private final Fragments fragments;

    EquipmentSection(PathwayPlans plans, Matching matching, Handovers handovers, Repairs repairs, Stock stock,
                     Fragments fragments) {
        this.plans = plans;
        this.matching = matching;
        this.handovers = handovers;
        this.repairs = repairs;
        this.stock = stock;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!user.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR, Role.LOGISTICS_MANAGER)) {
            return Optional.empty();
        }
        var plan = plans.forBeneficiary(beneficiaryId).orElse(null);
        var list = handovers.ofPerson(beneficiaryId);
        var repairList = repairs.ofPerson(beneficiaryId);
        var reservation = matching.activeReservation(beneficiaryId).orElse(null);
        if (plan == null && list.isEmpty() && reservation == null) {
            return Optional.empty();
        }
        Map<Long, Stock.Device> devices = new HashMap<>();
        list.forEach(h -> devices.put(h.deviceId(), stock.get(TerritoryScope.all(), h.deviceId())));
        if (reservation != null) {
            devices.put(reservation.deviceId(), stock.get(TerritoryScope.all(), reservation.deviceId()));
        }
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("personId", beneficiaryId);
        params.put("plan", plan);
        params.put("need", matching.need(beneficiaryId).orElse(null));
        params.put("reservation", reservation);
        params.put("handovers", list);
        params.put("repairs", repairList);
        params.put("devices", devices);
        params.put("staff", user.role().isConsortiumStaff());
        return Optional.of(fragments.render("equipment/section", params));
    }
}
