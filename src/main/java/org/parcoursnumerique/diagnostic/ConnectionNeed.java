package org.parcoursnumerique.diagnostic;

/** Whether the person needs an internet connection (SIM card, 4G box…) provided for six months. */
public enum ConnectionNeed {
    YES, NO
}
