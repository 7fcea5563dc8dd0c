package org.parcoursnumerique.referral;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.TransitionLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads and saves the referral aggregate. Transitions are appended, never rewritten (which is why
 * this is not a Spring Data JDBC repository: it rewrites child collections on each save).
 */
@Component
class ReferralRepository {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransitionLog transitions;

    ReferralRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.transitions = new TransitionLog(jdbc, "referral_transition", "referral_id", "structure_id", "mediator_id");
    }

    /** The referral if it is in the caller's scope (the referral carries territory and referrer). */
    Optional<Referral> find(long id, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT r.id, r.beneficiary_id, r.referring_organisation_id, r.referrer_user_id, r.territory_id,
                       r.status, r.assigned_structure_id, r.assigned_mediator_id, r.refusal_reason, r.last_message,
                       r.version
                FROM referral r WHERE r.id = :id AND %s""".formatted(scope.predicate("r")))
                .params(params)
                .query((rs, n) -> new Referral(rs.getLong("id"), rs.getLong("beneficiary_id"),
                        rs.getLong("referring_organisation_id"), rs.getObject("referrer_user_id", Long.class),
                        rs.getLong("territory_id"), ReferralStatus.valueOf(rs.getString("status")),
                        rs.getObject("assigned_structure_id", Long.class), rs.getObject("assigned_mediator_id", Long.class),
                        rs.getString("refusal_reason"), rs.getString("last_message"), rs.getInt("version")))
                .optional();
    }

    /** Saves the new state if nobody changed the referral meanwhile, and appends its transitions. */
    void save(Referral r, OffsetDateTime now) {
        int updated = jdbc.sql("""
                UPDATE referral SET status = :status, assigned_structure_id = :structure, assigned_mediator_id = :mediator,
                       refusal_reason = :reason, last_message = :message, updated_at = :now, version = version + 1,
                       reminder_sent_at = CASE WHEN :status = 'SUBMITTED' THEN NULL ELSE reminder_sent_at END
                WHERE id = :id AND version = :version""")
                .param("status", r.status.name()).param("structure", r.assignedStructureId)
                .param("mediator", r.assignedMediatorId).param("reason", r.refusalReason)
                .param("message", r.lastMessage).param("now", now).param("id", r.id).param("version", r.version)
                .update();
        if (updated == 0) {
            throw new ConflictException("referral.conflict.stale");
        }
        for (Referral.Transition t : r.pendingTransitions()) {
            appendTransition(r.id, t);
        }
        r.assignment().ifPresent(events::publishEvent);
    }

    void appendTransition(long referralId, Referral.Transition t) {
        transitions.append(referralId, t);
    }
}
