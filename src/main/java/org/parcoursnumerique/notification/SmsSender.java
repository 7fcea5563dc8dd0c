package org.parcoursnumerique.notification;

/**
 * Sends one text message. Départements choose their provider: one HTTP implementation
 * ({@link HttpSmsSender}, Brevo-like) and a logging one for demo mode and development.
 */
public interface SmsSender {

    /** Sends {@code text} to a French number in international form (+33…); throws when not accepted. */
    void send(String internationalNumber, String text) throws SmsNotSent;

    /** The provider refused or could not be reached; the outbox will retry. */
    class SmsNotSent extends Exception {
        public SmsNotSent(String message) {
            super(message);
        }
    }
}
