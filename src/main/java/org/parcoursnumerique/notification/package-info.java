/**
 * Outgoing messages through a transactional outbox: written in the transaction of the change
 * that causes them, sent afterwards with retries, so that an SMTP outage loses nothing.
 * Public API: {@link org.parcoursnumerique.notification.Outbox}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notification")
package org.parcoursnumerique.notification;
