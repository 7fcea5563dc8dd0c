package org.parcoursnumerique.referral;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The referring prescriber corrects the name or birth date of the person they referred, while the
 * referral waits for the consortium (sent, or information requested). Once it is accepted the
 * record is the consortium's: people were convened under that name, duplicates were settled, a
 * diagnostic may hang on it, so a change then goes through the structure that accompanies the
 * person. Duplicate detection follows the correction: this referral's open suspicions are
 * recomputed, and other referrals' open suspicions about this person that no longer hold are dropped.
 */
@Service
class ReferralIdentity {

    /** Statuses in which the prescriber may still correct the identity. */
    static final List<String> CORRECTABLE = List.of(ReferralStatus.SUBMITTED.name(), ReferralStatus.INFO_REQUESTED.name());

    private final JdbcClient jdbc;
    private final DuplicateDetector duplicates;
    private final Beneficiaries beneficiaries;
    private final AuditLog audit;
    private final Clock clock;

    ReferralIdentity(JdbcClient jdbc, DuplicateDetector duplicates, Beneficiaries beneficiaries, AuditLog audit,
                     Clock clock) {
        this.jdbc = jdbc;
        this.duplicates = duplicates;
        this.beneficiaries = beneficiaries;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Corrects the identity, or returns its problems (nothing stored). 404 outside the prescriber's
     * scope (audited), 409 once the referral is no longer waiting.
     */
    @Transactional
    List<ReferralProblem> correct(CurrentUser user, long referralId, String lastName, String firstName,
                                  LocalDate birthDate) {
        if (user.role() != Role.PRESCRIBER) {
            throw new NotFoundException();
        }
        var scope = user.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", referralId);
        // Locking the referral serialises the correction with the coordinator's acceptance.
        var referral = jdbc.sql("""
                SELECT r.status, r.beneficiary_id, r.programme_id, r.territory_id FROM referral r
                WHERE r.id = :id AND %s FOR UPDATE""".formatted(scope.predicate("r")))
                .params(params).query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                .optional().orElse(null);
        if (referral == null) {
            Long person = jdbc.sql("SELECT beneficiary_id FROM referral WHERE id = :id").param("id", referralId)
                    .query(Long.class).optional().orElse(null);
            if (person != null) {
                audit.recordDenied(user, person);
            }
            throw new NotFoundException();
        }
        if (!CORRECTABLE.contains((String) referral[0])) {
            throw new ConflictException("referral.identity.locked");
        }
        long beneficiaryId = (Long) referral[1];
        long programmeId = (Long) referral[2];
        long territoryId = (Long) referral[3];
        var person = jdbc.sql("""
                SELECT last_name, first_name, birth_date, eligibility_category, phone, email FROM beneficiary_v WHERE id = :id""")
                .param("id", beneficiaryId).query().singleRow();
        var identity = ReferralRules.identity(lastName, firstName, birthDate, (String) person.get("eligibility_category"),
                LocalDate.now(clock));
        if (!identity.problems().isEmpty()) {
            return identity.problems();
        }
        LocalDate before = person.get("birth_date") instanceof java.sql.Date d ? d.toLocalDate()
                : (LocalDate) person.get("birth_date");
        List<String> changed = new ArrayList<>();
        if (!identity.lastName().equals(person.get("last_name"))) {
            changed.add("last name");
        }
        if (!identity.firstName().equals(person.get("first_name"))) {
            changed.add("first name");
        }
        if (!Objects.equals(identity.birthDate(), before)) {
            changed.add("birth date");
        }
        if (changed.isEmpty()) {
            return List.of(new ReferralProblem("lastName", "referral.identity.unchanged"));
        }
        beneficiaries.correctIdentity(beneficiaryId, identity.lastName(), identity.firstName(), identity.birthDate(),
                user.id());
        // Which fields, for the person's timeline; never the values.
        jdbc.sql("""
                INSERT INTO referral_identity_correction (referral_id, corrected_at, corrected_by, fields)
                VALUES (:referral, :at, :by, :fields)""")
                .param("referral", referralId).param("at", java.time.OffsetDateTime.now(clock)).param("by", user.id())
                .param("fields", String.join(",", changed.stream().map(f -> f.toUpperCase(java.util.Locale.ROOT)
                        .replace(' ', '_')).toList()))
                .update();

        String phone = (String) person.get("phone");
        String email = (String) person.get("email");
        jdbc.sql("DELETE FROM duplicate_suspicion WHERE referral_id = :r AND status = 'OPEN'").param("r", referralId).update();
        var checked = new ReferralRules.Checked(identity.lastName(), identity.firstName(), identity.birthDate(), null, null,
                null, null, territoryId, phone, email, null, null, false, false);
        for (var s : duplicates.find(programmeId, checked, beneficiaryId)) {
            jdbc.sql("INSERT INTO duplicate_suspicion (referral_id, existing_id, rule) VALUES (:r, :e, :rule)")
                    .param("r", referralId).param("e", s.existingId()).param("rule", s.rule()).update();
        }
        var known = new Beneficiaries.Known(beneficiaryId, identity.lastName(), identity.firstName(), identity.birthDate(),
                phone, email, territoryId);
        // Other referrals that suspected this person under the old name: keep only what still holds.
        jdbc.sql("""
                SELECT d.id, b.last_name, b.first_name, b.birth_date, b.phone, b.email
                FROM duplicate_suspicion d JOIN referral r ON r.id = d.referral_id JOIN beneficiary_v b ON b.id = r.beneficiary_id
                WHERE d.existing_id = :person AND d.status = 'OPEN'""")
                .param("person", beneficiaryId)
                .query((rs, n) -> DuplicateDetector.rule(rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6), known) == null ? rs.getLong(1) : null)
                .list().stream().filter(Objects::nonNull)
                .forEach(id -> jdbc.sql("DELETE FROM duplicate_suspicion WHERE id = :id").param("id", id).update());
        audit.record(user, beneficiaryId, AuditAction.CHANGE,
                "referral " + referralId + " identity corrected by the prescriber: " + String.join(", ", changed));
        return List.of();
    }
}
