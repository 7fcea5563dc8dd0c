package org.parcoursnumerique.certification;

import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonPageSection;
import org.springframework.stereotype.Component;

/** The person's certifications on their page, with the link to register them (mediators, coordinators). */
@Component
class CertificationSection implements PersonPageSection {

    private final Certifications certifications;
    private final CertificationKinds kinds;
    private final Fragments fragments;

    CertificationSection(Certifications certifications, CertificationKinds kinds, Fragments fragments) {
        this.certifications = certifications;
        this.kinds = kinds;
        this.fragments = fragments;
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public Optional<String> render(PageContext ctx, CurrentUser user, long beneficiaryId) {
        if (!Certifications.mayRead(user)) {
            return Optional.empty();
        }
        Map<String, String> names = new java.util.HashMap<>();
        kinds.all().forEach(k -> names.put(k.code(), k.name()));
        return Optional.of(fragments.render("certification/section", Map.of("ctx", ctx, "personId", beneficiaryId,
                "registrations", certifications.of(beneficiaryId), "kindNames", names,
                "mayRecord", Certifications.mayRecord(user))));
    }
}
