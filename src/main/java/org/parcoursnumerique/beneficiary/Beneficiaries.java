package org.parcoursnumerique.beneficiary;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating and changing people's records, for the modules that bring people in (referrals, CSV,
 * API). Callers check scope and eligibility first; this service only writes.
 */
@Service
public class Beneficiaries {

    /** A person to record, with their territory already decided by the territory rules. */
    public record NewBeneficiary(long programmeId, String lastName, String firstName, LocalDate birthDate,
                                 String phone, String email, String preferredChannel, String communeInsee,
                                 String eligibilityCategory, Long aseDistrictId, long referringOrganisationId,
                                 long territoryId) {
    }

    /**
     * One answer of the person to the information notice. {@code organisationId} names the
     * organisation a sharing consent ({@code SHARE_WITH_PRESCRIBER}) is given to; null for the other
     * purposes, which concern the person only.
     */
    public record ConsentAnswer(String purpose, boolean accepted, Long organisationId) {
        public ConsentAnswer(String purpose, boolean accepted) {
            this(purpose, accepted, null);
        }
    }

    /** A person already known, as duplicate detection compares them. */
    public record Known(long id, String lastName, String firstName, LocalDate birthDate, String phone, String email,
                        long territoryId) {
    }

    /** Where a person's rows belong: copied onto the rows of later stages for scope and indicators. */
    public record Placement(long programmeId, long territoryId, long referringOrganisationId) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Corrections corrections;

    Beneficiaries(JdbcClient jdbc, Clock clock, Corrections corrections) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.corrections = corrections;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public long create(NewBeneficiary b, String noticeVersion, List<ConsentAnswer> consents, Long recordedBy) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var key = Names.searchKey(b.lastName(), b.firstName());
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO beneficiary (programme_id, last_name, first_name, full_name_norm, reverse_name_norm,
                    name_key, name_key_reverse, name_key_cut, birth_date, phone, email, preferred_channel, commune_insee, eligibility_category, ase_district_id,
                    referring_organisation_id, territory_id, status, created_at, updated_at)
                VALUES (:programme, :last, :first, :fullName, :reverseName, :key, :reverseKey, :cut, :birth, :phone, :email, :channel,
                    :commune, :category, :district, :referrer, :territory, 'REFERRED', :now, :now)""")
                .param("programme", b.programmeId()).param("last", b.lastName()).param("first", b.firstName())
                .param("fullName", Names.fullName(b.lastName(), b.firstName()))
                .param("reverseName", Names.reverseName(b.lastName(), b.firstName()))
                .param("key", key.key()).param("reverseKey", key.reverseKey()).param("cut", key.cut())
                .param("birth", b.birthDate()).param("phone", b.phone()).param("email", b.email())
                .param("channel", b.preferredChannel()).param("commune", b.communeInsee())
                .param("category", b.eligibilityCategory()).param("district", b.aseDistrictId())
                .param("referrer", b.referringOrganisationId()).param("territory", b.territoryId())
                .param("now", now));
        for (ConsentAnswer c : consents) {
            jdbc.sql("""
                    INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at, recorded_by,
                        organisation_id)
                    VALUES (:id, :purpose, :version, :accepted, :now, :by, :org)""")
                    .param("id", id).param("purpose", c.purpose()).param("version", noticeVersion)
                    .param("accepted", c.accepted()).param("now", now).param("by", recordedBy)
                    .param("org", c.organisationId()).update();
        }
        return id;
    }

    /**
     * Sets the outcome of the person's referrals before any of them is accepted (referred, refused,
     * withdrawn). From the acceptance on, the stage is derived from milestones ({@link #applyStage}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changeStatusBeforePathway(long id, BeneficiaryStatus status) {
        if (status != BeneficiaryStatus.REFERRED && status != BeneficiaryStatus.REFUSED
                && status != BeneficiaryStatus.WITHDRAWN) {
            throw new IllegalArgumentException("not an outcome before the pathway: " + status);
        }
        jdbc.sql("""
                UPDATE beneficiary SET status = :status, updated_at = :now, version = version + 1
                WHERE id = :id AND status IN ('REFERRED', 'REFUSED', 'WITHDRAWN')""")
                .param("status", status.name()).param("now", OffsetDateTime.now(clock)).param("id", id).update();
    }

    /**
     * Locks the person's row until the end of the transaction and tells where it belongs; empty when
     * the person no longer exists. Scope is the caller's business (the person was found in scope).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public java.util.Optional<Placement> lockPlacement(long id) {
        return jdbc.sql("""
                SELECT programme_id, territory_id, referring_organisation_id FROM beneficiary WHERE id = :id FOR UPDATE""")
                .param("id", id).query(Placement.class).optional();
    }

    /**
     * Writes the person's stage as the pathway module derives it from their milestones (ADR 0014);
     * {@code null} means "before the pathway": the referral's own outcome (referred, refused,
     * withdrawn) stays, a pathway stage goes back to referred. Only the pathway module calls this.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void applyStage(long id, BeneficiaryStatus stage, LocalDate diagnosedOn) {
        if (stage == null) {
            jdbc.sql("""
                    UPDATE beneficiary SET status = 'REFERRED', diagnosed_on = NULL, updated_at = :now, version = version + 1
                    WHERE id = :id AND status NOT IN ('REFERRED', 'REFUSED', 'WITHDRAWN')""")
                    .param("now", OffsetDateTime.now(clock)).param("id", id).update();
            return;
        }
        jdbc.sql("""
                UPDATE beneficiary SET status = :status, diagnosed_on = :diagnosedOn, updated_at = :now, version = version + 1
                WHERE id = :id""")
                .param("status", stage.name()).param("diagnosedOn", diagnosedOn)
                .param("now", OffsetDateTime.now(clock)).param("id", id).update();
    }

    /**
     * Locks the person's row until the end of the transaction (merges, and whatever must not run
     * at the same time on the same person); false when the row no longer exists.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean lock(long id) {
        return jdbc.sql("SELECT id FROM beneficiary WHERE id = :id FOR UPDATE").param("id", id)
                .query(Long.class).optional().isPresent();
    }

    /**
     * People of the programme and territory who might be the same person (same name as spoken, in
     * either order, same phone or same email). Limited to the territory so that coordinators are
     * never shown people of another. Names are compared by their search key ({@code Names.searchKey}:
     * "N'Diaye" = "Ndiaye"), phones in E.164 and emails normalised ({@code Contacts}), as every writer
     * stores them, so that PostgreSQL combines the name, phone and email indexes instead of reading
     * every person of the territory for each referral (a CSV import of n rows was O(n²)). People
     * whose recorded birth date differs from {@code birthDate} (when given) are left out: they can
     * never be the same person, and with a million people a common name or a shared phone would
     * otherwise fill the 50 candidates with them.
     */
    public List<Known> candidates(long programmeId, long territoryId, String lastName, String firstName,
                                  LocalDate birthDate, String phone, String email) {
        return candidates("territory_id = :territory", programmeId, territoryId, lastName, firstName, birthDate, phone,
                email);
    }

    /**
     * The same search in the other territories of the programme, among the people still followed there
     * (not refused, not withdrawn). For the notice "already followed in another territory": callers must
     * not show these records' personal data, only which territory follows them.
     */
    public List<Known> candidatesInOtherTerritories(long programmeId, long territoryId, String lastName,
                                                    String firstName, LocalDate birthDate, String phone, String email) {
        return candidates("territory_id <> :territory AND status NOT IN ('REFUSED', 'WITHDRAWN')", programmeId,
                territoryId, lastName, firstName, birthDate, phone, email);
    }

    private List<Known> candidates(String territoryPredicate, long programmeId, long territoryId, String lastName,
                                   String firstName, LocalDate birthDate, String phone, String email) {
        var key = Names.searchKey(lastName, firstName);
        String birth = birthDate == null ? "" : " AND (birth_date IS NULL OR birth_date = :birth)";
        return jdbc.sql("""
                SELECT id, last_name, first_name, birth_date, phone, email, territory_id FROM beneficiary
                WHERE programme_id = :programme AND %s
                  AND (name_key = :key OR name_key = :reverseKey OR phone = :phone OR email = :email)%s
                ORDER BY id LIMIT 50""".formatted(territoryPredicate, birth))
                .param("programme", programmeId).param("territory", territoryId).param("birth", birthDate)
                .param("key", key.key()).param("reverseKey", key.reverseKey())
                .param("phone", phone == null ? "-" : phone)
                .param("email", email == null ? "-" : email.toLowerCase())
                .query(Known.class).list();
    }

    /**
     * Folds a record created by mistake into the person already known: consents move over, then
     * the duplicate row goes. Audit rows keep the old number, which stays searchable. A sharing
     * consent keeps the organisation it was given to (written down first where a row left it
     * implicit), so it never extends to the kept record's own referrer. Contact details the kept
     * record lacks are taken from the duplicate. The caller holds both rows locked.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void mergeInto(long duplicateId, long keptId) {
        jdbc.sql("""
                UPDATE consent SET organisation_id =
                    (SELECT b.referring_organisation_id FROM beneficiary b WHERE b.id = consent.beneficiary_id)
                WHERE beneficiary_id = :dup AND purpose = 'SHARE_WITH_PRESCRIBER' AND organisation_id IS NULL""")
                .param("dup", duplicateId).update();
        jdbc.sql("""
                UPDATE beneficiary SET
                    phone = COALESCE(phone, (SELECT d.phone FROM beneficiary d WHERE d.id = :dup)),
                    email = COALESCE(email, (SELECT d.email FROM beneficiary d WHERE d.id = :dup)),
                    updated_at = :now, version = version + 1
                WHERE id = :kept""")
                .param("dup", duplicateId).param("kept", keptId).param("now", OffsetDateTime.now(clock)).update();
        jdbc.sql("UPDATE consent SET beneficiary_id = :kept WHERE beneficiary_id = :dup")
                .param("kept", keptId).param("dup", duplicateId).update();
        try {
            jdbc.sql("DELETE FROM beneficiary WHERE id = :dup").param("dup", duplicateId).update();
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            // Later stages (appointments, diagnostic…) already hang on the record: the merge is
            // refused and the whole transaction rolls back, rather than moving rows it does not know.
            throw new org.parcoursnumerique.shared.ConflictException("beneficiary.merge.pathwayStarted");
        }
    }

    /**
     * Corrects the person's name and birth date (the referring prescriber's typing mistake, before
     * the referral is accepted), with the same normalised search keys as {@link #create}. Each
     * changed field is kept in the correction history (before, after, who, when: ADR 0019).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void correctIdentity(long id, String lastName, String firstName, LocalDate birthDate, Long correctedBy) {
        var before = jdbc.sql("SELECT last_name, first_name, birth_date FROM beneficiary WHERE id = :id FOR UPDATE")
                .param("id", id).query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2),
                        rs.getObject(3, LocalDate.class)}).single();
        var key = Names.searchKey(lastName, firstName);
        jdbc.sql("""
                UPDATE beneficiary SET last_name = :last, first_name = :first, full_name_norm = :fullName,
                       reverse_name_norm = :reverseName, name_key = :key, name_key_reverse = :reverseKey,
                       name_key_cut = :cut, birth_date = :birth, updated_at = :now, version = version + 1
                WHERE id = :id""")
                .param("last", lastName).param("first", firstName)
                .param("fullName", Names.fullName(lastName, firstName))
                .param("reverseName", Names.reverseName(lastName, firstName))
                .param("key", key.key()).param("reverseKey", key.reverseKey()).param("cut", key.cut())
                .param("birth", birthDate).param("now", OffsetDateTime.now(clock)).param("id", id).update();
        var origin = Corrections.Origin.REFERRAL_IDENTITY;
        corrections.record(id, Corrections.Field.LAST_NAME, before[0], lastName, origin, correctedBy);
        corrections.record(id, Corrections.Field.FIRST_NAME, before[1], firstName, origin, correctedBy);
        corrections.record(id, Corrections.Field.BIRTH_DATE, before[2], birthDate, origin, correctedBy);
    }
}
