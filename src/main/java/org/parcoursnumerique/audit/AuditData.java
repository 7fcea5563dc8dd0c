package org.parcoursnumerique.audit;

import static org.parcoursnumerique.shared.PersonDataPart.row;

import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * "Qui a consulté mon dossier": every read and change of the person's file, by whom, of which
 * organisation, when (ADR 0019). The access log is append-only and holds no identity of the person
 * (search terms are keyed hashes), so the retention job erases nothing here; its rows are not
 * contacts with the person either.
 */
@Component
class AuditData implements PersonDataContributor {

    /** Rows exported at most (the latest): a file read daily for years stays a readable document. */
    static final int LIMIT = 5000;

    private final AuditLog audit;
    private final MessageSource messages;

    AuditData(AuditLog audit, MessageSource messages) {
        this.audit = audit;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public int order() {
        return 900;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        var entries = audit.forBeneficiary(beneficiaryId, LIMIT);
        return new PersonDataPart(t("personData.audit.title"), t("personData.audit.intro"), List.of(
                PersonDataPart.table(null, List.of(t("personData.audit.when"), t("personData.audit.who"),
                        t("personData.audit.organisation"), t("personData.audit.what")),
                        entries.stream().map(e -> row(e.occurredAt(), e.userName() != null ? e.userName() : e.userEmail(),
                                e.organisationName(), t("auditAction." + e.action()))).toList(),
                        t("personData.none"))));
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.empty();
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        // Append-only by design (and on PostgreSQL by trigger): nothing of the person's identity is in it.
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
