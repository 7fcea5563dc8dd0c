package org.parcoursnumerique.referral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds people already known who may be the person referred: same last name, first name (as
 * spoken: accents, case, apostrophes, hyphens and spaces do not matter; either order) and birth
 * date; or at least two of last name, first name, phone (E.164) and email matching with no field
 * filled on both sides that differs. In the referral's territory they become suspicions the
 * coordinator settles; in another territory they only tell the coordinator which consortium
 * already follows the person and whom to contact there, never that record's personal data.
 */
@Component
class DuplicateDetector {

    record Suspicion(long existingId, String rule) {
    }

    /**
     * Another territory's consortium follows someone who may be the person: the territory and whom to
     * contact there (its coordinating structure, and the e-mail addresses of its coordinators).
     */
    record FollowedElsewhere(String territoryCode, String territoryName, String structureName, String structurePhone,
                             List<String> coordinatorEmails) {
    }

    private final Beneficiaries beneficiaries;
    private final JdbcClient jdbc;

    DuplicateDetector(Beneficiaries beneficiaries, JdbcClient jdbc) {
        this.beneficiaries = beneficiaries;
        this.jdbc = jdbc;
    }

    List<Suspicion> find(long programmeId, ReferralRules.Checked r, long excludeId) {
        List<Suspicion> found = new ArrayList<>();
        for (var known : beneficiaries.candidates(programmeId, r.territoryId(), r.lastName(), r.firstName(), r.birthDate(), r.phone(),
                r.email())) {
            if (known.id() == excludeId) {
                continue;
            }
            String rule = rule(r.lastName(), r.firstName(), r.birthDate(), r.phone(), r.email(), known);
            if (rule != null) {
                found.add(new Suspicion(known.id(), rule));
            }
        }
        return found;
    }

    /** The other territories that already follow someone who may be this person, by territory code. */
    List<FollowedElsewhere> followedElsewhere(long beneficiaryId) {
        record Person(long programmeId, long territoryId, String lastName, String firstName, LocalDate birthDate,
                      String phone, String email) {
        }
        var person = jdbc.sql("""
                SELECT programme_id, territory_id, last_name, first_name, birth_date, phone, email
                FROM beneficiary_v WHERE id = :id""").param("id", beneficiaryId).query(Person.class).optional();
        if (person.isEmpty()) {
            return List.of();
        }
        var p = person.get();
        Set<Long> people = new TreeSet<>();
        for (var known : beneficiaries.candidatesInOtherTerritories(p.programmeId(), p.territoryId(), p.lastName(),
                p.firstName(), p.birthDate(), p.phone(), p.email())) {
            if (rule(p.lastName(), p.firstName(), p.birthDate(), p.phone(), p.email(), known) != null) {
                people.add(known.id());
            }
        }
        // Whom to contact: the coordinating (lead) structure of the consortium to which the other
        // record's referral was assigned, or else of the territory's consortium.
        Map<String, FollowedElsewhere> found = new TreeMap<>();
        for (long other : people) {
            record Contact(String code, String territoryName, Long structureId, String structureName, String phone) {
            }
            var c = jdbc.sql("""
                    SELECT t.code, t.name AS territory_name, o.id AS structure_id, o.name AS structure_name, o.phone
                    FROM beneficiary_v b
                    JOIN territory_v t ON t.id = b.territory_id
                    LEFT JOIN organisation_v o ON o.id = COALESCE(
                        (SELECT MIN(lead.id) FROM referral r
                         JOIN organisation_v s ON s.id = r.assigned_structure_id
                         JOIN organisation_v lead ON lead.consortium_id = s.consortium_id AND lead.lead_member AND lead.active
                         WHERE r.beneficiary_id = b.id),
                        (SELECT MIN(lead.id) FROM organisation_v lead
                         WHERE lead.territory_id = b.territory_id AND lead.kind = 'MEMBER_STRUCTURE' AND lead.lead_member
                           AND lead.active))
                    WHERE b.id = :other""").param("other", other).query(Contact.class).single();
            List<String> emails = c.structureId() == null ? List.of() : jdbc.sql("""
                    SELECT email FROM user_account_v
                    WHERE organisation_id = :structure AND role = 'COORDINATOR' AND active ORDER BY email""")
                    .param("structure", c.structureId()).query(String.class).list();
            found.putIfAbsent(c.code() + "/" + c.structureId(),
                    new FollowedElsewhere(c.code(), c.territoryName(), c.structureName(), c.phone(), emails));
        }
        return List.copyOf(found.values());
    }

    static String rule(String lastName, String firstName, LocalDate birthDate, String phone, String email,
                       Beneficiaries.Known known) {
        String last = Names.compact(lastName);
        String first = Names.compact(firstName);
        String knownLast = Names.compact(known.lastName());
        String knownFirst = Names.compact(known.firstName());
        if (!last.equals(knownLast) && last.equals(knownFirst) && first.equals(knownLast)) {
            // The same names typed the other way round (first name in the last name's field).
            knownLast = last;
            knownFirst = first;
        }
        if (last.equals(knownLast) && first.equals(knownFirst) && Objects.equals(birthDate, known.birthDate())) {
            return "NAME_BIRTH";
        }
        int matches = 0;
        boolean conflict = false;
        Object[][] pairs = {{last, knownLast}, {first, knownFirst}, {phone, known.phone()},
                {email, known.email() == null ? null : known.email().toLowerCase()}};
        for (Object[] pair : pairs) {
            if (isFilled(pair[0]) && isFilled(pair[1])) {
                if (pair[0].equals(pair[1])) {
                    matches++;
                } else {
                    conflict = true;
                }
            }
        }
        if (birthDate != null && known.birthDate() != null && !birthDate.equals(known.birthDate())) {
            conflict = true;
        }
        return matches >= 2 && !conflict ? "TWO_FIELDS" : null;
    }

    private static boolean isFilled(Object value) {
        return value != null && !value.toString().isBlank();
    }
}
