package org.parcoursnumerique.certification;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A person's certifications: the registration form (from the person's page), the registration's
 * page with its result form, the certificate upload and download, the cancellation.
 */
@Controller
class CertificationController {

    private final Certifications certifications;
    private final CertificationKinds kinds;
    private final PersonInScope people;
    private final Organisations organisations;

    CertificationController(Certifications certifications, CertificationKinds kinds, PersonInScope people,
                            Organisations organisations) {
        this.certifications = certifications;
        this.kinds = kinds;
        this.people = people;
        this.organisations = organisations;
    }

    @GetMapping("/beneficiaries/{id}/certifications/new")
    String initRegistrationForm(CurrentUser user, @PathVariable long id, Model model) {
        if (!Certifications.mayRecord(user)) {
            throw new NotFoundException();
        }
        var person = people.read(user, id, "certification registration form");
        model.addAttribute("personId", id);
        model.addAttribute("personName", person.lastName() + " " + person.firstName());
        model.addAttribute("kinds", kinds.active());
        model.addAttribute("centres", certifications.centres(person.territoryId()));
        model.addAttribute("fundings", List.of(Certifications.Funding.values()));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new Certifications.RegistrationRequest(CertificationKinds.PIX, null,
                    certifications.today().toString(), null, ""));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "certification/new";
    }

    @PostMapping("/beneficiaries/{id}/certifications")
    String processRegistrationForm(CurrentUser user, @PathVariable long id,
                                   @RequestParam(required = false) String kind, @RequestParam(required = false) String centre,
                                   @RequestParam(required = false) String sessionDate,
                                   @RequestParam(required = false) String funding, @RequestParam(required = false) String cost,
                                   RedirectAttributes redirect) {
        if (!Certifications.mayRecord(user)) {
            throw new NotFoundException();
        }
        var person = people.reach(user, id);
        var request = new Certifications.RegistrationRequest(cut(kind), cut(centre), cut(sessionDate), cut(funding), cut(cost));
        Map<String, String> errors = certifications.check(person.territoryId(), request);
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("form", request);
            redirect.addFlashAttribute("errors", errors);
            return "redirect:/beneficiaries/" + id + "/certifications/new";
        }
        long registration = certifications.register(user, id, request);
        Flash.success(redirect, "certification.registered");
        return "redirect:/certifications/" + registration;
    }

    @GetMapping("/certifications/{id}")
    String showRegistration(CurrentUser user, @PathVariable long id, Model model) {
        var reg = certifications.find(user, id);
        var person = people.read(user, reg.beneficiaryId(), "certification " + id);
        var kind = kinds.find(reg.kindCode()).orElseThrow();
        model.addAttribute("reg", reg);
        model.addAttribute("kind", kind);
        model.addAttribute("personName", person.lastName() + " " + person.firstName());
        model.addAttribute("centreName", reg.centreId() == null ? null
                : organisations.names(List.of(reg.centreId())).get(reg.centreId()));
        model.addAttribute("results", certifications.competenceResults(id));
        model.addAttribute("mayRecord", Certifications.mayRecord(user));
        if (!model.containsAttribute("form")) {
            Map<String, String> competences = new HashMap<>();
            certifications.competenceResults(id).forEach(c -> competences.put(c.competenceCode(),
                    c.level() != null ? String.valueOf(c.level()) : c.acquired() == null ? "" : c.acquired() ? "YES" : "NO"));
            model.addAttribute("form", new Certifications.ResultRequest(
                    reg.status() == CertificationStatus.PASSED || reg.status() == CertificationStatus.FAILED
                            ? reg.status().name() : null,
                    reg.score() == null ? "" : String.valueOf(reg.score()),
                    reg.resultOn() == null ? certifications.today().toString() : reg.resultOn().toString(),
                    reg.verificationCode(), reg.note(), competences));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "certification/show";
    }

    @PostMapping("/certifications/{id}/result")
    String processResultForm(CurrentUser user, @PathVariable long id, @RequestParam Map<String, String> params,
                             RedirectAttributes redirect) {
        var reg = certifications.find(user, id);
        if (!Certifications.mayRecord(user)) {
            throw new NotFoundException();
        }
        Map<String, String> competences = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("c_") && k.length() < 30) {
                competences.put(k.substring(2), cut(v));
            }
        });
        var request = new Certifications.ResultRequest(cut(params.get("outcome")), cut(params.get("score")),
                cut(params.get("resultOn")), cut(params.get("verificationCode")), cut(params.get("note")), competences);
        Map<String, String> errors = certifications.check(reg, request);
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("form", request);
            redirect.addFlashAttribute("errors", errors);
            return "redirect:/certifications/" + id;
        }
        try {
            certifications.recordResult(user, id, version(params.get("version")), request);
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/certifications/" + id;
        }
        Flash.success(redirect, "certification.resultRecorded");
        return "redirect:/certifications/" + id;
    }

    @PostMapping("/certifications/{id}/cancel")
    String processCancel(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String version,
                         RedirectAttributes redirect) {
        certifications.find(user, id);
        try {
            certifications.cancel(user, id, version(version));
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/certifications/" + id;
        }
        Flash.success(redirect, "certification.cancelled");
        return "redirect:/certifications/" + id;
    }

    @PostMapping("/certifications/{id}/certificate")
    String processCertificate(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String version,
                              @RequestParam(value = "file", required = false) MultipartFile file,
                              RedirectAttributes redirect) throws IOException {
        certifications.find(user, id);
        try {
            certifications.attachCertificate(user, id, version(version), file == null ? null : file.getOriginalFilename(),
                    file == null ? null : file.getBytes());
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/certifications/" + id;
        }
        Flash.success(redirect, "certification.certificate.uploaded");
        return "redirect:/certifications/" + id;
    }

    @GetMapping("/certifications/{id}/certificate.pdf")
    ResponseEntity<byte[]> downloadCertificate(CurrentUser user, @PathVariable long id) {
        byte[] pdf = certifications.certificate(user, id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("attestation-certification-" + id + ".pdf").build().toString())
                .body(pdf);
    }

    private static int version(String text) {
        Integer v = Certifications.parseInt(text);
        if (v == null) {
            throw new ConflictException("certification.stale");
        }
        return v;
    }

    private static String cut(String value) {
        return value == null ? null : value.length() > 600 ? value.substring(0, 600) : value;
    }
}
