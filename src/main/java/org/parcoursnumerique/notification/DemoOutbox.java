package org.parcoursnumerique.notification;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.parcoursnumerique.shared.DemoMode;
import org.springframework.stereotype.Component;

/**
 * Demo mode only, without an SMTP server: the last emails that would have been sent, kept in memory
 * (never in the database, never in the log) so that an administrator trying the platform can follow
 * an invitation or a password-reset link from the "Messages envoyés (démonstration)" page. Outside
 * demo mode it keeps nothing. Bounded; lost at restart (ADR 0007).
 */
@Component
class DemoOutbox {

    static final int CAPACITY = 50;

    record Message(long id, OffsetDateTime at, String recipient, String subject, String body) {
    }

    private final Deque<Message> messages = new ArrayDeque<>();
    private final boolean enabled;
    private final Clock clock;

    DemoOutbox(DemoMode demoMode, Clock clock) {
        this.enabled = demoMode.enabled();
        this.clock = clock;
    }

    boolean enabled() {
        return enabled;
    }

    void keep(long id, String recipient, String subject, String body) {
        if (!enabled) {
            return;
        }
        synchronized (messages) {
            messages.addFirst(new Message(id, OffsetDateTime.now(clock), recipient, subject, body));
            while (messages.size() > CAPACITY) {
                messages.removeLast();
            }
        }
    }

    List<Message> recent() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }
}
