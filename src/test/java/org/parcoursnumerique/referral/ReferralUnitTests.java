package org.parcoursnumerique.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.shared.ConflictException;

class ReferralUnitTests {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2021-10-04T10:00:00+02:00");

    private static Referral referral(ReferralStatus status) {
        return new Referral(1, 2, 3, 4L, 5, status, null, null, null, null, 0);
    }

    @Test
    void anOpenReferralCanBeAcceptedAndEachChangeIsRecorded() {
        Referral r = referral(ReferralStatus.SUBMITTED);
        r.requestInformation("Son téléphone ?", 9, NOW);
        r.answer("06 39 98 00 00", 8, NOW);
        r.accept(10, 11, 9, NOW);
        assertThat(r.status).isEqualTo(ReferralStatus.ACCEPTED);
        assertThat(r.assignedStructureId).isEqualTo(10);
        assertThat(r.pendingTransitions()).extracting(Referral.Transition::to)
                .containsExactly(ReferralStatus.INFO_REQUESTED, ReferralStatus.SUBMITTED, ReferralStatus.ACCEPTED);
    }

    @Test
    void closedReferralsNeverChange() {
        for (ReferralStatus closed : new ReferralStatus[] {ReferralStatus.REFUSED, ReferralStatus.WITHDRAWN}) {
            Referral r = referral(closed);
            assertThatThrownBy(() -> r.accept(1, 2, 3, NOW)).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> r.withdraw(null, 3, NOW)).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> r.refuse("OTHER", null, 3, NOW)).isInstanceOf(ConflictException.class);
            assertThat(r.pendingTransitions()).isEmpty();
        }
    }

    @Test
    void onlyAnAcceptedReferralIsReassignedAndOnlyAQuestionIsAnswered() {
        assertThatThrownBy(() -> referral(ReferralStatus.SUBMITTED).reassign(1, 2, 3, NOW))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> referral(ReferralStatus.SUBMITTED).answer("x", 3, NOW))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> referral(ReferralStatus.ACCEPTED).withdraw(null, 3, NOW))
                .isInstanceOf(ConflictException.class);
        Referral accepted = referral(ReferralStatus.ACCEPTED);
        accepted.reassign(20, 21, 3, NOW);
        assertThat(accepted.assignedMediatorId).isEqualTo(21);
    }

    @Test
    void duplicateRules() {
        var known = new Beneficiaries.Known(7, "Lefèvre", "Élodie", LocalDate.of(1985, 3, 12), "0639981234",
                "elodie@example.org", 1);
        assertThat(DuplicateDetector.rule("LEFEVRE", "elodie", LocalDate.of(1985, 3, 12), null, null, known))
                .isEqualTo("NAME_BIRTH");
        // Same phone and email, other names: a family sharing a phone, not the same person.
        assertThat(DuplicateDetector.rule("Lefèvre", "Hugo", LocalDate.of(2003, 1, 1), "0639981234",
                "elodie@example.org", known)).isNull();
        // Same name and phone, a birth date that differs: a conflict.
        assertThat(DuplicateDetector.rule("Lefèvre", "Élodie", LocalDate.of(1986, 3, 12), "0639981234", null, known))
                .isNull();
        var withoutBirth = new Beneficiaries.Known(8, "Lefèvre", "Élodie", null, "0639981234", null, 1);
        assertThat(DuplicateDetector.rule("Lefevre", "Elodie", LocalDate.of(1985, 3, 12), "0639981234", null, withoutBirth))
                .isEqualTo("TWO_FIELDS");
        assertThat(DuplicateDetector.rule("Martin", "Paul", LocalDate.of(1985, 3, 12), null, null, known)).isNull();
        // Names as spoken, in either order.
        var ndiaye = new Beneficiaries.Known(9, "N'Diaye", "Éloïse", LocalDate.of(1991, 6, 15), "+33639987766", null, 1);
        assertThat(DuplicateDetector.rule("N Diaye", "eloise", LocalDate.of(1991, 6, 15), null, null, ndiaye))
                .isEqualTo("NAME_BIRTH");
        assertThat(DuplicateDetector.rule("Eloise", "Ndiaye", LocalDate.of(1991, 6, 15), null, null, ndiaye))
                .isEqualTo("NAME_BIRTH");
    }

    @Test
    void countsWorkingDaysOnly() {
        // Friday 1 October 2021 to Monday 4 October 2021: one working day (the Friday).
        assertThat(ReferralQueries.workingDaysBetween(LocalDate.of(2021, 10, 1), LocalDate.of(2021, 10, 4))).isEqualTo(1);
        assertThat(ReferralQueries.workingDaysBetween(LocalDate.of(2021, 10, 4), LocalDate.of(2021, 10, 11))).isEqualTo(5);
        assertThat(ReferralQueries.workingDaysBetween(LocalDate.of(2021, 10, 4), LocalDate.of(2021, 10, 4))).isZero();
    }
}
