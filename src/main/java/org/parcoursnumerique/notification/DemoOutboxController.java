package org.parcoursnumerique.notification;

import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Demo mode only: the administrator reads the emails that would have been sent (see {@link DemoOutbox}). */
@Controller
class DemoOutboxController {

    private final DemoOutbox demoOutbox;

    DemoOutboxController(DemoOutbox demoOutbox) {
        this.demoOutbox = demoOutbox;
    }

    @GetMapping("/admin/demo-messages")
    String showDemoMessages(Model model) {
        if (!demoOutbox.enabled()) {
            throw new NotFoundException();
        }
        model.addAttribute("messages", demoOutbox.recent());
        return "notification/demo-messages";
    }
}
