package org.parcoursnumerique.pathway;

import static org.parcoursnumerique.shared.PersonDataPart.row;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The pathway's part of the person's data: the milestones reached, their history and the early
 * exit. The erasure removes the texts staff wrote (reasons of changes, the early exit's precision);
 * milestones, their dates and the exit reason code stay: the indicators count them (ADR 0020).
 */
@Component
class PathwayData implements PersonDataContributor {

    record Reached(String code, LocalDate reachedOn, String byUser) {
    }

    record Change(String code, String change, LocalDate beforeOn, LocalDate afterOn, String reason,
                  OffsetDateTime changedAt, String byUser) {
    }

    record Exit(String reasonCode, String reasonText, LocalDate exitedOn, String byUser) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;

    PathwayData(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "pathway";
    }

    @Override
    public int order() {
        return 150;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<Reached> reached = jdbc.sql("""
                SELECT m.code, m.reached_on, u.display_name AS by_user
                FROM milestone m JOIN milestone_kind k ON k.code = m.code
                LEFT JOIN user_account_v u ON u.id = m.recorded_by
                WHERE m.beneficiary_id = :id ORDER BY k.position""")
                .param("id", beneficiaryId).query(Reached.class).list();
        List<Change> changes = jdbc.sql("""
                SELECT c.code, c.change, c.before_on, c.after_on, c.reason, c.changed_at, u.display_name AS by_user
                FROM milestone_change c LEFT JOIN user_account_v u ON u.id = c.changed_by
                WHERE c.beneficiary_id = :id ORDER BY c.id""")
                .param("id", beneficiaryId).query(Change.class).list();
        Optional<Exit> exit = jdbc.sql("""
                SELECT e.reason_code, e.reason_text, e.exited_on, u.display_name AS by_user
                FROM early_exit e LEFT JOIN user_account_v u ON u.id = e.recorded_by WHERE e.beneficiary_id = :id""")
                .param("id", beneficiaryId).query(Exit.class).optional();
        var blocks = new java.util.ArrayList<PersonDataPart.Block>();
        blocks.add(PersonDataPart.table(t("personData.pathway.milestones"),
                List.of(t("personData.pathway.milestone"), t("personData.pathway.date")),
                reached.stream().map(r -> row(t("personData.milestone." + r.code()), r.reachedOn())).toList(),
                t("personData.pathway.none")));
        exit.ifPresent(e -> {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put(t("personData.pathway.exit.on"), e.exitedOn());
            facts.put(t("personData.pathway.exit.reason"), t("exit.reason." + e.reasonCode()));
            facts.put(t("personData.pathway.exit.text"), e.reasonText());
            facts.put(t("personData.pathway.exit.by"), e.byUser());
            blocks.add(PersonDataPart.facts(t("personData.pathway.exit"), facts));
        });
        blocks.add(PersonDataPart.table(t("personData.pathway.history"),
                List.of(t("personData.pathway.changedAt"), t("personData.pathway.milestone"),
                        t("personData.pathway.change"), t("personData.pathway.before"), t("personData.pathway.after"),
                        t("personData.pathway.reason"), t("personData.pathway.by")),
                changes.stream().map(c -> row(c.changedAt(), t("personData.milestone." + c.code()),
                        t("personData.pathway.change." + c.change()), c.beforeOn(), c.afterOn(), c.reason(), c.byUser()))
                        .toList(),
                t("personData.none")));
        return new PersonDataPart(t("personData.pathway.title"), t("personData.pathway.intro"), blocks);
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(m.reached_on) FROM milestone m WHERE m.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        jdbc.sql("UPDATE milestone_change SET reason = NULL WHERE beneficiary_id IN (:ids) AND reason IS NOT NULL")
                .param("ids", beneficiaryIds).update();
        // The precision of "other" is required while the exit holds: an empty text keeps the rule and says nothing.
        jdbc.sql("""
                UPDATE early_exit SET reason_text = CASE WHEN reason_code = 'OTHER' THEN '' ELSE NULL END
                WHERE beneficiary_id IN (:ids) AND reason_text IS NOT NULL""")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
