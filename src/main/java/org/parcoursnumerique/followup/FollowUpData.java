package org.parcoursnumerique.followup;

import static org.parcoursnumerique.shared.PersonDataPart.row;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The follow-ups' part of the person's data. The erasure removes the needs the person wrote, the
 * answers to the common core (they may hold their words) and every link (its hash and dates); the
 * stage, the dates, the channel and the situation's codes stay: the indicators count them.
 */
@Component
class FollowUpData implements PersonDataContributor {

    record Item(String stageCode, LocalDate dueOn, String status, LocalDate answeredOn, String channel, String device,
                String connection, String since, String needs, String coreAnswers) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;

    FollowUpData(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "followup";
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<Item> items = jdbc.sql("""
                SELECT stage_code, due_on, status, answered_on, channel, device, connection, since, needs, core_answers
                FROM follow_up WHERE beneficiary_id = :id ORDER BY due_on, id""")
                .param("id", beneficiaryId).query(Item.class).list();
        return new PersonDataPart(t("personData.followup.title"), t("personData.followup.intro"), List.of(
                PersonDataPart.table(t("personData.followup.items"),
                        List.of(t("personData.followup.stage"), t("personData.followup.due"),
                                t("personData.followup.status"), t("personData.followup.answeredOn"),
                                t("personData.followup.channel"), t("personData.followup.device"),
                                t("personData.followup.connection"), t("personData.followup.since"),
                                t("personData.followup.needs"), t("personData.followup.answers")),
                        items.stream().map(i -> row(t("followUp.stage." + i.stageCode()), i.dueOn(),
                                t("followUp.status." + i.status()), i.answeredOn(),
                                i.channel() == null ? null : t("followUp.channel." + i.channel()),
                                i.device() == null ? null : t("followUp.device." + i.device()),
                                i.connection() == null ? null : t("followUp.connection." + i.connection()),
                                i.since() == null ? null : t("followUp.since." + i.since()),
                                i.needs(), i.coreAnswers())).toList(),
                        t("personData.followup.none"))));
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(fu.answered_on) FROM follow_up fu WHERE fu.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        jdbc.sql("""
                DELETE FROM follow_up_link WHERE follow_up_id IN (SELECT id FROM follow_up WHERE beneficiary_id IN (:ids))""")
                .param("ids", beneficiaryIds).update();
        jdbc.sql("""
                UPDATE follow_up SET needs = NULL, core_answers = NULL
                WHERE beneficiary_id IN (:ids) AND (needs IS NOT NULL OR core_answers IS NOT NULL)""")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
