package org.parcoursnumerique.shared;

/**
 * Nothing the caller may see is there. Thrown both for missing rows and for rows out of the
 * caller's scope, so that a 404 never tells one from the other.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException() {
        super("not found", null, false, false);
    }
}
