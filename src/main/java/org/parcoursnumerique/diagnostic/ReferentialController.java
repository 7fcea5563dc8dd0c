package org.parcoursnumerique.diagnostic;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.springframework.context.MessageSource;
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
 * Referential versions: list, readable view, JSON export, import as a draft (validated, nothing
 * stored when invalid) and publication. Platform versions belong to administrators and the
 * département; a territory's versions to its coordinators. Mediators read.
 */
@Controller
class ReferentialController {

    static final int MAX_BYTES = 1_000_000;

    /** A problem as shown on the import page: where and what, in French. */
    record ShownProblem(String path, String message) {
    }

    record ListPage(List<ReferentialStore.Version> versions, boolean canImport) {
    }

    record ShowPage(ReferentialStore.Version version, Referential referential, boolean canPublish) {

        /** A condition as compact JSON, the way it is written in the file. */
        String condition(Referential.Condition condition) {
            return ReferentialJson.compact(condition);
        }
    }

    private final ReferentialStore store;
    private final MessageSource messages;

    ReferentialController(ReferentialStore store, MessageSource messages) {
        this.store = store;
        this.messages = messages;
    }

    @GetMapping("/referentials")
    String showList(CurrentUser user, Model model) {
        model.addAttribute("page", new ListPage(store.visibleTo(user), ReferentialStore.mayImport(user)));
        return "diagnostic/referentials";
    }

    @GetMapping("/referentials/{id}")
    String showReferential(CurrentUser user, @PathVariable long id, Model model) {
        var version = store.find(id, user);
        model.addAttribute("page", new ShowPage(version, store.referential(id),
                !version.published() && ReferentialStore.manages(user, version.ownerTerritoryId())));
        return "diagnostic/referential";
    }

    @GetMapping("/referentials/{id}/export")
    ResponseEntity<byte[]> exportReferential(CurrentUser user, @PathVariable long id) {
        var version = store.find(id, user);
        byte[] body = store.content(id).getBytes(StandardCharsets.UTF_8);
        String filename = version.code() + "-v" + version.version() + ".json";
        return ResponseEntity.ok()
                .contentType(new MediaType("application", "json", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(body);
    }

    @GetMapping("/referentials/import")
    String initImportForm(CurrentUser user, Model model) {
        importersOnly(user);
        model.addAttribute("problems", List.<ShownProblem>of());
        model.addAttribute("fileError", null);
        return "diagnostic/referential-import";
    }

    @PostMapping("/referentials/import")
    String processImportForm(CurrentUser user, @RequestParam(name = "file", required = false) MultipartFile file,
                             Model model, RedirectAttributes redirect) throws IOException {
        importersOnly(user);
        String text = file == null || file.isEmpty() || file.getSize() > MAX_BYTES ? null : utf8(file.getBytes());
        if (text == null) {
            model.addAttribute("problems", List.<ShownProblem>of());
            model.addAttribute("fileError", messages.getMessage("referential.error.file", null, PageContext.LOCALE));
            return "diagnostic/referential-import";
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Long owner = user.has(org.parcoursnumerique.shared.Role.COORDINATOR) ? user.territoryId() : null;
        var imported = store.importDraft(text, owner, user.id());
        if (imported.id() == null) {
            model.addAttribute("problems", imported.problems().stream()
                    .map(p -> new ShownProblem(p.path(), messages.getMessage(p.key(), p.arguments(), PageContext.LOCALE)))
                    .toList());
            model.addAttribute("fileError", null);
            return "diagnostic/referential-import";
        }
        redirect.addFlashAttribute("flash", "referential.imported");
        return "redirect:/referentials/" + imported.id();
    }

    @PostMapping("/referentials/{id}/publish")
    String processPublication(CurrentUser user, @PathVariable long id, RedirectAttributes redirect) {
        var version = store.find(id, user);
        if (!ReferentialStore.manages(user, version.ownerTerritoryId())) {
            throw new NotFoundException();
        }
        store.publish(id);
        redirect.addFlashAttribute("flash", "referential.publishedFlash");
        return "redirect:/referentials/" + id;
    }

    private static void importersOnly(CurrentUser user) {
        if (!ReferentialStore.mayImport(user)) {
            throw new NotFoundException();
        }
    }

    /** The file's text if it is valid UTF-8; an invalid file becomes a "malformed JSON" error. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "\u0000";
        }
    }
}
