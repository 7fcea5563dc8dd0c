package org.parcoursnumerique.referral;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.parcoursnumerique.diagnostic.Diagnostics;
import org.parcoursnumerique.diagnostic.PathwayPlans;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the people around a referral may learn of the person's diagnostic. Consortium staff and
 * the département see it whole; the referring prescriber sees its content only when the person
 * accepted, on the information notice, that the result is sent to them — otherwise only that it is
 * done, and when.
 */
@Component
class DiagnosticSharing {

    /** A completed diagnostic as one reader may see it; {@code summary} and {@code plan} null when not shared. */
    record Shared(OffsetDateTime completedAt, boolean detailShared, Diagnostics.Summary summary,
                  PathwayPlans.PathwayPlan plan) {
    }

    private final Diagnostics diagnostics;
    private final PathwayPlans plans;
    private final JdbcClient jdbc;

    DiagnosticSharing(Diagnostics diagnostics, PathwayPlans plans, JdbcClient jdbc) {
        this.diagnostics = diagnostics;
        this.plans = plans;
        this.jdbc = jdbc;
    }

    /**
     * For a referral already found in the reader's scope; empty before the person's first completed
     * diagnostic, and for a prescriber whose referral was not (or is no longer) accepted.
     */
    Optional<Shared> forReferral(long beneficiaryId, String referralStatus, boolean prescriberReader) {
        if (prescriberReader && !ReferralStatus.ACCEPTED.name().equals(referralStatus)) {
            return Optional.empty();
        }
        return diagnostics.summary(beneficiaryId).map(summary -> {
            boolean shared = !prescriberReader || sharingAccepted(beneficiaryId);
            return new Shared(summary.completedAt(), shared, shared ? summary : null,
                    shared ? plans.forBeneficiary(beneficiaryId).orElse(null) : null);
        });
    }

    Optional<Shared> forReferral(long beneficiaryId, String referralStatus, CurrentUser reader) {
        return forReferral(beneficiaryId, referralStatus, reader.role() == Role.PRESCRIBER);
    }

    /** The person's latest answer about sharing with the prescriber (a later answer replaces an earlier one). */
    boolean sharingAccepted(long beneficiaryId) {
        return jdbc.sql("""
                SELECT accepted FROM consent WHERE beneficiary_id = :id AND purpose = 'SHARE_WITH_PRESCRIBER'
                ORDER BY recorded_at DESC, id DESC LIMIT 1""")
                .param("id", beneficiaryId).query(Boolean.class).optional().orElse(false);
    }
}
