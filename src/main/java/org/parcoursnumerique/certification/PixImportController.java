package org.parcoursnumerique.certification;

import java.io.IOException;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The Pix results import page, for the coordination and mediators of a territory (and the
 * programme team); the API route is {@link PixImportApiController}.
 */
@Controller
class PixImportController {

    private final PixImports imports;

    PixImportController(PixImports imports) {
        this.imports = imports;
    }

    static boolean mayImport(CurrentUser user) {
        return user.has(Role.COORDINATOR, Role.MEDIATOR, Role.PROGRAMME_MANAGER);
    }

    @GetMapping("/certification/pix-imports")
    String showImport(CurrentUser user, Model model) {
        if (!mayImport(user)) {
            throw new NotFoundException();
        }
        model.addAttribute("report", null);
        model.addAttribute("columns", String.join(" ; ", PixImports.REQUIRED));
        return "certification/pix-import";
    }

    @PostMapping("/certification/pix-imports")
    String processImport(CurrentUser user, @RequestParam(value = "file", required = false) MultipartFile file,
                         Model model) throws IOException {
        if (!mayImport(user)) {
            throw new NotFoundException();
        }
        var report = imports.run(new PixImports.Importer(user.dataScope(), user.id(), user.email(), user.organisationId()),
                file == null ? null : file.getOriginalFilename(), file == null ? null : file.getBytes());
        model.addAttribute("report", report);
        model.addAttribute("columns", String.join(" ; ", PixImports.REQUIRED));
        return "certification/pix-import";
    }
}
