package org.parcoursnumerique.referral;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.beneficiary.BeneficiaryStatus;
import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Submitting referrals (from the web form, CSV imports and the API) and moving them through triage.
 * Every change is checked by the aggregate, appended to the history, audited, and announced by an
 * email that carries no personal data, only a link.
 */
@Service
public class Referrals {

    public enum Source { WEB, CSV, API }

    /** Who sends: the prescriber organisation, and the user when it is a person (not an API token). */
    public record Submitter(long organisationId, Long userId, String userEmail, Source source) {
    }

    /** The created referral, or why it was refused (then nothing was written). */
    public record Submission(Long referralId, Long beneficiaryId, List<ReferralProblem> problems, int duplicates,
                             boolean replayed) {
        public boolean accepted() {
            return referralId != null;
        }
    }

    static final String NOTICE_VERSION = "2026-12";

    private final JdbcClient jdbc;
    private final ReferralRules rules;
    private final DuplicateDetector duplicates;
    private final ReferralRepository repository;
    private final Beneficiaries beneficiaries;
    private final Programmes programmes;
    private final AuditLog audit;
    private final Outbox outbox;
    private final MessageSource messages;
    private final Clock clock;
    private final String baseUrl;
    private final IdentityLocks identityLocks;
    private final Milestones milestones;

    Referrals(JdbcClient jdbc, ReferralRules rules, DuplicateDetector duplicates, ReferralRepository repository,
              Beneficiaries beneficiaries, Programmes programmes, AuditLog audit, Outbox outbox,
              MessageSource messages, Clock clock, @Value("${parcours.base-url}") String baseUrl,
              IdentityLocks identityLocks, Milestones milestones) {
        this.identityLocks = identityLocks;
        this.milestones = milestones;
        this.jdbc = jdbc;
        this.rules = rules;
        this.duplicates = duplicates;
        this.repository = repository;
        this.beneficiaries = beneficiaries;
        this.programmes = programmes;
        this.audit = audit;
        this.outbox = outbox;
        this.messages = messages;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Checks everything first; writes the person, the referral and its history only when all is valid. */
    @Transactional
    public Submission submit(NewReferral referral, Submitter by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var outcome = rules.check(referral, by.organisationId(), LocalDate.now(clock), by.source() == Source.WEB);
        if (!outcome.ok()) {
            return new Submission(null, null, outcome.problems(), 0, false);
        }
        var r = outcome.checked();
        long programmeId = programmes.defaultProgramme().id();
        // Held until commit: an identical referral sent at the same moment waits here, then its
        // duplicate check sees the person this one records.
        identityLocks.lock(programmeId, r.lastName(), r.firstName(), r.birthDate());
        List<Beneficiaries.ConsentAnswer> consents = new ArrayList<>();
        consents.add(new Beneficiaries.ConsentAnswer("PATHWAY_PROCESSING", true));
        // Given to this organisation only (see DiagnosticSharing).
        consents.add(new Beneficiaries.ConsentAnswer("SHARE_WITH_PRESCRIBER", r.shareWithPrescriber(),
                by.organisationId()));
        consents.add(new Beneficiaries.ConsentAnswer("EVALUATION_STUDY", r.evaluationStudy()));
        long beneficiaryId = beneficiaries.create(new Beneficiaries.NewBeneficiary(programmeId, r.lastName(),
                r.firstName(), r.birthDate(), r.phone(), r.email(), r.preferredChannel(), r.communeInsee(),
                r.category(), r.aseDistrictId(), by.organisationId(), r.territoryId()), NOTICE_VERSION, consents,
                by.userId());
        long referralId = Keys.insert(jdbc.sql("""
                INSERT INTO referral (programme_id, beneficiary_id, referring_organisation_id, referrer_user_id,
                    territory_id, status, source, rsa_situation, needs, notice_version, created_at, updated_at)
                VALUES (:programme, :beneficiary, :org, :user, :territory, 'SUBMITTED', :source, :rsa, :needs,
                    :notice, :now, :now)""")
                .param("programme", programmeId).param("beneficiary", beneficiaryId)
                .param("org", by.organisationId()).param("user", by.userId()).param("territory", r.territoryId())
                .param("source", by.source().name()).param("rsa", r.rsaSituation()).param("needs", r.needs())
                .param("notice", NOTICE_VERSION).param("now", now));
        repository.appendTransition(referralId,
                new Referral.Transition(null, ReferralStatus.SUBMITTED, now, by.userId(), null));
        milestones.reach(beneficiaryId, Milestone.REFERRED, now.atZoneSameInstant(PageContext.ZONE).toLocalDate(),
                by.userId(), "referral:" + referralId);
        var suspicions = duplicates.find(programmeId, r, beneficiaryId);
        for (var s : suspicions) {
            jdbc.sql("INSERT INTO duplicate_suspicion (referral_id, existing_id, rule) VALUES (:r, :e, :rule)")
                    .param("r", referralId).param("e", s.existingId()).param("rule", s.rule()).update();
        }
        audit.recordBy(by.userId(), by.userEmail(), by.organisationId(), beneficiaryId, AuditAction.CREATE,
                "referral " + referralId + " via " + by.source());
        if (by.source() != Source.CSV) {
            // A CSV import sends one summary per territory at its end instead of one email a row.
            notifyCoordinators(r.territoryId());
        }
        return new Submission(referralId, beneficiaryId, List.of(), suspicions.size(), false);
    }

    /** The referral an earlier request with the same key created, and whether the bodies match. */
    record Replay(long referralId, boolean sameRequest) {
    }

    /**
     * Like {@link #submit}, made safe to retry: the same {@code key} with the same body answers with
     * the referral it created the first time, and nothing new is written.
     */
    @Transactional
    public Submission submitOnce(NewReferral referral, Submitter by, String key, String requestHash) {
        var earlier = replay(by.organisationId(), key, requestHash);
        if (earlier.isPresent()) {
            if (!earlier.get().sameRequest()) {
                throw new ConflictException("api.idempotency.mismatch");
            }
            return new Submission(earlier.get().referralId(), null, List.of(), 0, true);
        }
        Submission submission = submit(referral, by);
        if (submission.accepted()) {
            jdbc.sql("""
                    INSERT INTO idempotency_key (organisation_id, idem_key, request_hash, referral_id, created_at)
                    VALUES (:org, :key, :hash, :referral, :now)""")
                    .param("org", by.organisationId()).param("key", key).param("hash", requestHash)
                    .param("referral", submission.referralId()).param("now", OffsetDateTime.now(clock)).update();
        }
        return submission;
    }

    /** The result of an earlier request with this key (after a race lost on the key). */
    @Transactional(readOnly = true)
    public Submission replayed(long organisationId, String key, String requestHash) {
        var earlier = replay(organisationId, key, requestHash).orElseThrow(() -> new ConflictException("referral.conflict.stale"));
        if (!earlier.sameRequest()) {
            throw new ConflictException("api.idempotency.mismatch");
        }
        return new Submission(earlier.referralId(), null, List.of(), 0, true);
    }

    java.util.Optional<Replay> replay(long organisationId, String key, String requestHash) {
        return jdbc.sql("SELECT referral_id, request_hash FROM idempotency_key WHERE organisation_id = :org AND idem_key = :key")
                .param("org", organisationId).param("key", key)
                .query((rs, n) -> new Replay(rs.getLong("referral_id"), rs.getString("request_hash").equals(requestHash)))
                .optional();
    }

    @Transactional
    public void accept(CurrentUser user, long referralId, long structureId, long mediatorId) {
        Referral r = coordinatorsReferral(user, referralId);
        checkAssignment(r.territoryId, structureId, mediatorId);
        r.accept(structureId, mediatorId, user.id(), OffsetDateTime.now(clock));
        finish(user, r, BeneficiaryStatus.ACCEPTED, "accepted");
    }

    @Transactional
    public void reassign(CurrentUser user, long referralId, long structureId, long mediatorId) {
        Referral r = coordinatorsReferral(user, referralId);
        checkAssignment(r.territoryId, structureId, mediatorId);
        r.reassign(structureId, mediatorId, user.id(), OffsetDateTime.now(clock));
        finish(user, r, null, "reassigned");
    }

    @Transactional
    public void requestInformation(CurrentUser user, long referralId, String message) {
        Referral r = coordinatorsReferral(user, referralId);
        r.requestInformation(message, user.id(), OffsetDateTime.now(clock));
        finish(user, r, BeneficiaryStatus.REFERRED, "information requested");
    }

    @Transactional
    public void refuse(CurrentUser user, long referralId, String reason, String note) {
        Referral r = coordinatorsReferral(user, referralId);
        boolean known = jdbc.sql("SELECT COUNT(*) FROM refusal_reason WHERE code = :code AND active")
                .param("code", reason).query(Long.class).single() > 0;
        if (!known) {
            throw new ConflictException("referral.refusal.unknown");
        }
        r.refuse(reason, note, user.id(), OffsetDateTime.now(clock));
        finish(user, r, BeneficiaryStatus.REFUSED, "refused");
    }

    @Transactional
    public void answer(CurrentUser user, long referralId, String message) {
        Referral r = prescribersReferral(user, referralId);
        r.answer(message, user.id(), OffsetDateTime.now(clock));
        finish(user, r, BeneficiaryStatus.REFERRED, "information given");
        notifyCoordinators(r.territoryId);
    }

    @Transactional
    public void withdraw(CurrentUser user, long referralId, String note) {
        Referral r = prescribersReferral(user, referralId);
        r.withdraw(note, user.id(), OffsetDateTime.now(clock));
        finish(user, r, BeneficiaryStatus.WITHDRAWN, "withdrawn");
    }

    /**
     * Attaches the referral to the person already known and removes the record made by mistake, as
     * one locked operation: both people's rows are locked in id order (two merges touching the same
     * people wait for each other, never deadlock), then the suspicion, the referral and both records
     * are read again; a merge that lost a race meets a settled suspicion or a vanished record and is
     * refused with a French message, having written nothing. The kept record's status is then
     * derived from all its referrals.
     */
    @Transactional
    public void mergeDuplicate(CurrentUser user, long referralId, long suspicionId) {
        Referral r = coordinatorsReferral(user, referralId);
        long existing = suspectedPerson(user, referralId, suspicionId);
        long duplicate = r.beneficiaryId;
        if (existing == duplicate) {
            throw new ConflictException("referral.duplicate.settled");
        }
        for (long id : new long[] {Math.min(existing, duplicate), Math.max(existing, duplicate)}) {
            if (!beneficiaries.lock(id)) {
                throw new ConflictException("referral.duplicate.settled");
            }
        }
        // Read again under the locks: a merge that committed meanwhile has moved the referral or
        // settled the suspicion.
        Long current = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id FOR UPDATE")
                .param("id", referralId).query(Long.class).optional().orElse(null);
        if (current == null || current != duplicate || openSuspicion(user, referralId, suspicionId) != existing) {
            throw new ConflictException("referral.duplicate.settled");
        }
        jdbc.sql("UPDATE referral SET beneficiary_id = :kept WHERE beneficiary_id = :dup")
                .param("kept", existing).param("dup", duplicate).update();
        jdbc.sql("UPDATE duplicate_suspicion SET existing_id = :kept WHERE existing_id = :dup")
                .param("kept", existing).param("dup", duplicate).update();
        decide(suspicionId, "MERGED", user);
        // Other suspicions of this referral are settled by the merge.
        jdbc.sql("""
                UPDATE duplicate_suspicion SET status = 'DISMISSED', decided_by = :by, decided_at = :now
                WHERE referral_id = :referral AND status = 'OPEN'""")
                .param("by", user.id()).param("now", OffsetDateTime.now(clock)).param("referral", referralId).update();
        milestones.mergeInto(duplicate, existing, user.id());
        beneficiaries.mergeInto(duplicate, existing);
        settlePersonStatus(existing);
        audit.record(user, existing, AuditAction.CHANGE, "merged record " + duplicate + " (referral " + referralId + ")");
    }

    @Transactional
    public void dismissDuplicate(CurrentUser user, long referralId, long suspicionId) {
        Referral r = coordinatorsReferral(user, referralId);
        long existing = openSuspicion(user, referralId, suspicionId);
        decide(suspicionId, "DISMISSED", user);
        audit.record(user, r.beneficiaryId, AuditAction.CHANGE,
                "not the same person as record " + existing + " (referral " + referralId + ")");
    }

    /** The person already known of a suspicion of this referral, open or not, if in the caller's scope. */
    private long suspectedPerson(CurrentUser user, long referralId, long suspicionId) {
        var params = new java.util.HashMap<String, Object>(user.dataScope().parameters());
        params.put("id", suspicionId);
        params.put("referral", referralId);
        return jdbc.sql("""
                SELECT d.existing_id FROM duplicate_suspicion d JOIN beneficiary_v b ON b.id = d.existing_id
                WHERE d.id = :id AND d.referral_id = :referral AND %s"""
                        .formatted(user.dataScope().predicate("b")))
                .params(params).query(Long.class).optional()
                .orElseThrow(() -> new ConflictException("referral.duplicate.settled"));
    }

    /** The person already known of an open suspicion, if that person is in the caller's scope. */
    private long openSuspicion(CurrentUser user, long referralId, long suspicionId) {
        var params = new java.util.HashMap<String, Object>(user.dataScope().parameters());
        params.put("id", suspicionId);
        params.put("referral", referralId);
        return jdbc.sql("""
                SELECT d.existing_id FROM duplicate_suspicion d JOIN beneficiary_v b ON b.id = d.existing_id
                WHERE d.id = :id AND d.referral_id = :referral AND d.status = 'OPEN' AND %s"""
                        .formatted(user.dataScope().predicate("b")))
                .params(params).query(Long.class).optional()
                .orElseThrow(() -> new ConflictException("referral.duplicate.settled"));
    }

    private void decide(long suspicionId, String status, CurrentUser user) {
        jdbc.sql("UPDATE duplicate_suspicion SET status = :status, decided_by = :by, decided_at = :now WHERE id = :id")
                .param("status", status).param("by", user.id()).param("now", OffsetDateTime.now(clock))
                .param("id", suspicionId).update();
    }

    private Referral coordinatorsReferral(CurrentUser user, long id) {
        if (user.role() != Role.COORDINATOR) {
            throw new NotFoundException();
        }
        return repository.find(id, user.dataScope()).orElseThrow(NotFoundException::new);
    }

    private Referral prescribersReferral(CurrentUser user, long id) {
        if (user.role() != Role.PRESCRIBER) {
            throw new NotFoundException();
        }
        return repository.find(id, user.dataScope()).orElseThrow(NotFoundException::new);
    }

    /**
     * The structure must belong to the territory's consortium, and the mediator work in that
     * structure, or at the consortium's level (a coordinator of the consortium itself follows people
     * of any of its member structures, and a consortium-level assignment takes any of its staff).
     */
    /**
     * A referral is given to an active member structure of its territory (the structures that
     * accompany people) and to a mediator or coordinator of that very structure: the person is then
     * received where the person who follows them works.
     */
    private void checkAssignment(long territoryId, long structureId, long mediatorId) {
        boolean structureOk = jdbc.sql("""
                SELECT COUNT(*) FROM organisation_v WHERE id = :id AND active AND territory_id = :territory
                  AND kind = 'MEMBER_STRUCTURE'""")
                .param("id", structureId).param("territory", territoryId).query(Long.class).single() > 0;
        if (!structureOk) {
            throw new ConflictException("referral.assignment.structure");
        }
        boolean mediatorOk = jdbc.sql("""
                SELECT COUNT(*) FROM user_account_v u
                WHERE u.id = :id AND u.active AND u.organisation_id = :structure AND u.role IN ('MEDIATOR', 'COORDINATOR')""")
                .param("id", mediatorId).param("structure", structureId).query(Long.class).single() > 0;
        if (!mediatorOk) {
            throw new ConflictException("referral.assignment.mediator");
        }
    }

    private void finish(CurrentUser user, Referral r, BeneficiaryStatus beneficiaryStatus, String what) {
        repository.save(r, OffsetDateTime.now(clock));
        if (beneficiaryStatus != null) {
            settlePersonStatus(r.beneficiaryId);
        }
        audit.record(user, r.beneficiaryId, AuditAction.CHANGE, "referral " + r.id + " " + what);
        if (r.referrerUserId == null || r.referrerUserId != user.id()) {
            notifyReferrer(r);
        }
    }

    /**
     * Sets the person's status from all their referrals (a person referred twice, or merged, has
     * several): one accepted makes them accepted; otherwise one still under triage keeps them
     * referred; otherwise the latest closing (refused or withdrawn) decides. A pathway already
     * started is never rewound ({@link Beneficiaries#changeStatusBeforePathway}).
     */
    private void settlePersonStatus(long beneficiaryId) {
        List<String> statuses = jdbc.sql("""
                SELECT status FROM referral WHERE beneficiary_id = :person ORDER BY updated_at DESC, id DESC""")
                .param("person", beneficiaryId).query(String.class).list();
        if (statuses.isEmpty()) {
            return;
        }
        BeneficiaryStatus status;
        if (statuses.contains("ACCEPTED")) {
            // The acceptance is a milestone: the person's stage is derived from it (ADR 0014).
            var accepted = jdbc.sql("""
                    SELECT r.id, t.occurred_at FROM referral r JOIN referral_transition t ON t.referral_id = r.id
                    WHERE r.beneficiary_id = :person AND t.to_status = 'ACCEPTED' ORDER BY t.occurred_at, t.id""")
                    .param("person", beneficiaryId)
                    .query((rs, n) -> java.util.Map.entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class)))
                    .list().get(0);
            milestones.reach(beneficiaryId, Milestone.ACCEPTED,
                    accepted.getValue().atZoneSameInstant(PageContext.ZONE).toLocalDate(), acceptedBy(accepted.getKey()),
                    "referral:" + accepted.getKey());
            return;
        } else if (statuses.contains("SUBMITTED") || statuses.contains("INFO_REQUESTED")) {
            status = BeneficiaryStatus.REFERRED;
        } else {
            status = "REFUSED".equals(statuses.get(0)) ? BeneficiaryStatus.REFUSED : BeneficiaryStatus.WITHDRAWN;
        }
        beneficiaries.changeStatusBeforePathway(beneficiaryId, status);
    }

    private Long acceptedBy(long referralId) {
        return jdbc.sql("""
                SELECT by_user_id FROM referral_transition WHERE referral_id = :id AND to_status = 'ACCEPTED'
                ORDER BY occurred_at, id""")
                .param("id", referralId).query((rs, n) -> (Long) rs.getObject(1, Long.class)).list().get(0);
    }

    private void notifyReferrer(Referral r) {
        if (r.referrerUserId == null) {
            return;
        }
        jdbc.sql("SELECT email FROM user_account_v WHERE id = :id AND active").param("id", r.referrerUserId)
                .query(String.class).optional()
                .ifPresent(email -> outbox.email(email, text("mail.referral.changed.subject"),
                        text("mail.referral.changed.body", baseUrl + "/referrals/" + r.id)));
    }

    void notifyCoordinators(long territoryId) {
        List<String> emails = jdbc.sql("""
                SELECT u.email FROM user_account_v u JOIN organisation_v o ON o.id = u.organisation_id
                WHERE u.role = 'COORDINATOR' AND u.active AND o.territory_id = :territory""")
                .param("territory", territoryId).query(String.class).list();
        for (String email : emails) {
            outbox.notice(email, text("mail.referral.new.subject"), text("mail.referral.new.body", baseUrl + "/triage"));
        }
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
