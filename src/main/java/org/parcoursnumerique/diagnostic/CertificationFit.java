package org.parcoursnumerique.diagnostic;

/** The certification of digital skills that fits the person's project, if any. */
public enum CertificationFit {
    NONE, PIX, CLEA_NUMERIQUE
}
