package org.parcoursnumerique.referral;

import java.time.OffsetDateTime;
import java.util.List;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.StageTransition;
import org.parcoursnumerique.shared.Transitions;

/**
 * The referral aggregate. Its status changes only through the methods below, each checked against
 * {@link ReferralStatus}'s transition table and recorded as a {@link Transition} to append.
 */
final class Referral {

    /**
     * One change of status, appended to {@code referral_transition} when the aggregate is saved; an
     * acceptance or reassignment says to which structure and mediator.
     */
    record Transition(ReferralStatus from, ReferralStatus to, OffsetDateTime at, Long by, String note, Long structureId,
                      Long mediatorId) implements StageTransition<ReferralStatus> {
        Transition(ReferralStatus from, ReferralStatus to, OffsetDateTime at, Long by, String note) {
            this(from, to, at, by, note, null, null);
        }

        @Override
        public java.util.Map<String, Object> extra() {
            var columns = new java.util.HashMap<String, Object>();
            columns.put("structure_id", structureId);
            columns.put("mediator_id", mediatorId);
            return columns;
        }
    }

    final long id;
    final long beneficiaryId;
    final long referringOrganisationId;
    final Long referrerUserId;
    final long territoryId;
    final int version;
    ReferralStatus status;
    Long assignedStructureId;
    Long assignedMediatorId;
    String refusalReason;
    String lastMessage;
    private final Transitions.Pending<ReferralStatus, Transition> pending = ReferralStatus.TRANSITIONS.pending(Transition::new);
    private MediatorAssigned assignment;

    Referral(long id, long beneficiaryId, long referringOrganisationId, Long referrerUserId, long territoryId,
             ReferralStatus status, Long assignedStructureId, Long assignedMediatorId, String refusalReason,
             String lastMessage, int version) {
        this.id = id;
        this.beneficiaryId = beneficiaryId;
        this.referringOrganisationId = referringOrganisationId;
        this.referrerUserId = referrerUserId;
        this.territoryId = territoryId;
        this.status = status;
        this.assignedStructureId = assignedStructureId;
        this.assignedMediatorId = assignedMediatorId;
        this.refusalReason = refusalReason;
        this.lastMessage = lastMessage;
        this.version = version;
    }

    void accept(long structureId, long mediatorId, long by, OffsetDateTime at) {
        moveTo(ReferralStatus.ACCEPTED, by, at, null, structureId, mediatorId);
        assignedStructureId = structureId;
        assign(mediatorId, by, at);
    }

    void reassign(long structureId, long mediatorId, long by, OffsetDateTime at) {
        if (status != ReferralStatus.ACCEPTED) {
            throw new ConflictException("referral.conflict.notAccepted");
        }
        moveTo(ReferralStatus.ACCEPTED, by, at, null, structureId, mediatorId);
        assignedStructureId = structureId;
        assign(mediatorId, by, at);
    }

    /** A new mediator for the person is an event; keeping the same one (another structure) is not. */
    private void assign(long mediatorId, long by, OffsetDateTime at) {
        if (assignedMediatorId == null || assignedMediatorId != mediatorId) {
            assignment = new MediatorAssigned(id, beneficiaryId, mediatorId, by, at);
        }
        assignedMediatorId = mediatorId;
    }

    void requestInformation(String message, long by, OffsetDateTime at) {
        moveTo(ReferralStatus.INFO_REQUESTED, by, at, message);
        lastMessage = message;
    }

    void answer(String message, long by, OffsetDateTime at) {
        if (status != ReferralStatus.INFO_REQUESTED) {
            throw new ConflictException("referral.conflict.noQuestion");
        }
        moveTo(ReferralStatus.SUBMITTED, by, at, message);
        lastMessage = message;
    }

    void refuse(String reason, String note, long by, OffsetDateTime at) {
        moveTo(ReferralStatus.REFUSED, by, at, note);
        refusalReason = reason;
    }

    void withdraw(String note, long by, OffsetDateTime at) {
        moveTo(ReferralStatus.WITHDRAWN, by, at, note);
    }

    private void moveTo(ReferralStatus next, long by, OffsetDateTime at, String note) {
        moveTo(next, by, at, note, null, null);
    }

    private void moveTo(ReferralStatus next, long by, OffsetDateTime at, String note, Long structureId, Long mediatorId) {
        status = pending.move(new Transition(status, next, at, by, note, structureId, mediatorId));
    }

    /** The assignment to a new mediator made by this change, if any: published when saved. */
    java.util.Optional<MediatorAssigned> assignment() {
        return java.util.Optional.ofNullable(assignment);
    }

    List<Transition> pendingTransitions() {
        return pending.list();
    }
}
