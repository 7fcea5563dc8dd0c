package org.parcoursnumerique.followup;

import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A follow-up answered by the person through their link: the link locked, checked again (valid,
 * unused, not expired), the answers checked, then written with the link marked used, in one
 * transaction. Anything wrong writes nothing.
 */
@Service
class SelfAnswers {

    /** The outcome: the link's state, and the refused answers to show again when it was valid. */
    record Outcome(FollowUpLinks.State state, FollowUps.FollowUp followUp, FollowUps.Checked checked, boolean saved) {
    }

    private final FollowUpLinks links;
    private final FollowUps followUps;
    private final AuditLog audit;

    SelfAnswers(FollowUpLinks links, FollowUps followUps, AuditLog audit) {
        this.links = links;
        this.followUps = followUps;
        this.audit = audit;
    }

    /** The follow-up a link opens, or why it does not. */
    Outcome open(String token) {
        var r = links.resolve(token, false);
        if (r.state() != FollowUpLinks.State.VALID) {
            return new Outcome(r.state(), null, null, false);
        }
        return new Outcome(r.state(), followUps.findForRead(r.followUpId()).orElseThrow(), null, false);
    }

    @Transactional
    Outcome answer(String token, Map<String, String[]> params) {
        var r = links.resolve(token, true);
        if (r.state() != FollowUpLinks.State.VALID) {
            return new Outcome(r.state(), null, null, false);
        }
        var f = followUps.findForUpdate(r.followUpId()).orElseThrow();
        var checked = followUps.check(f, params);
        if (!checked.ok()) {
            return new Outcome(r.state(), f, checked, false);
        }
        followUps.answer(f, checked.answer(), "LINK", null, followUps.today());
        audit.record(null, f.beneficiaryId(), AuditAction.CHANGE, "follow-up " + f.id() + " answered by the person (link)");
        return new Outcome(r.state(), f, checked, true);
    }
}
