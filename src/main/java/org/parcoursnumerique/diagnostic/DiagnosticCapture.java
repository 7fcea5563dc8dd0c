package org.parcoursnumerique.diagnostic;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.diagnostic.Referential.Section;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Capturing a diagnostic: start (or resume) the person's draft, save each step, complete it
 * (profile, recommendations, the person diagnosed, {@link DiagnosticCompleted}), and adjust a
 * recommendation with a reason. Scope is checked in SQL; every change is audited.
 */
@Service
class DiagnosticCapture {

    /** People at these statuses may have a diagnostic: accepted, or further along. */
    static final Set<String> DIAGNOSABLE = Set.of("ACCEPTED", "DIAGNOSED", "IN_PATHWAY", "COMPLETED");

    enum Move { NEXT, SAVE, PREVIOUS }

    /**
     * What happened to a step: errors by question key (message key and arguments), the answers
     * to show again, and where to go next (0: stay on the step).
     */
    record StepOutcome(Map<String, StepAnswers.Problem> errors, Answers shown, int goTo, boolean newQuestions) {
    }

    private final JdbcClient jdbc;
    private final DiagnosticRepository repository;
    private final ReferentialStore referentials;
    private final Milestones milestones;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PersonInScope persons;

    DiagnosticCapture(JdbcClient jdbc, DiagnosticRepository repository, ReferentialStore referentials,
                      Milestones milestones, AuditLog audit, ApplicationEventPublisher events, Clock clock,
                      PersonInScope persons) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.repository = repository;
        this.referentials = referentials;
        this.milestones = milestones;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    static boolean captures(CurrentUser user) {
        return user.has(Role.MEDIATOR, Role.COORDINATOR);
    }

    /** Starts the person's diagnostic, or returns their draft: one draft per person. */
    @Transactional
    long start(CurrentUser user, long beneficiaryId) {
        if (!captures(user)) {
            throw new NotFoundException();
        }
        var scope = user.dataScope();
        // Locking the person's row serialises two starts for the same person (two tabs, two mediators).
        var person = persons.lock(user, beneficiaryId);
        var draft = repository.forBeneficiary(beneficiaryId, scope).stream().filter(d -> !d.completed()).findFirst();
        if (draft.isPresent()) {
            return draft.get().id();
        }
        if (!DIAGNOSABLE.contains(person.stage().name())) {
            throw new ConflictException("diagnostic.conflict.notAccepted");
        }
        long territoryId = person.territoryId();
        long referentialId = referentials.currentFor(territoryId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id = org.parcoursnumerique.shared.Keys.insert(jdbc.sql("""
                INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id,
                    mediator_id, status, current_step, started_at, updated_at)
                VALUES (:beneficiary, :territory, :referrer, :referential, :mediator, 'DRAFT', 1, :now, :now)""")
                .param("beneficiary", beneficiaryId).param("territory", territoryId)
                .param("referrer", person.referringOrganisationId()).param("referential", referentialId)
                .param("mediator", user.id()).param("now", now));
        audit.record(user, beneficiaryId, AuditAction.CREATE, "diagnostic " + id + " started");
        return id;
    }

    /** A draft in the user's scope that they may fill in; 404 otherwise (audited). */
    DiagnosticRepository.Row draft(CurrentUser user, long id) {
        var row = inScope(user, id);
        if (row.completed()) {
            throw new ConflictException("diagnostic.conflict.completed");
        }
        return row;
    }

    DiagnosticRepository.Row inScope(CurrentUser user, long id) {
        var row = repository.find(id, user.dataScope()).orElse(null);
        if (row == null) {
            Long beneficiary = jdbc.sql("SELECT beneficiary_id FROM diagnostic WHERE id = :id").param("id", id)
                    .query(Long.class).optional().orElse(null);
            if (beneficiary != null) {
                audit.recordDenied(user, beneficiary);
            }
            throw new NotFoundException();
        }
        return row;
    }

    /**
     * Saves one step. Format errors store nothing and keep the submitted values on the page. The
     * answers of questions now hidden are cleared. Moving on ("next") needs every required answer
     * of the step; a question that appeared because of this step's answers keeps the user on it.
     */
    @Transactional
    StepOutcome saveStep(CurrentUser user, long id, int step, int version, Move move, Map<String, String[]> params,
                         Set<String> shownKeys) {
        if (!captures(user)) {
            throw new NotFoundException();
        }
        var row = draft(user, id);
        Referential referential = referentials.referential(row.referentialId());
        if (step < 1 || step > referential.sections().size()) {
            throw new NotFoundException();
        }
        Section section = referential.sections().get(step - 1);
        Answers saved = repository.answers(id);
        var parsed = StepAnswers.parse(section.questions(), params);
        Answers merged = saved;
        for (var e : parsed.values().entrySet()) {
            merged = merged.with(e.getKey(), e.getValue());
        }
        if (!parsed.problems().isEmpty()) {
            Map<String, StepAnswers.Problem> errors = new LinkedHashMap<>();
            parsed.problems().forEach(p -> errors.putIfAbsent(p.question(), p));
            return new StepOutcome(errors, StepAnswers.typed(saved, section.questions(), params), 0, false);
        }
        Answers cleaned = RuleEngine.withoutHidden(referential, merged);
        Map<String, StepAnswers.Problem> errors = new LinkedHashMap<>();
        boolean newQuestions = false;
        if (move == Move.NEXT) {
            for (Question q : section.questions()) {
                if (!RuleEngine.visible(q, cleaned)) {
                    continue;
                }
                if (!shownKeys.contains(q.key())) {
                    // Not an error: the person has not been asked yet. The page shows it now.
                    newQuestions = true;
                } else if (q.required() && !cleaned.answered(q.key())) {
                    errors.put(q.key(), new StepAnswers.Problem(q.key(), "diagnostic.error.required", new Object[0]));
                }
            }
        }
        int goTo = switch (move) {
            case NEXT -> errors.isEmpty() && !newQuestions ? step + 1 : 0;
            case PREVIOUS -> Math.max(1, step - 1);
            case SAVE -> step;
        };
        int resumeAt = goTo == 0 ? step : goTo;
        int updated = jdbc.sql("""
                UPDATE diagnostic SET current_step = :step, updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version AND status = 'DRAFT'""")
                .param("step", resumeAt).param("now", OffsetDateTime.now(clock)).param("id", id)
                .param("version", version).update();
        if (updated == 0) {
            throw new ConflictException("diagnostic.conflict.stale");
        }
        repository.replaceAnswers(id, cleaned);
        audit.record(user, row.beneficiaryId(), AuditAction.CHANGE, "diagnostic " + id + " step " + step + " saved");
        return new StepOutcome(errors, cleaned, goTo, newQuestions);
    }


    /** Computes profile and recommendations, marks the person diagnosed and tells the other modules. */
    @Transactional
    void complete(CurrentUser user, long id, int version) {
        if (!captures(user)) {
            throw new NotFoundException();
        }
        var row = draft(user, id);
        Referential referential = referentials.referential(row.referentialId());
        Answers answers = RuleEngine.withoutHidden(referential, repository.answers(id));
        if (!RuleEngine.missingRequired(referential, answers).isEmpty()) {
            throw new ConflictException("diagnostic.conflict.missing");
        }
        var outcome = RuleEngine.evaluate(referential, answers);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("""
                UPDATE diagnostic SET status = 'COMPLETED', completed_at = :now, updated_at = :now,
                       profile = :profile, profile_label = :label, mediator_id = :mediator,
                       current_step = :review, version = version + 1
                WHERE id = :id AND version = :version AND status = 'DRAFT'""")
                .param("now", now).param("profile", outcome.profile() == null ? null : outcome.profile().key())
                .param("label", outcome.profile() == null ? null : outcome.profile().label())
                .param("mediator", user.id()).param("review", referential.sections().size() + 1)
                .param("id", id).param("version", version).update();
        if (updated == 0) {
            throw new ConflictException("diagnostic.conflict.stale");
        }
        outcome.recommendations().values().forEach(c -> repository.insertRecommendation(id, c));
        milestones.reach(row.beneficiaryId(), Milestone.DIAGNOSED, now.atZoneSameInstant(PageContext.ZONE).toLocalDate(),
                user.id(), "diagnostic:" + id);
        audit.record(user, row.beneficiaryId(), AuditAction.CHANGE, "diagnostic " + id + " completed");
        events.publishEvent(new DiagnosticCompleted(id, row.beneficiaryId(), now));
    }

    /**
     * The mediator's adjustment of one recommendation of a completed diagnostic. The computed
     * value stays; each adjustment is appended to the history, and {@link RecommendationAdjusted}
     * is published.
     */
    @Transactional
    void adjust(CurrentUser user, long id, RecommendationKind kind, String value, List<String> themes, String reason) {
        if (!captures(user)) {
            throw new NotFoundException();
        }
        var row = inScope(user, id);
        if (!row.completed()) {
            throw new ConflictException("diagnostic.conflict.notCompleted");
        }
        String joined = kind == RecommendationKind.TRAINING && !themes.isEmpty() ? String.join(",", themes) : null;
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("""
                UPDATE recommendation SET adjusted_value = :value, adjusted_themes = :themes,
                       adjustment_reason = :reason, adjusted_by = :by, adjusted_at = :now
                WHERE diagnostic_id = :id AND kind = :kind""")
                .param("value", value).param("themes", joined).param("reason", reason).param("by", user.id())
                .param("now", now).param("id", id).param("kind", kind.name()).update();
        if (updated == 0) {
            throw new NotFoundException();
        }
        jdbc.sql("""
                INSERT INTO recommendation_adjustment (diagnostic_id, kind, adjusted_value, themes, reason, adjusted_by, adjusted_at)
                VALUES (:id, :kind, :value, :themes, :reason, :by, :now)""")
                .param("id", id).param("kind", kind.name()).param("value", value).param("themes", joined)
                .param("reason", reason).param("by", user.id()).param("now", now).update();
        audit.record(user, row.beneficiaryId(), AuditAction.CHANGE,
                "diagnostic " + id + " recommendation " + kind + " adjusted");
        events.publishEvent(new RecommendationAdjusted(id, row.beneficiaryId(), kind, value,
                joined == null ? List.of() : themes, now));
    }
}
