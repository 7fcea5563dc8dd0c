package org.parcoursnumerique.referral;

import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The information notice given to the person before a referral, one page per version, printable
 * and in plain French. Public: it holds no personal data and the person may read it at home.
 */
@Controller
class NoticeController {

    private final JdbcClient jdbc;

    NoticeController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/information-notice")
    String showCurrentNotice(Model model) {
        return showNotice(Referrals.NOTICE_VERSION, model);
    }

    @GetMapping("/information-notice/{version}")
    String showNotice(@PathVariable String version, Model model) {
        var publishedOn = jdbc.sql("SELECT published_on FROM information_notice WHERE version = :v")
                .param("v", version).query(java.time.LocalDate.class).optional().orElseThrow(NotFoundException::new);
        model.addAttribute("version", version);
        model.addAttribute("publishedOn", publishedOn);
        // One template per version: a published notice never changes.
        return "referral/notice-" + version;
    }
}
