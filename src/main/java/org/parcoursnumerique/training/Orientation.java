package org.parcoursnumerique.training;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.StageTransition;
import org.parcoursnumerique.shared.Transitions;

/**
 * A person's orientation to one offer. Its status changes only through the methods below, each
 * checked against {@link OrientationStatus#TRANSITIONS} and recorded as a {@link Transition} with
 * the day it concerns.
 */
final class Orientation {

    record Transition(OrientationStatus from, OrientationStatus to, OffsetDateTime at, Long by, String note,
                      LocalDate onDate) implements StageTransition<OrientationStatus> {
        Transition(OrientationStatus from, OrientationStatus to, OffsetDateTime at, Long by, String note) {
            this(from, to, at, by, note, null);
        }

        @Override
        public Map<String, Object> extra() {
            Map<String, Object> columns = new HashMap<>();
            columns.put("on_date", onDate);
            return columns;
        }
    }

    final long id;
    final long beneficiaryId;
    final long territoryId;
    final long offerId;
    final int version;
    final OffsetDateTime createdAt;
    OrientationStatus status;
    Long sessionId;
    LocalDate expectedStart;
    LocalDate startedOn;
    LocalDate completedOn;
    LocalDate endedOn;
    String dropoutReason;
    private final Transitions.Pending<OrientationStatus, Transition> pending =
            OrientationStatus.TRANSITIONS.pending(Transition::new);

    Orientation(long id, long beneficiaryId, long territoryId, long offerId, OrientationStatus status, Long sessionId,
                LocalDate expectedStart, LocalDate startedOn, LocalDate completedOn, LocalDate endedOn,
                String dropoutReason, OffsetDateTime createdAt, int version) {
        this.id = id;
        this.beneficiaryId = beneficiaryId;
        this.territoryId = territoryId;
        this.offerId = offerId;
        this.status = status;
        this.sessionId = sessionId;
        this.expectedStart = expectedStart;
        this.startedOn = startedOn;
        this.completedOn = completedOn;
        this.endedOn = endedOn;
        this.dropoutReason = dropoutReason;
        this.createdAt = createdAt;
        this.version = version;
    }

    /** Chosen with the person: registered, expected on {@code start} (in {@code session} for a dedicated training). */
    void register(Long session, LocalDate start, long by, OffsetDateTime now) {
        move(OrientationStatus.REGISTERED, by, now, null, start);
        sessionId = session;
        expectedStart = start;
    }

    void decline(long by, OffsetDateTime now, String note) {
        move(OrientationStatus.DECLINED, by, now, note, null);
        endedOn = now.toLocalDate();
    }

    void start(LocalDate on, long by, OffsetDateTime now) {
        if (status == OrientationStatus.STARTED) {
            throw new ConflictException("training.conflict.STARTED");
        }
        move(OrientationStatus.STARTED, by, now, null, on);
        startedOn = on;
    }

    void complete(LocalDate on, long by, OffsetDateTime now) {
        if (status == OrientationStatus.COMPLETED) {
            throw new ConflictException("training.conflict.COMPLETED");
        }
        if (startedOn != null && on.isBefore(startedOn)) {
            throw new ConflictException("training.conflict.completedBeforeStart");
        }
        move(OrientationStatus.COMPLETED, by, now, null, on);
        completedOn = on;
    }

    void dropOut(LocalDate on, String reason, long by, OffsetDateTime now, String note) {
        if (startedOn != null && on.isBefore(startedOn)) {
            throw new ConflictException("training.conflict.endedBeforeStart");
        }
        move(OrientationStatus.DROPPED_OUT, by, now, note, on);
        endedOn = on;
        dropoutReason = reason;
    }

    void noShow(long by, OffsetDateTime now) {
        move(OrientationStatus.NO_SHOW, by, now, null, expectedStart);
        endedOn = expectedStart != null && expectedStart.isBefore(now.toLocalDate()) ? expectedStart : now.toLocalDate();
    }

    /** A correction of the start date of a started orientation (undo a completion first to change it). */
    void correctStart(LocalDate on, long by, OffsetDateTime now, String reason) {
        if (status != OrientationStatus.STARTED) {
            throw new ConflictException("training.conflict.notStarted");
        }
        move(OrientationStatus.STARTED, by, now, reason, on);
        startedOn = on;
    }

    /** A correction of the completion date. */
    void correctCompletion(LocalDate on, long by, OffsetDateTime now, String reason) {
        if (status != OrientationStatus.COMPLETED) {
            throw new ConflictException("training.conflict.notCompleted");
        }
        if (startedOn != null && on.isBefore(startedOn)) {
            throw new ConflictException("training.conflict.completedBeforeStart");
        }
        move(OrientationStatus.COMPLETED, by, now, reason, on);
        completedOn = on;
    }

    /** A correction: the last outcome recorded (completion, else start) had not happened. */
    void undoLastOutcome(long by, OffsetDateTime now, String reason) {
        if (status == OrientationStatus.COMPLETED) {
            move(OrientationStatus.STARTED, by, now, reason, startedOn);
            completedOn = null;
        } else if (status == OrientationStatus.STARTED) {
            move(OrientationStatus.REGISTERED, by, now, reason, expectedStart);
            startedOn = null;
        } else {
            throw new ConflictException("training.conflict.nothingToUndo");
        }
    }

    private void move(OrientationStatus next, long by, OffsetDateTime at, String note, LocalDate on) {
        status = pending.move(new Transition(status, next, at, by, note, on));
    }

    List<Transition> pendingTransitions() {
        return pending.list();
    }

    String source() {
        return "training:" + id;
    }
}
