package org.parcoursnumerique.diagnostic;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.parcoursnumerique.diagnostic.Referential.Question;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fictitious completed diagnostics for the demo: every demo person already counted as diagnosed
 * gets answers drawn from a seeded random (coherent with the referential's conditions) and the
 * recommendations the engine computes from them, so that figures and pages have something to show.
 */
@Component
public class DiagnosticDemoData {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final ReferentialStore referentials;
    private final TransactionTemplate tx;

    DiagnosticDemoData(JdbcClient jdbc, JdbcTemplate jdbcTemplate, ReferentialStore referentials,
                       TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.referentials = referentials;
        this.tx = tx;
    }

    record Person(long id, long territoryId, long referringOrganisationId, LocalDate diagnosedOn,
                  OffsetDateTime createdAt) {
    }

    /** People read, computed and written per transaction: the memory used does not grow with the data set. */
    static final int BATCH = 1000;

    /**
     * Completes a diagnostic for every diagnosed person who has none, done by {@code mediatorId}
     * where the person is in {@code mediatorTerritoryId}. Returns how many were created. People are
     * read in id order, a batch at a time (keyset), and each batch is written with JDBC batches and
     * committed before the next is read, so a million people need no more memory than a thousand.
     */
    public int completeForDiagnosedPeople(Random random, Long mediatorId, Long mediatorTerritoryId) {
        long referentialId = jdbc.sql("""
                SELECT id FROM diagnostic_referential WHERE owner_territory_id IS NULL AND status = 'PUBLISHED'
                ORDER BY published_at DESC, id DESC LIMIT 1""").query(Long.class).single();
        Referential referential = referentials.referential(referentialId);
        int done = 0;
        long after = 0;
        while (true) {
            List<Person> people = jdbc.sql("""
                    SELECT b.id, b.territory_id, b.referring_organisation_id, b.diagnosed_on, b.created_at
                    FROM beneficiary_v b
                    WHERE b.id > :after AND b.diagnosed_on IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM diagnostic d WHERE d.beneficiary_id = b.id)
                    ORDER BY b.id LIMIT :batch""").param("after", after).param("batch", BATCH)
                    .query(Person.class).list();
            if (people.isEmpty()) {
                return done;
            }
            tx.executeWithoutResult(status -> complete(people, referentialId, referential, random, mediatorId,
                    mediatorTerritoryId));
            after = people.get(people.size() - 1).id();
            done += people.size();
        }
    }

    private void complete(List<Person> people, long referentialId, Referential referential, Random random,
                          Long mediatorId, Long mediatorTerritoryId) {
        record Done(Person person, Answers answers, RuleEngine.Outcome outcome, OffsetDateTime started,
                    OffsetDateTime completed, Long mediator) {
        }
        List<Done> batch = new ArrayList<>(people.size());
        for (Person p : people) {
            Answers answers = answers(referential, random);
            var outcome = RuleEngine.evaluate(referential, answers);
            OffsetDateTime completed = p.diagnosedOn().atTime(LocalTime.of(10, 0)).atZone(PageContext.ZONE).toOffsetDateTime();
            OffsetDateTime started = completed.minusMinutes(35 + random.nextInt(40));
            Long mediator = mediatorTerritoryId != null && mediatorTerritoryId == p.territoryId() ? mediatorId : null;
            batch.add(new Done(p, answers, outcome, started, completed, mediator));
        }
        int step = referential.sections().size() + 1;
        jdbcTemplate.batchUpdate("""
                INSERT INTO diagnostic (beneficiary_id, territory_id, referring_organisation_id, referential_id,
                    mediator_id, status, current_step, started_at, updated_at, completed_at, profile, profile_label)
                VALUES (?, ?, ?, ?, ?, 'COMPLETED', ?, ?, ?, ?, ?, ?)""", batch, batch.size(), (ps, d) -> {
                    ps.setLong(1, d.person().id());
                    ps.setLong(2, d.person().territoryId());
                    ps.setLong(3, d.person().referringOrganisationId());
                    ps.setLong(4, referentialId);
                    ps.setObject(5, d.mediator(), Types.BIGINT);
                    ps.setInt(6, step);
                    ps.setObject(7, d.started());
                    ps.setObject(8, d.completed());
                    ps.setObject(9, d.completed());
                    ps.setString(10, d.outcome().profile() == null ? null : d.outcome().profile().key());
                    ps.setString(11, d.outcome().profile() == null ? null : d.outcome().profile().label());
                });
        // One diagnostic per person of the batch: their ids are read back by person.
        Map<Long, Long> ids = new HashMap<>();
        jdbc.sql("SELECT id, beneficiary_id FROM diagnostic WHERE beneficiary_id BETWEEN :first AND :last")
                .param("first", people.get(0).id()).param("last", people.get(people.size() - 1).id())
                .query((rs, i) -> ids.put(rs.getLong(2), rs.getLong(1))).list();
        List<Object[]> answerRows = new ArrayList<>();
        List<Object[]> recommendationRows = new ArrayList<>();
        for (Done d : batch) {
            long id = ids.get(d.person().id());
            d.answers().values().forEach((key, values) -> values.forEach(v -> answerRows.add(new Object[] {id, key, v})));
            d.outcome().recommendations().values().forEach(c -> recommendationRows.add(new Object[] {id,
                    c.kind().name(), c.value(), c.themes().isEmpty() ? null : String.join(",", c.themes()), c.ruleId()}));
        }
        jdbcTemplate.batchUpdate("INSERT INTO diagnostic_answer (diagnostic_id, question_key, answer_value) VALUES (?, ?, ?)",
                answerRows);
        jdbcTemplate.batchUpdate("""
                INSERT INTO recommendation (diagnostic_id, kind, computed_value, computed_themes, rule_id)
                VALUES (?, ?, ?, ?, ?)""", recommendationRows);
    }

    /**
     * Plausible answers: one digital level per person drives the Pix self-assessment, and each
     * question shown (given the answers so far) is answered, optional ones most of the time.
     */
    static Answers answers(Referential referential, Random random) {
        int level = random.nextInt(5);
        Map<String, List<String>> values = new LinkedHashMap<>();
        Answers current = Answers.none();
        for (Question q : referential.questions()) {
            if (!RuleEngine.visible(q, current) || (!q.required() && random.nextInt(4) == 0)) {
                continue;
            }
            List<String> answer = switch (q.type()) {
                case SINGLE_CHOICE -> List.of(q.options().get(random.nextInt(q.options().size())).key());
                case MULTIPLE_CHOICE -> multiple(q, random, level);
                case SCALE -> List.of(String.valueOf(Math.max(q.scale().min(),
                        Math.min(q.scale().max(), level + random.nextInt(3) - 1))));
                case NUMBER -> List.of(String.valueOf(q.number() != null && q.number().min() != null
                        ? q.number().min().intValue() + random.nextInt(10) : random.nextInt(10)));
                case DATE -> List.of(LocalDate.of(2021, 9, 1).plusDays(random.nextInt(300)).toString());
                case TEXT -> List.of(PROJECTS[random.nextInt(PROJECTS.length)]);
            };
            values.put(q.key(), answer);
            current = new Answers(values);
        }
        return current;
    }

    private static final String[] PROJECTS = {"Trouver un poste d'agent d'entretien", "Passer le permis de conduire",
            "Reprendre une formation d'aide à domicile", "Créer une activité de couture", "Faire seul(e) mes démarches CAF"};

    private static List<String> multiple(Question q, Random random, int level) {
        boolean hasNone = q.option(StepAnswers.EXCLUSIVE_OPTION).isPresent();
        if (hasNone && random.nextInt(5) >= level + 1 && random.nextInt(3) == 0) {
            return List.of(StepAnswers.EXCLUSIVE_OPTION);
        }
        List<String> picked = new ArrayList<>();
        for (var o : q.options()) {
            if (!o.key().equals(StepAnswers.EXCLUSIVE_OPTION) && random.nextInt(5) <= level) {
                picked.add(o.key());
            }
        }
        if (picked.isEmpty()) {
            picked.add(hasNone ? StepAnswers.EXCLUSIVE_OPTION : q.options().get(0).key());
        }
        return picked;
    }
}
