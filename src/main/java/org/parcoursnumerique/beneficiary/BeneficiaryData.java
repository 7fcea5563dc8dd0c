package org.parcoursnumerique.beneficiary;

import static org.parcoursnumerique.shared.PersonDataPart.row;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The beneficiary module's part of the person's data: who they are, how to reach them, their
 * consents and the corrections of their identity and contact details. The person's own row is
 * anonymised by {@link PersonDataRetention}; this contributor erases the values of the corrections.
 */
@Component
class BeneficiaryData implements PersonDataContributor {

    private final BeneficiaryQueries queries;
    private final Consents consents;
    private final Corrections corrections;
    private final MessageSource messages;

    BeneficiaryData(BeneficiaryQueries queries, Consents consents, Corrections corrections, MessageSource messages) {
        this.queries = queries;
        this.consents = consents;
        this.corrections = corrections;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "beneficiary";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public PersonDataPart export(long beneficiaryId) {
        var p = queries.find(DataScope.all(), beneficiaryId).orElseThrow();
        var address = queries.address(beneficiaryId);
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put(t("personData.beneficiary.lastName"), p.lastName());
        identity.put(t("personData.beneficiary.firstName"), p.firstName());
        if (p.anonymised()) {
            identity.put(t("personData.beneficiary.ageBand"), t("ageBand." + p.ageBand()));
        } else {
            identity.put(t("personData.beneficiary.birthDate"), p.birthDate());
        }
        identity.put(t("personData.beneficiary.commune"), p.communeName() + " (" + p.communeInsee() + ")");
        identity.put(t("personData.beneficiary.territory"), p.territoryCode() + " — " + p.territoryName());
        identity.put(t("personData.beneficiary.category"), t("category." + p.eligibilityCategory()));
        if (p.aseDistrictName() != null) {
            identity.put(t("personData.beneficiary.aseDistrict"), p.aseDistrictName());
        }
        identity.put(t("personData.beneficiary.referrer"), p.referrerName());
        identity.put(t("personData.beneficiary.programme"), p.programmeName());
        identity.put(t("personData.beneficiary.status"), t("status." + p.status()));
        identity.put(t("personData.beneficiary.createdAt"), p.createdAt());
        identity.put(t("personData.beneficiary.number"), p.id());

        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put(t("personData.beneficiary.phone"), org.parcoursnumerique.shared.Contacts.formatPhone(p.phone()));
        contact.put(t("personData.beneficiary.email"), p.email());
        contact.put(t("personData.beneficiary.channel"), t("channel." + p.preferredChannel()));
        contact.put(t("personData.beneficiary.address"), address.known()
                ? String.join(", ", java.util.stream.Stream.of(address.addressLine(), address.addressComplement(),
                        address.postcode() + " " + address.city()).filter(java.util.Objects::nonNull).toList())
                : null);

        List<List<Object>> consentRows = consents.history(beneficiaryId).stream()
                .map(c -> row(t("consent." + c.purpose()) + (c.organisationName() == null ? "" : " — " + c.organisationName()),
                        c.accepted(), c.recordedAt(), c.noticeVersion()))
                .toList();
        List<List<Object>> correctionRows = corrections.history(beneficiaryId).stream()
                .map(c -> row(c.correctedAt(), t("correction.field." + c.field()), c.beforeValue(), c.afterValue(),
                        c.correctedBy(), c.correctedByOrganisation()))
                .toList();
        return new PersonDataPart(t("personData.beneficiary.title"), t("personData.beneficiary.intro"), List.of(
                PersonDataPart.facts(t("personData.beneficiary.identity"), identity),
                PersonDataPart.facts(t("personData.beneficiary.contact"), contact),
                PersonDataPart.table(t("personData.beneficiary.consents"),
                        List.of(t("personData.beneficiary.consent.purpose"), t("personData.beneficiary.consent.answer"),
                                t("personData.beneficiary.consent.when"), t("personData.beneficiary.consent.notice")),
                        consentRows, t("personData.none")),
                PersonDataPart.table(t("personData.beneficiary.corrections"),
                        List.of(t("correction.when"), t("correction.field"), t("correction.before"),
                                t("correction.after"), t("correction.by"), t("correction.organisation")),
                        correctionRows, t("personData.beneficiary.corrections.none"))));
    }

    /** Consents are answers of the person: the latest one is a contact. */
    @Override
    public Optional<String> lastContactSql() {
        return Optional.of("SELECT MAX(k.recorded_at) FROM consent k WHERE k.beneficiary_id = b.id");
    }

    @Override
    public void erase(List<Long> beneficiaryIds) {
        corrections.erase(beneficiaryIds);
    }

    private String t(String key, Object... args) {
        return PersonDataPart.text(messages, key, args);
    }
}
