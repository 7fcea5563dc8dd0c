package org.parcoursnumerique.notification;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The messages sent (or waiting, or given up) to the person, on their page: for the département
 * and the consortium staff who contact them, never for prescribers.
 */
@Component
class MessagesSection implements PersonPageSection {

    static final int LIMIT = 100;

    record Item(long id, String channel, String kind, String subject, String body, OffsetDateTime createdAt,
                OffsetDateTime sentAt, OffsetDateTime failedAt, int attempts, String attachmentName) {

        String status() {
            return sentAt != null ? "SENT" : failedAt != null ? "FAILED" : "PENDING";
        }
    }

    private final JdbcClient jdbc;
    private final Fragments fragments;

    MessagesSection(JdbcClient jdbc, Fragments fragments) {
        this.jdbc = jdbc;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 900;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        // Those who follow the person; logistics staff (equipment) need not read what was sent to them.
        if (!user.has(Role.PROGRAMME_MANAGER, Role.COORDINATOR, Role.MEDIATOR)) {
            return Optional.empty();
        }
        var scope = user.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", beneficiaryId);
        params.put("limit", LIMIT);
        // Joined to the person so that the caller's scope applies here as on every read of personal data.
        List<Item> items = jdbc.sql("""
                SELECT m.id, m.channel, m.kind, m.subject, m.body, m.created_at, m.sent_at, m.failed_at, m.attempts,
                       m.attachment_name
                FROM outbox_message m JOIN beneficiary_v b ON b.id = m.beneficiary_id
                WHERE m.beneficiary_id = :id AND %s
                ORDER BY m.created_at DESC, m.id DESC LIMIT :limit""".formatted(scope.predicate("b")))
                .params(params).query(Item.class).list();
        return Optional.of(fragments.render("notification/messages", Map.of("ctx", ctx, "items", items)));
    }
}
