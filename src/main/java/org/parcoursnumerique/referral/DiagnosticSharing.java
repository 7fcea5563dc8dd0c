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
 * done, and when. That consent is given to one organisation: it is read for the organisation that
 * sent this referral, so a record merged from another referral never lends it to someone else.
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
    Optional<Shared> forReferral(long referralId, long beneficiaryId, String referralStatus, boolean prescriberReader) {
        if (prescriberReader && !ReferralStatus.ACCEPTED.name().equals(referralStatus)) {
            return Optional.empty();
        }
        return diagnostics.summary(beneficiaryId).map(summary -> {
            boolean shared = !prescriberReader || sharingAccepted(beneficiaryId, referringOrganisation(referralId));
            return new Shared(summary.completedAt(), shared, shared ? summary : null,
                    shared ? plans.forBeneficiary(beneficiaryId).orElse(null) : null);
        });
    }

    Optional<Shared> forReferral(long referralId, long beneficiaryId, String referralStatus, CurrentUser reader) {
        return forReferral(referralId, beneficiaryId, referralStatus, reader.role() == Role.PRESCRIBER);
    }

    private long referringOrganisation(long referralId) {
        return jdbc.sql("SELECT referring_organisation_id FROM referral WHERE id = :id").param("id", referralId)
                .query(Long.class).single();
    }

    /**
     * The person's latest answer about sharing with this organisation (a later answer, a withdrawal
     * included, replaces an earlier one). A row that names no organisation was given to the
     * organisation that referred the record (rows written before organisations were recorded).
     */
    boolean sharingAccepted(long beneficiaryId, long organisationId) {
        return jdbc.sql("""
                SELECT k.accepted FROM consent_v k JOIN beneficiary_v b ON b.id = k.beneficiary_id
                WHERE k.beneficiary_id = :id AND k.purpose = 'SHARE_WITH_PRESCRIBER'
                  AND (k.organisation_id = :org OR (k.organisation_id IS NULL AND b.referring_organisation_id = :org))
                ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1""")
                .param("id", beneficiaryId).param("org", organisationId).query(Boolean.class).optional().orElse(false);
    }
}
