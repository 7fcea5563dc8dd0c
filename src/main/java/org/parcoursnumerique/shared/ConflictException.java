package org.parcoursnumerique.shared;

/**
 * The action does not fit the current state of the record (for example accepting a referral that
 * was withdrawn meanwhile). Carries the key of the French explanation shown to the user.
 */
public class ConflictException extends RuntimeException {

    private final String messageKey;

    public ConflictException(String messageKey) {
        super(messageKey, null, false, false);
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
