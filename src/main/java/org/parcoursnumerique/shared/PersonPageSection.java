package org.parcoursnumerique.shared;

import java.util.Optional;

/**
 * A part of a person's page contributed by the module of a pathway stage (referrals, appointments,
 * diagnostic, …). The beneficiary module collects every bean of this type, so it never depends on
 * the stages that come after it; a new stage adds a section without touching it.
 */
public interface PersonPageSection {

    /** Position on the page, lower first (referral 100, appointments 200, diagnostic 300, …). */
    int order();

    /**
     * The section's HTML for a person already found in {@code user}'s scope, or empty when the
     * section has nothing to show to this user. Render it with {@link Fragments} from the module's
     * own template, so that everything stays escaped; it is inserted as is.
     */
    Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId);
}
