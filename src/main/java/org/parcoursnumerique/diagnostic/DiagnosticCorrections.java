package org.parcoursnumerique.diagnostic;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.diagnostic.Referential.Section;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Correcting the answers of a completed diagnostic (the mediator or coordinator of the territory,
 * with a reason). The diagnostic stays completed: its profile and recommendations are recomputed
 * from the corrected answers at once, so the plan and the prescriber's summary follow; the result
 * before, the reason, who and when, and the answers that changed are kept in
 * {@code diagnostic_correction} and shown on the diagnostic's page. Earlier adjustments of
 * recommendations were made on the old answers: the plan is recomputed without them (they stay in
 * the adjustment history and in the result before the correction) and can be adjusted again.
 * {@link DiagnosticCorrected} is published for the stages that follow the plan.
 */
@Service
class DiagnosticCorrections {

    static final int REASON_MAX = 2000;

    /** One recommendation as it stood: the value that counted, its themes, whether it was adjusted. */
    record Recommendation(String kind, String value, List<String> themes, boolean adjusted) {
    }

    /** One answer that changed, with the stored values before and after. */
    record Change(String question, List<String> before, List<String> after) {
    }

    /** A correction as stored. */
    record Correction(long id, OffsetDateTime correctedAt, String byName, String reason, String previousProfileLabel,
                      String profileLabel, List<Recommendation> previous, List<Recommendation> current,
                      List<Change> changes) {
    }

    /**
     * What happened to a correction form: errors by question key, the answers to show again,
     * whether questions appeared, whether nothing changed; {@code saved} when it was recorded.
     */
    record Outcome(Map<String, StepAnswers.Problem> errors, Answers shown, boolean newQuestions, boolean unchanged,
                   boolean saved) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final JdbcClient jdbc;
    private final DiagnosticCapture capture;
    private final DiagnosticRepository repository;
    private final ReferentialStore referentials;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DiagnosticCorrections(JdbcClient jdbc, DiagnosticCapture capture, DiagnosticRepository repository,
                          ReferentialStore referentials, AuditLog audit, ApplicationEventPublisher events,
                          Clock clock) {
        this.jdbc = jdbc;
        this.capture = capture;
        this.repository = repository;
        this.referentials = referentials;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A completed diagnostic in the user's scope that they may correct; 404 otherwise (audited). */
    DiagnosticRepository.Row correctable(CurrentUser user, long id) {
        if (!DiagnosticCapture.captures(user)) {
            throw new NotFoundException();
        }
        var row = capture.inScope(user, id);
        if (!row.completed()) {
            throw new ConflictException("diagnostic.conflict.notCompletedCorrection");
        }
        return row;
    }

    /**
     * Checks and records a correction. Every question of the referential is on the form: the
     * submitted answers replace the stored ones. Format errors, required answers missing, or
     * follow-up questions that the new answers show and that were not on the form keep the user
     * on the form and store nothing; so does a form where no answer changed.
     */
    @Transactional
    Outcome correct(CurrentUser user, long id, int version, Map<String, String[]> params, Set<String> shownKeys,
                    String reason) {
        if (reason == null || reason.isEmpty() || reason.length() > REASON_MAX) {
            throw new IllegalArgumentException("reason must be checked by the caller");
        }
        var row = correctable(user, id);
        Referential referential = referentials.referential(row.referentialId());
        Answers before = RuleEngine.withoutHidden(referential, repository.answers(id));
        Answers merged = Answers.none();
        Map<String, StepAnswers.Problem> errors = new LinkedHashMap<>();
        for (Section section : referential.sections()) {
            var parsed = StepAnswers.parse(section.questions(), params);
            for (var e : parsed.values().entrySet()) {
                merged = merged.with(e.getKey(), e.getValue());
            }
            parsed.problems().forEach(p -> errors.putIfAbsent(p.question(), p));
        }
        if (!errors.isEmpty()) {
            return new Outcome(errors, StepAnswers.typed(Answers.none(), referential.questions(), params), false, false, false);
        }
        Answers after = RuleEngine.withoutHidden(referential, merged);
        boolean newQuestions = false;
        for (Question q : referential.questions()) {
            if (!RuleEngine.visible(q, after)) {
                continue;
            }
            if (!shownKeys.contains(q.key())) {
                newQuestions = true;
            } else if (q.required() && !after.answered(q.key())) {
                errors.put(q.key(), new StepAnswers.Problem(q.key(), "diagnostic.error.required", new Object[0]));
            }
        }
        if (!errors.isEmpty() || newQuestions) {
            return new Outcome(errors, after, newQuestions, false, false);
        }
        List<Change> changes = new ArrayList<>();
        for (Question q : referential.questions()) {
            if (!before.get(q.key()).equals(after.get(q.key()))) {
                changes.add(new Change(q.key(), before.get(q.key()), after.get(q.key())));
            }
        }
        if (changes.isEmpty()) {
            return new Outcome(Map.of(), after, false, true, false);
        }
        var outcome = RuleEngine.evaluate(referential, after);
        List<Recommendation> previous = repository.recommendations(id).stream()
                .map(r -> new Recommendation(r.kind(), r.effectiveValue(), r.effectiveThemes(), r.adjustedValue() != null))
                .toList();
        List<Recommendation> current = outcome.recommendations().values().stream()
                .map(c -> new Recommendation(c.kind().name(), c.value(), c.themes(), false)).toList();
        OffsetDateTime now = OffsetDateTime.now(clock);
        String profile = outcome.profile() == null ? null : outcome.profile().key();
        String profileLabel = outcome.profile() == null ? null : outcome.profile().label();
        int updated = jdbc.sql("""
                UPDATE diagnostic SET profile = :profile, profile_label = :label, updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version AND status = 'COMPLETED'""")
                .param("profile", profile).param("label", profileLabel).param("now", now)
                .param("id", id).param("version", version).update();
        if (updated == 0) {
            throw new ConflictException("diagnostic.conflict.stale");
        }
        repository.replaceAnswers(id, after);
        jdbc.sql("DELETE FROM recommendation WHERE diagnostic_id = :id").param("id", id).update();
        outcome.recommendations().values().forEach(c -> repository.insertRecommendation(id, c));
        long correctionId = Keys.insert(jdbc.sql("""
                INSERT INTO diagnostic_correction (diagnostic_id, corrected_by, corrected_at, reason, previous_profile,
                    previous_profile_label, profile, profile_label, previous_recommendations, recommendations, changes)
                VALUES (:id, :by, :now, :reason, :previousProfile, :previousLabel, :profile, :label, :previous, :current,
                    :changes)""")
                .param("id", id).param("by", user.id()).param("now", now).param("reason", reason)
                .param("previousProfile", row.profile()).param("previousLabel", row.profileLabel())
                .param("profile", profile).param("label", profileLabel)
                .param("previous", JSON.writeValueAsString(previous)).param("current", JSON.writeValueAsString(current))
                .param("changes", JSON.writeValueAsString(changes)));
        String keys = String.join(", ", changes.stream().map(Change::question).toList());
        audit.record(user, row.beneficiaryId(), AuditAction.CHANGE, "diagnostic " + id + " corrected ("
                + changes.size() + " answers: " + (keys.length() > 600 ? keys.substring(0, 600) + "…" : keys) + ")");
        events.publishEvent(new DiagnosticCorrected(id, row.beneficiaryId(), correctionId, now));
        return new Outcome(Map.of(), after, false, false, true);
    }

    /** The diagnostic's corrections, oldest first. */
    List<Correction> corrections(long diagnosticId) {
        return jdbc.sql("""
                SELECT c.id, c.corrected_at, u.display_name, c.reason, c.previous_profile_label, c.profile_label,
                       c.previous_recommendations, c.recommendations, c.changes
                FROM diagnostic_correction c LEFT JOIN user_account_v u ON u.id = c.corrected_by
                WHERE c.diagnostic_id = :id ORDER BY c.corrected_at, c.id""")
                .param("id", diagnosticId)
                .query((rs, n) -> new Correction(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        JSON.readValue(rs.getString(7), new TypeReference<List<Recommendation>>() { }),
                        JSON.readValue(rs.getString(8), new TypeReference<List<Recommendation>>() { }),
                        JSON.readValue(rs.getString(9), new TypeReference<List<Change>>() { })))
                .list();
    }

}
