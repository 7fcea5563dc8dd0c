package org.parcoursnumerique.training;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.TransitionLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Loads and saves orientations; transitions are appended, never rewritten. */
@Component
class OrientationRepository {

    private static final String SELECT = """
            SELECT o.id, o.beneficiary_id, o.territory_id, o.offer_id, o.status, o.session_id, o.expected_start,
                   o.started_on, o.completed_on, o.ended_on, o.dropout_reason, o.created_at, o.version
            FROM training_orientation o""";

    private final JdbcClient jdbc;
    private final TransitionLog transitions;

    OrientationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.transitions = new TransitionLog(jdbc, "training_transition", "orientation_id", "on_date");
    }

    /** The orientation if it is in the caller's scope (it carries territory and referrer like the person). */
    Optional<Orientation> find(long id, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql(SELECT + " WHERE o.id = :id AND " + scope.predicate("o")).params(params)
                .query((rs, n) -> new Orientation(rs.getLong("id"), rs.getLong("beneficiary_id"),
                        rs.getLong("territory_id"), rs.getLong("offer_id"),
                        OrientationStatus.valueOf(rs.getString("status")), (Long) rs.getObject("session_id", Long.class),
                        rs.getObject("expected_start", LocalDate.class), rs.getObject("started_on", LocalDate.class),
                        rs.getObject("completed_on", LocalDate.class), rs.getObject("ended_on", LocalDate.class),
                        rs.getString("dropout_reason"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getInt("version")))
                .optional();
    }

    long insert(long beneficiaryId, long territoryId, long referrerId, long offerId, Long previousId, long by,
                OffsetDateTime now) {
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO training_orientation (beneficiary_id, territory_id, referring_organisation_id, offer_id,
                    status, previous_id, created_by, created_at, updated_at)
                VALUES (:person, :territory, :referrer, :offer, 'PROPOSED', :previous, :by, :now, :now)""")
                .param("person", beneficiaryId).param("territory", territoryId).param("referrer", referrerId)
                .param("offer", offerId).param("previous", previousId).param("by", by).param("now", now));
        transitions.append(id, new Orientation.Transition(null, OrientationStatus.PROPOSED, now, by, null));
        return id;
    }

    /** Saves the new state if nobody changed the orientation meanwhile, and appends its transitions. */
    void save(Orientation o, OffsetDateTime now) {
        int updated = jdbc.sql("""
                UPDATE training_orientation SET status = :status, session_id = :session, expected_start = :expected,
                       started_on = :started, completed_on = :completed, ended_on = :ended, dropout_reason = :reason,
                       updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version""")
                .param("status", o.status.name()).param("session", o.sessionId).param("expected", o.expectedStart)
                .param("started", o.startedOn).param("completed", o.completedOn).param("ended", o.endedOn)
                .param("reason", o.dropoutReason).param("now", now).param("id", o.id).param("version", o.version)
                .update();
        if (updated == 0) {
            throw new ConflictException("training.conflict.stale");
        }
        for (Orientation.Transition t : o.pendingTransitions()) {
            transitions.append(o.id, t);
        }
    }

    void markSignalled(long id, OffsetDateTime now) {
        jdbc.sql("UPDATE training_orientation SET rupture_signalled_at = :now WHERE id = :id")
                .param("now", now).param("id", id).update();
    }
}
