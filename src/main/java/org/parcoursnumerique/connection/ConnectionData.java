package org.parcoursnumerique.connection;

import static org.parcoursnumerique.shared.PersonDataPart.row;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The connection module's part of a person's data: their lines (offer, operator, SIM or contract,
 * number, activation), the periods paid and the checks. Erasure removes the SIM's ICCID, the
 * contract reference, the phone number and the reasons typed when cancelling a period; offers, dates
 * and amounts stay (what connection cost, the milestones).
 */
@Component
class ConnectionData implements PersonDataContributor {

    private final JdbcClient jdbc;
    private final ConnectionQueries queries;
    private final MessageSource messages;

    ConnectionData(JdbcClient jdbc, ConnectionQueries queries, MessageSource messages) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "connection";
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<List<Object>> lines = new ArrayList<>();
        List<List<Object>> periods = new ArrayList<>();
        List<List<Object>> checks = new ArrayList<>();
        for (var l : queries.linesOf(beneficiaryId)) {
            lines.add(row(l.id(), l.offerName(), t("connection.offerKind." + l.offerKind().name()), l.operator(),
                    l.iccid(), l.contractReference(), Contacts.formatPhone(l.phone()), l.activationDate()));
            for (var p : queries.periods(l.id())) {
                periods.add(row(l.id(), p.start(), p.end(), p.amountCents() / 100.0,
                        t("connection.paidBy." + p.paidBy().name()), p.cancelledAt(), p.cancelReason()));
            }
            for (var c : queries.checks(l.id())) {
                checks.add(row(l.id(), c.lapsedOn(), c.checkedOn(), t("connection.checkOutcome." + c.outcome().name())));
            }
        }
        return new PersonDataPart(t("personData.connection.title"), t("personData.connection.intro"), List.of(
                PersonDataPart.table(t("personData.connection.lines"), List.of(t("personData.connection.number"),
                        t("connection.line.offer"), t("connection.offer.kind"), t("connection.line.operator"),
                        t("connection.line.iccid"), t("connection.line.reference"), t("connection.line.phone"),
                        t("connection.line.activation")), lines, t("personData.none")),
                PersonDataPart.table(t("personData.connection.periods"), List.of(t("personData.connection.number"),
                        t("connection.period.from"), t("connection.period.to"), t("personData.connection.amount"),
                        t("connection.period.paidBy"), t("personData.connection.cancelledAt"),
                        t("connection.period.cancelReason")), periods, t("personData.none")),
                PersonDataPart.table(t("personData.connection.checks"), List.of(t("personData.connection.number"),
                        t("personData.connection.lapsedOn"), t("connection.check.date"),
                        t("personData.connection.outcome")), checks, t("personData.none"))));
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(l.last_contact_at) FROM connection_line l WHERE l.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        jdbc.sql("""
                UPDATE connection_line SET iccid = NULL, contract_reference = NULL, phone = NULL
                WHERE beneficiary_id IN (:ids)
                  AND (iccid IS NOT NULL OR contract_reference IS NOT NULL OR phone IS NOT NULL)""")
                .param("ids", beneficiaryIds).update();
        jdbc.sql("""
                UPDATE connection_period SET cancel_reason = NULL
                WHERE cancel_reason IS NOT NULL
                  AND line_id IN (SELECT l.id FROM connection_line l WHERE l.beneficiary_id IN (:ids))""")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
