package org.parcoursnumerique.diagnostic;

/** The device a person should receive, or none. */
public enum EquipmentType {
    NONE, DESKTOP, LAPTOP, TABLET, SMARTPHONE
}
