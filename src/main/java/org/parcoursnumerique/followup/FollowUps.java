package org.parcoursnumerique.followup;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.parcoursnumerique.diagnostic.CommonCore;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.TransitionLog;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The follow-ups of a person: planned from the schedule when the accompaniment ends, checked and
 * answered (the common core through {@link CommonCore}, then the situation), each answer reaching
 * the stage's milestone. Callers found the person in scope (staff) or hold a valid link (the person).
 */
@Service
class FollowUps {

    static final int NEEDS_MAX = 500;

    /** Still has the device and it works, has it but it does not work, has none any more. */
    enum Device { WORKS, BROKEN, NONE }

    /** How the person gets online now. */
    enum Connection { HOME, MOBILE, PUBLIC_PLACE, NONE }

    /** A training or a job since the end of the accompaniment. */
    enum Since { TRAINING, JOB, BOTH, NONE }

    record FollowUp(long id, long beneficiaryId, long programmeId, long territoryId, String stageCode, String milestone,
                    LocalDate dueOn, FollowUpStatus status, Long mediatorId, Long referentialId, LocalDate answeredOn,
                    String channel, Long answeredBy, String coreAnswers, String device, String connection, String since,
                    String needs, OffsetDateTime invitedAt, OffsetDateTime remindedAt, OffsetDateTime toCallAt,
                    int version) {
    }

    /** A stage of the schedule: {@code offsetMonths} after {@code afterMilestone}, reaching {@code milestone}. */
    record Stage(String code, String afterMilestone, int offsetMonths, String milestone) {
    }

    /** Checked answers, ready to write. */
    record Answer(Map<String, List<String>> core, String device, String connection, String since, String needs) {
    }

    /** The answers kept (as typed, to show again) and the French message of each problem, by field. */
    record Checked(Answer answer, Map<String, List<String>> values, Map<String, String> errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    static final String COLUMNS = """
            f.id, f.beneficiary_id, f.programme_id, f.territory_id, f.stage_code, f.milestone, f.due_on, f.status,
            f.mediator_id, f.referential_id, f.answered_on, f.channel, f.answered_by, f.core_answers, f.device,
            f.connection, f.since, f.needs, f.invited_at, f.reminded_at, f.to_call_at, f.version""";

    private final JdbcClient jdbc;
    private final CommonCore core;
    private final Milestones milestones;
    private final MessageSource messages;
    private final JsonMapper json;
    private final Clock clock;
    private final TransitionLog transitions;

    FollowUps(JdbcClient jdbc, CommonCore core, Milestones milestones, MessageSource messages, JsonMapper json,
              Clock clock) {
        this.jdbc = jdbc;
        this.core = core;
        this.milestones = milestones;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
        this.transitions = new TransitionLog(jdbc, "follow_up_transition", "follow_up_id");
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(PageContext.ZONE));
    }

    /** The programme's schedule (its own stages, else the default ones), in order. */
    List<Stage> schedule(long programmeId) {
        List<Stage> own = jdbc.sql("""
                SELECT code, after_milestone, offset_months, milestone FROM follow_up_stage
                WHERE programme_id = :programme ORDER BY position""")
                .param("programme", programmeId).query(Stage.class).list();
        return !own.isEmpty() ? own : jdbc.sql("""
                SELECT code, after_milestone, offset_months, milestone FROM follow_up_stage
                WHERE programme_id IS NULL ORDER BY position""").query(Stage.class).list();
    }

    /**
     * Plans the person's follow-ups after the end of their accompaniment on {@code endedOn}; a stage
     * planned before and cancelled (the end was undone) is planned again. In the caller's transaction,
     * which holds the person locked.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int plan(long beneficiaryId, long programmeId, long territoryId, long referrerId, LocalDate endedOn,
             Long mediatorId, Long byUserId) {
        Long referential = core.referentialOf(beneficiaryId).orElse(null);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int n = 0;
        for (Stage s : schedule(programmeId)) {
            LocalDate due = endedOn.plusMonths(s.offsetMonths());
            Optional<Long> existing = jdbc.sql("""
                    SELECT id FROM follow_up WHERE beneficiary_id = :person AND stage_code = :code""")
                    .param("person", beneficiaryId).param("code", s.code()).query(Long.class).optional();
            long id;
            if (existing.isPresent()) {
                id = existing.get();
                int changed = jdbc.sql("""
                        UPDATE follow_up SET status = 'PENDING', due_on = :due, mediator_id = :mediator,
                               referential_id = :referential, invited_at = NULL, reminded_at = NULL, to_call_at = NULL,
                               version = version + 1
                        WHERE id = :id AND status = 'CANCELLED'""")
                        .param("due", due).param("mediator", mediatorId).param("referential", referential)
                        .param("id", id).update();
                if (changed == 0) {
                    continue;
                }
                transitions.append(id, new FollowUpStatus.Transition(FollowUpStatus.CANCELLED, FollowUpStatus.PENDING,
                        now, byUserId, "planned again"));
            } else {
                id = Keys.insert(jdbc.sql("""
                        INSERT INTO follow_up (beneficiary_id, programme_id, territory_id, referring_organisation_id,
                            stage_code, milestone, due_on, status, mediator_id, referential_id, created_at)
                        VALUES (:person, :programme, :territory, :referrer, :code, :milestone, :due, 'PENDING',
                            :mediator, :referential, :now)""")
                        .param("person", beneficiaryId).param("programme", programmeId).param("territory", territoryId)
                        .param("referrer", referrerId).param("code", s.code()).param("milestone", s.milestone())
                        .param("due", due).param("mediator", mediatorId).param("referential", referential)
                        .param("now", now));
                transitions.append(id, new FollowUpStatus.Transition(null, FollowUpStatus.PENDING, now, byUserId, null));
            }
            n++;
        }
        return n;
    }

    /** Cancels the person's follow-ups still waiting (the end of the accompaniment was undone). */
    @Transactional(propagation = Propagation.MANDATORY)
    void cancelPending(long beneficiaryId, Long byUserId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (FollowUp f : of(beneficiaryId)) {
            if (f.status() == FollowUpStatus.PENDING) {
                var pending = FollowUpStatus.TABLE.pending(FollowUpStatus.Transition::new);
                pending.move(f.status(), FollowUpStatus.CANCELLED, byUserId, now, null);
                jdbc.sql("UPDATE follow_up SET status = 'CANCELLED', version = version + 1 WHERE id = :id")
                        .param("id", f.id()).update();
                pending.list().forEach(t -> transitions.append(f.id(), t));
            }
        }
        // A link already sent must not open a cancelled follow-up.
        jdbc.sql("""
                UPDATE follow_up_link SET used_at = :now WHERE used_at IS NULL AND follow_up_id IN
                    (SELECT id FROM follow_up WHERE beneficiary_id = :person AND status = 'CANCELLED')""")
                .param("now", now).param("person", beneficiaryId).update();
    }

    List<FollowUp> of(long beneficiaryId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM follow_up f WHERE f.beneficiary_id = :id ORDER BY f.due_on, f.id")
                .param("id", beneficiaryId).query(FollowUp.class).list();
    }

    Optional<FollowUp> find(DataScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("SELECT " + COLUMNS + " FROM follow_up f WHERE f.id = :id AND " + scope.predicate("f"))
                .params(params).query(FollowUp.class).optional();
    }

    Optional<FollowUp> findForRead(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM follow_up f WHERE f.id = :id").param("id", id)
                .query(FollowUp.class).optional();
    }

    Optional<FollowUp> findForUpdate(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM follow_up f WHERE f.id = :id FOR UPDATE")
                .param("id", id).query(FollowUp.class).optional();
    }

    /**
     * Checks the answers of a follow-up: the common core by the diagnostic's own rules, then the
     * situation (a choice for the device, the connection, training or job; needs optional, plain text).
     */
    Checked check(FollowUp f, Map<String, String[]> params) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, List<String>> coreAnswers = Map.of();
        Long referential = referentialOf(f);
        if (referential != null) {
            var checked = core.check(referential, params);
            coreAnswers = checked.answers();
            values.putAll(checked.answers());
            errors.putAll(checked.errors());
        }
        String device = choice(params, "device", Device.class, values, errors);
        String connection = choice(params, "connection", Connection.class, values, errors);
        String since = choice(params, "since", Since.class, values, errors);
        String needs = one(params, "needs");
        if (needs != null) {
            values.put("needs", List.of(needs));
            if (needs.length() > NEEDS_MAX || !Names.isCleanText(needs, true)) {
                errors.put("needs", t("followUp.needs.invalid"));
            }
        }
        return new Checked(errors.isEmpty() ? new Answer(coreAnswers, device, connection, since, needs) : null,
                values, errors);
    }

    /**
     * The referential whose common core the follow-up asks: the one planned with it, else (planned
     * before the person's diagnostic was completed) their latest completed diagnostic's.
     */
    Long referentialOf(FollowUp f) {
        return f.referentialId() != null ? f.referentialId() : core.referentialOf(f.beneficiaryId()).orElse(null);
    }

    private <E extends Enum<E>> String choice(Map<String, String[]> params, String field, Class<E> type,
                                              Map<String, List<String>> values, Map<String, String> errors) {
        String v = one(params, field);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                values.put(field, List.of(v));
                return v;
            }
        }
        errors.put(field, t("followUp." + field + ".required"));
        return null;
    }

    private static String one(Map<String, String[]> params, String field) {
        String[] v = params.get(field);
        if (v == null || v.length == 0 || v[0] == null) {
            return null;
        }
        String s = v[0].strip();
        return s.isEmpty() ? null : s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    /**
     * Writes the answers of a pending follow-up whose person is locked, and reaches its milestone on
     * {@code on}. A follow-up answered meanwhile (a second click, the person and the mediator at the
     * same time) is refused: the first answer stays.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void answer(FollowUp f, Answer a, String channel, Long byUserId, LocalDate on) {
        var pending = FollowUpStatus.TABLE.pending(FollowUpStatus.Transition::new);
        pending.move(f.status(), FollowUpStatus.ANSWERED, byUserId, OffsetDateTime.now(clock), channel);
        int n = jdbc.sql("""
                UPDATE follow_up SET status = 'ANSWERED', answered_on = :on, channel = :channel, answered_by = :by,
                       referential_id = :referential, core_answers = :core, device = :device, connection = :connection, since = :since, needs = :needs,
                       version = version + 1
                WHERE id = :id AND status = 'PENDING' AND version = :version""")
                .param("on", on).param("channel", channel).param("by", byUserId).param("referential", referentialOf(f))
                .param("core", json.writeValueAsString(a.core())).param("device", a.device())
                .param("connection", a.connection()).param("since", a.since()).param("needs", a.needs())
                .param("id", f.id()).param("version", f.version()).update();
        if (n == 0) {
            throw new ConflictException("followUp.already");
        }
        pending.list().forEach(t -> transitions.append(f.id(), t));
        jdbc.sql("UPDATE follow_up_link SET used_at = :now WHERE follow_up_id = :id AND used_at IS NULL")
                .param("now", OffsetDateTime.now(clock)).param("id", f.id()).update();
        milestones.reach(f.beneficiaryId(), Milestone.valueOf(f.milestone()), on, byUserId, "followup:" + f.id());
    }

    /** The core answers stored on a follow-up, by question key. */
    Map<String, List<String>> coreAnswers(FollowUp f) {
        if (f.coreAnswers() == null) {
            return Map.of();
        }
        return json.readValue(f.coreAnswers(), new TypeReference<LinkedHashMap<String, List<String>>>() { });
    }

    /** One line of the before/after table: the question, at the diagnostic, at each answered follow-up. */
    record Comparison(String label, String before, List<String> after) {
    }

    /** The common core before (the diagnostic) and after (each answered follow-up), question by question. */
    List<Comparison> compare(long beneficiaryId, List<FollowUp> answered) {
        Optional<Long> referential = core.referentialOf(beneficiaryId);
        if (referential.isEmpty() || answered.isEmpty()) {
            return List.of();
        }
        var before = core.diagnosticAnswers(beneficiaryId);
        List<Map<String, List<String>>> afters = new ArrayList<>();
        answered.forEach(f -> afters.add(coreAnswers(f)));
        List<Comparison> rows = new ArrayList<>();
        for (var q : core.questions(referential.get())) {
            List<String> after = new ArrayList<>();
            for (var a : afters) {
                after.add(core.label(referential.get(), q.key(), a.get(q.key())));
            }
            rows.add(new Comparison(q.label(), core.label(referential.get(), q.key(), before.get(q.key())), after));
        }
        return rows;
    }

    private String t(String key, Object... args) {
        return org.parcoursnumerique.shared.French.spaces(messages.getMessage(key, args, PageContext.LOCALE));
    }
}
