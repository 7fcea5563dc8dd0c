package org.parcoursnumerique.pathway;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.beneficiary.Beneficiaries.Placement;
import org.parcoursnumerique.beneficiary.BeneficiaryStatus;
import org.parcoursnumerique.shared.ConflictException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way to record a person's milestones (ADR 0014). A stage calls {@link #reach} when the
 * person reaches one (again: nothing happens, a milestone is reached once), {@link #move} when a
 * correction changes its date and {@link #withdraw} when a correction undoes it. Each call locks the
 * person's row, keeps the history, the daily counts of the indicators and the person's derived stage,
 * in the caller's transaction. Callers have found the person in their user's scope.
 */
@Service
public class Milestones {

    private final JdbcClient jdbc;
    private final Beneficiaries beneficiaries;
    private final DailyCounts counts;
    private final Clock clock;

    Milestones(JdbcClient jdbc, Beneficiaries beneficiaries, DailyCounts counts, Clock clock) {
        this.jdbc = jdbc;
        this.beneficiaries = beneficiaries;
        this.counts = counts;
        this.clock = clock;
    }

    /**
     * Records that the person reached {@code code} on {@code on}, unless already reached.
     *
     * @param byUserId the staff member who recorded it, null for the platform (imports, jobs)
     * @param source   the stage's record, {@code kind:id}, or null
     * @return whether it was recorded now
     */
    @Transactional
    public boolean reach(long beneficiaryId, Milestone code, LocalDate on, Long byUserId, String source) {
        Placement p = lock(beneficiaryId);
        if (find(beneficiaryId, code).isPresent()) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO milestone (beneficiary_id, programme_id, territory_id, referring_organisation_id, code,
                                       reached_on, source, recorded_by)
                VALUES (:person, :programme, :territory, :referrer, :code, :on, :source, :by)""")
                .param("person", beneficiaryId).param("programme", p.programmeId()).param("territory", p.territoryId())
                .param("referrer", p.referringOrganisationId()).param("code", code.name()).param("on", on)
                .param("source", source).param("by", byUserId).update();
        log(beneficiaryId, code, MilestoneChange.Kind.RECORDED, null, on, null, byUserId);
        counts.add(p.programmeId(), p.territoryId(), code, on, 1);
        deriveStage(beneficiaryId);
        return true;
    }

    /** Moves a reached milestone to another date (a correction); nothing when not reached or already on that date. */
    @Transactional
    public boolean move(long beneficiaryId, Milestone code, LocalDate on, Long byUserId, String reason) {
        Placement p = lock(beneficiaryId);
        Optional<ReachedMilestone> current = find(beneficiaryId, code);
        if (current.isEmpty() || current.get().reachedOn().equals(on)) {
            return false;
        }
        LocalDate before = current.get().reachedOn();
        jdbc.sql("UPDATE milestone SET reached_on = :on WHERE beneficiary_id = :person AND code = :code")
                .param("on", on).param("person", beneficiaryId).param("code", code.name()).update();
        log(beneficiaryId, code, MilestoneChange.Kind.MOVED, before, on, reason, byUserId);
        counts.add(p.programmeId(), p.territoryId(), code, before, -1);
        counts.add(p.programmeId(), p.territoryId(), code, on, 1);
        deriveStage(beneficiaryId);
        return true;
    }

    /** Withdraws a reached milestone (a correction undid it); nothing when not reached. */
    @Transactional
    public boolean withdraw(long beneficiaryId, Milestone code, Long byUserId, String reason) {
        Placement p = lock(beneficiaryId);
        Optional<ReachedMilestone> current = find(beneficiaryId, code);
        if (current.isEmpty()) {
            return false;
        }
        jdbc.sql("DELETE FROM milestone WHERE beneficiary_id = :person AND code = :code")
                .param("person", beneficiaryId).param("code", code.name()).update();
        log(beneficiaryId, code, MilestoneChange.Kind.WITHDRAWN, current.get().reachedOn(), null, reason, byUserId);
        counts.add(p.programmeId(), p.territoryId(), code, current.get().reachedOn(), -1);
        deriveStage(beneficiaryId);
        return true;
    }

    /** The milestones the person has reached, in pathway order. The caller found the person in scope. */
    public List<ReachedMilestone> of(long beneficiaryId) {
        return jdbc.sql("""
                SELECT m.code, m.reached_on, m.source, m.recorded_by FROM milestone m
                JOIN milestone_kind k ON k.code = m.code
                WHERE m.beneficiary_id = :person ORDER BY k.position""")
                .param("person", beneficiaryId)
                .query((rs, n) -> new ReachedMilestone(Milestone.valueOf(rs.getString("code")),
                        rs.getObject("reached_on", LocalDate.class), rs.getString("source"),
                        (Long) rs.getObject("recorded_by", Long.class)))
                .list();
    }

    /** A person who reached a milestone, as batch work needs it. */
    public record PersonAt(long beneficiaryId, long programmeId, long territoryId, LocalDate reachedOn, String source) {
    }

    /**
     * The people who reached {@code code}, by id after {@code afterBeneficiaryId}, at most
     * {@code limit}: for platform work over every person (demo contributors, daily jobs), never for
     * a user's page (no scope applies). Page with the last id returned.
     */
    public List<PersonAt> reachedBy(Milestone code, long afterBeneficiaryId, int limit) {
        return jdbc.sql("""
                SELECT beneficiary_id, programme_id, territory_id, reached_on, source FROM milestone
                WHERE code = :code AND beneficiary_id > :after ORDER BY beneficiary_id LIMIT :limit""")
                .param("code", code.name()).param("after", afterBeneficiaryId).param("limit", limit)
                .query((rs, n) -> new PersonAt(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getObject(4, LocalDate.class), rs.getString(5)))
                .list();
    }

    /**
     * Names the stage's record behind a reached milestone ({@code kind:id}) when it was recorded
     * without one, e.g. by the demo data before the stage's records existed. No history: the date
     * and the counts do not change.
     */
    @Transactional
    public void attributeSource(long beneficiaryId, Milestone code, String source) {
        jdbc.sql("UPDATE milestone SET source = :source WHERE beneficiary_id = :person AND code = :code")
                .param("source", source).param("person", beneficiaryId).param("code", code.name()).update();
    }

    /** The history of the person's milestones, oldest first. */
    public List<MilestoneChange> history(long beneficiaryId) {
        return jdbc.sql("""
                SELECT code, change, before_on, after_on, reason, changed_at, changed_by FROM milestone_change
                WHERE beneficiary_id = :person ORDER BY id""")
                .param("person", beneficiaryId)
                .query((rs, n) -> new MilestoneChange(Milestone.valueOf(rs.getString("code")),
                        MilestoneChange.Kind.valueOf(rs.getString("change")),
                        rs.getObject("before_on", LocalDate.class), rs.getObject("after_on", LocalDate.class),
                        rs.getString("reason"), rs.getObject("changed_at", OffsetDateTime.class),
                        (Long) rs.getObject("changed_by", Long.class)))
                .list();
    }

    /**
     * Before a duplicate record is merged into the person already known (the referral module's
     * merge; both rows are locked by the caller): the duplicate's referral keeps the earlier referral
     * date on the kept person, and its milestones go. A duplicate whose pathway has started (any
     * milestone after the referral) cannot be merged.
     */
    @Transactional
    public void mergeInto(long duplicateId, long keptId, Long byUserId) {
        List<ReachedMilestone> dup = of(duplicateId);
        if (dup.stream().anyMatch(m -> m.code() != Milestone.REFERRED)) {
            throw new ConflictException("beneficiary.merge.pathwayStarted");
        }
        for (ReachedMilestone m : dup) {
            Optional<ReachedMilestone> kept = find(keptId, m.code());
            if (kept.isEmpty()) {
                reach(keptId, m.code(), m.reachedOn(), byUserId, m.source());
            } else if (m.reachedOn().isBefore(kept.get().reachedOn())) {
                move(keptId, m.code(), m.reachedOn(), byUserId, "merge");
            }
            withdraw(duplicateId, m.code(), byUserId, "merge");
        }
        jdbc.sql("DELETE FROM milestone_change WHERE beneficiary_id = :dup").param("dup", duplicateId).update();
    }

    private Placement lock(long beneficiaryId) {
        return beneficiaries.lockPlacement(beneficiaryId)
                .orElseThrow(() -> new ConflictException("pathway.person.gone"));
    }

    private Optional<ReachedMilestone> find(long beneficiaryId, Milestone code) {
        return jdbc.sql("SELECT code, reached_on, source, recorded_by FROM milestone WHERE beneficiary_id = :person AND code = :code")
                .param("person", beneficiaryId).param("code", code.name())
                .query((rs, n) -> new ReachedMilestone(code, rs.getObject("reached_on", LocalDate.class),
                        rs.getString("source"), (Long) rs.getObject("recorded_by", Long.class)))
                .optional();
    }

    private void log(long beneficiaryId, Milestone code, MilestoneChange.Kind kind, LocalDate before, LocalDate after,
                     String reason, Long by) {
        jdbc.sql("""
                INSERT INTO milestone_change (beneficiary_id, code, change, before_on, after_on, reason, changed_at, changed_by)
                VALUES (:person, :code, :change, :before, :after, :reason, :at, :by)""")
                .param("person", beneficiaryId).param("code", code.name()).param("change", kind.name())
                .param("before", before).param("after", after).param("reason", reason)
                .param("at", OffsetDateTime.now(clock)).param("by", by).update();
    }

    private void deriveStage(long beneficiaryId) {
        List<ReachedMilestone> reached = of(beneficiaryId);
        Set<Milestone> codes = EnumSet.noneOf(Milestone.class);
        LocalDate diagnosedOn = null;
        for (ReachedMilestone m : reached) {
            codes.add(m.code());
            if (m.code() == Milestone.DIAGNOSED) {
                diagnosedOn = m.reachedOn();
            }
        }
        beneficiaries.applyStage(beneficiaryId, stage(codes), diagnosedOn);
    }

    /**
     * The stage shown in lists and filters, from the milestones reached: an early exit or the end of
     * the pathway first, then any stage after the diagnostic ("en parcours"), the diagnostic, the
     * acceptance; null before acceptance (the referral's outcome then says referred, refused or withdrawn).
     */
    static BeneficiaryStatus stage(Set<Milestone> codes) {
        if (codes.contains(Milestone.EXITED)) {
            return BeneficiaryStatus.DROPPED_OUT;
        }
        if (codes.contains(Milestone.COMPLETED)) {
            return BeneficiaryStatus.COMPLETED;
        }
        if (codes.stream().anyMatch(Milestone::afterDiagnostic)) {
            return BeneficiaryStatus.IN_PATHWAY;
        }
        if (codes.contains(Milestone.DIAGNOSED)) {
            return BeneficiaryStatus.DIAGNOSED;
        }
        if (codes.contains(Milestone.ACCEPTED)) {
            return BeneficiaryStatus.ACCEPTED;
        }
        return null;
    }
}
