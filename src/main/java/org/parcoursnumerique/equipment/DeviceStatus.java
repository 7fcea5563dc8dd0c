package org.parcoursnumerique.equipment;


import org.parcoursnumerique.shared.Transitions;

/**
 * Where a device is in its life: received in stock, ready to be given, reserved for a person, handed
 * over (the person owns it), in repair, returned, lent meanwhile a repair, and the final states.
 */
enum DeviceStatus {
    RECEIVED, READY, RESERVED, HANDED_OVER, LENT, IN_REPAIR, RETURNED, RECYCLED, LOST, STOLEN;

    static final Transitions<DeviceStatus> TRANSITIONS = Transitions.of(DeviceStatus.class, "equipment.conflict")
            .allow(RECEIVED, READY, IN_REPAIR, RECYCLED, LOST, STOLEN)
            .allow(READY, RESERVED, HANDED_OVER, LENT, IN_REPAIR, RECYCLED, LOST, STOLEN)
            .allow(RESERVED, READY, HANDED_OVER, LOST, STOLEN)
            .allow(HANDED_OVER, IN_REPAIR, RETURNED, LOST, STOLEN)
            .allow(LENT, READY, IN_REPAIR, LOST, STOLEN)
            .allow(IN_REPAIR, HANDED_OVER, READY, RETURNED, RECYCLED, LOST, STOLEN)
            .allow(RETURNED, READY, IN_REPAIR, RECYCLED)
            .build();

    /** In stock, in the territory's hands (not with a person, not gone). */
    boolean inStock() {
        return this == RECEIVED || this == READY || this == RESERVED || this == RETURNED;
    }

    /** Statuses a user may set by hand from the device's page (the others follow actions). */
    static final java.util.Set<DeviceStatus> MANUAL = java.util.EnumSet.of(READY, RECYCLED, LOST, STOLEN, RETURNED);
}
