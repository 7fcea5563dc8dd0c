package org.parcoursnumerique.certification;

import static org.parcoursnumerique.shared.PersonDataPart.row;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The certifications' part of the person's data: registrations, results, competences. The erasure
 * removes the note, the verification code (it opens the certificate on the certifier's site) and the
 * uploaded certificate; the kind, dates, status, score and level stay: the indicators count them.
 */
@Component
class CertificationData implements PersonDataContributor {

    record Item(long id, String kindName, String centreName, LocalDate sessionDate, String funding, long costCents,
                String status, LocalDate resultOn, Integer score, Integer level, String verificationCode, String note,
                String certificateName) {
    }

    record Competence(long registrationId, String label, Integer level, Boolean acquired) {
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;

    CertificationData(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "certification";
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        List<Item> items = jdbc.sql("""
                SELECT r.id, k.name AS kind_name, o.name AS centre_name, r.session_date, r.funding, r.cost_cents, r.status,
                       r.result_on, r.score, r.level, r.verification_code, r.note, r.certificate_name
                FROM certification_registration r JOIN certification_kind k ON k.code = r.kind_code
                LEFT JOIN organisation_v o ON o.id = r.centre_id
                WHERE r.beneficiary_id = :id ORDER BY r.session_date, r.id""")
                .param("id", beneficiaryId).query(Item.class).list();
        List<Competence> competences = jdbc.sql("""
                SELECT c.registration_id, cc.label, c.level, c.acquired
                FROM certification_competence_result c
                JOIN certification_registration r ON r.id = c.registration_id
                JOIN certification_competence cc ON cc.kind_code = r.kind_code AND cc.code = c.competence_code
                WHERE r.beneficiary_id = :id ORDER BY c.registration_id, cc.position""")
                .param("id", beneficiaryId).query(Competence.class).list();
        var blocks = new ArrayList<PersonDataPart.Block>();
        blocks.add(PersonDataPart.table(t("personData.certification.registrations"),
                List.of(t("personData.certification.kind"), t("personData.certification.centre"),
                        t("personData.certification.session"), t("personData.certification.funding"),
                        t("personData.certification.cost"), t("personData.certification.status"),
                        t("personData.certification.resultOn"), t("personData.certification.score"),
                        t("personData.certification.level"), t("personData.certification.code"),
                        t("personData.certification.note"), t("personData.certification.certificate")),
                items.stream().map(i -> row(i.kindName(), i.centreName(), i.sessionDate(),
                        t("certification.funding." + i.funding()), i.costCents() / 100.0,
                        t("certification.status." + i.status()), i.resultOn(), i.score(), i.level(),
                        i.verificationCode(), i.note(), i.certificateName())).toList(),
                t("personData.certification.none")));
        if (!competences.isEmpty()) {
            blocks.add(PersonDataPart.table(t("personData.certification.competences"),
                    List.of(t("personData.certification.registration"), t("personData.certification.competence"),
                            t("personData.certification.result")),
                    competences.stream().map(c -> row(c.registrationId(), c.label(),
                            c.level() != null ? t("certification.competence.level", c.level())
                                    : Boolean.TRUE.equals(c.acquired()) ? t("certification.competence.acquired")
                                    : t("certification.competence.notAcquired"))).toList(),
                    t("personData.none")));
        }
        return new PersonDataPart(t("personData.certification.title"), t("personData.certification.intro"), blocks);
    }

    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(COALESCE(cr.result_on, cr.session_date)) FROM certification_registration cr "
                + "WHERE cr.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        jdbc.sql("""
                UPDATE certification_registration SET note = NULL, verification_code = NULL, certificate = NULL,
                       certificate_name = NULL, certificate_size = NULL
                WHERE beneficiary_id IN (:ids)
                  AND (note IS NOT NULL OR verification_code IS NOT NULL OR certificate_name IS NOT NULL)""")
                .param("ids", beneficiaryIds).update();
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
