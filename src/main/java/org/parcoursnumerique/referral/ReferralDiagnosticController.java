package org.parcoursnumerique.referral;

import java.util.HashMap;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PdfDocuments;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The diagnostic's summary as the referral's readers see it — above all the referring prescriber,
 * who gets a page and an accessible PDF, with only what the person's consent allows.
 */
@Controller
class ReferralDiagnosticController {

    private final ReferralQueries queries;
    private final DiagnosticSharing sharing;
    private final Fragments fragments;
    private final PdfDocuments pdf;
    private final AuditLog audit;
    private final org.parcoursnumerique.organisation.Organisations organisations;

    ReferralDiagnosticController(ReferralQueries queries, DiagnosticSharing sharing, Fragments fragments,
                                 PdfDocuments pdf, AuditLog audit,
                                 org.parcoursnumerique.organisation.Organisations organisations) {
        this.organisations = organisations;
        this.queries = queries;
        this.sharing = sharing;
        this.fragments = fragments;
        this.pdf = pdf;
        this.audit = audit;
    }

    @GetMapping("/referrals/{id}/diagnostic")
    String showDiagnosticSummary(CurrentUser user, @PathVariable long id, Model model) {
        var referral = queries.find(user.dataScope(), id).orElseThrow(NotFoundException::new);
        var shared = sharing.forReferral(id, referral.beneficiaryId(), referral.status(), user).orElse(null);
        audit.record(user, referral.beneficiaryId(), AuditAction.READ, "diagnostic summary of referral " + id
                + (shared == null ? " (none yet)" : shared.detailShared() ? "" : " (date only: not shared)"));
        model.addAttribute("referral", referral);
        model.addAttribute("shared", shared);
        model.addAttribute("contact", contact(id, shared));
        return "referral/diagnostic";
    }

    /**
     * Whom the prescriber contacts about the person: the structure of the mediator who did the
     * diagnostic (a consortium's coordinator stands for its coordinating structure), else the
     * structure the referral was assigned to. Null when the reader is not shown the result.
     */
    private org.parcoursnumerique.organisation.Organisations.Contact contact(long referralId, DiagnosticSharing.Shared shared) {
        if (shared == null || !shared.detailShared()) {
            return null;
        }
        Long organisation = shared.summary().mediatorOrganisationId();
        if (organisation == null) {
            organisation = queries.assignedStructure(referralId).orElse(null);
        }
        return organisation == null ? null : organisations.accompanyingContact(organisation).orElse(null);
    }

    @GetMapping("/referrals/{id}/diagnostic.pdf")
    ResponseEntity<byte[]> downloadDiagnosticSummary(CurrentUser user, @PathVariable long id,
                                                     @ModelAttribute("ctx") PageContext ctx) {
        var referral = queries.find(user.dataScope(), id).orElseThrow(NotFoundException::new);
        var shared = sharing.forReferral(id, referral.beneficiaryId(), referral.status(), user)
                .filter(DiagnosticSharing.Shared::detailShared).orElseThrow(NotFoundException::new);
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("referral", referral);
        params.put("shared", shared);
        params.put("contact", contact(id, shared));
        byte[] document = pdf.render(fragments.render("referral/diagnostic-pdf", params));
        audit.record(user, referral.beneficiaryId(), AuditAction.READ, "diagnostic summary PDF of referral " + id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("diagnostic-orientation-" + id + ".pdf").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(document);
    }
}
