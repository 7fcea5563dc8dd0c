package org.parcoursnumerique.referral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.shared.Names;
import org.springframework.stereotype.Component;

/**
 * Finds people already known who may be the person referred: same normalised last name, first
 * name and birth date; or at least two of last name, first name, phone and email matching with no
 * field filled on both sides that differs.
 */
@Component
class DuplicateDetector {

    record Suspicion(long existingId, String rule) {
    }

    private final Beneficiaries beneficiaries;

    DuplicateDetector(Beneficiaries beneficiaries) {
        this.beneficiaries = beneficiaries;
    }

    List<Suspicion> find(long programmeId, ReferralRules.Checked r, long excludeId) {
        List<Suspicion> found = new ArrayList<>();
        for (var known : beneficiaries.candidates(programmeId, r.territoryId(), r.lastName(), r.firstName(), r.phone(),
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

    static String rule(String lastName, String firstName, LocalDate birthDate, String phone, String email,
                       Beneficiaries.Known known) {
        String last = Names.normalise(lastName);
        String first = Names.normalise(firstName);
        String knownLast = Names.normalise(known.lastName());
        String knownFirst = Names.normalise(known.firstName());
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
