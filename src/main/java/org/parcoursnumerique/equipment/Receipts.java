package org.parcoursnumerique.equipment;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PdfDocuments;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The handover receipt ("attestation de remise"), a tagged PDF from {@code equipment/receipt.jte}
 * through {@link PdfDocuments}: the device's identifiers, the accessories, the contribution, the
 * warranty and how to ask for a repair, the structure's contact, and the signature (the drawn image,
 * or "signé sur papier"). The caller has found the handover and the person in scope and audited it.
 */
@Component
class Receipts {

    record PersonName(String lastName, String firstName) {
    }

    private final Stock stock;
    private final Handovers handovers;
    private final Organisations organisations;
    private final Fragments fragments;
    private final PdfDocuments pdf;
    private final JdbcClient jdbc;

    Receipts(Stock stock, Handovers handovers, Organisations organisations, Fragments fragments, PdfDocuments pdf,
             JdbcClient jdbc) {
        this.stock = stock;
        this.handovers = handovers;
        this.organisations = organisations;
        this.fragments = fragments;
        this.pdf = pdf;
        this.jdbc = jdbc;
    }

    byte[] render(PageContext ctx, Handovers.Handover h) {
        // The person's name for their own receipt: the handover was found in the caller's scope.
        PersonName name = jdbc.sql("SELECT last_name, first_name FROM beneficiary_v WHERE id = :id")
                .param("id", h.personId()).query(PersonName.class).single();
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("handover", h);
        params.put("personName", name.firstName() + " " + name.lastName());
        params.put("device", stock.get(TerritoryScope.all(), h.deviceId()));
        params.put("contact", organisations.accompanyingContact(h.structureId()).orElse(null));
        byte[] png = "DRAWN".equals(h.signatureKind()) ? handovers.signaturePng(h.id()) : null;
        params.put("signature", png == null ? null : "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
        return pdf.render(fragments.render("equipment/receipt", params));
    }
}
