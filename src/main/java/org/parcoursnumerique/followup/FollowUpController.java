package org.parcoursnumerique.followup;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The staff's follow-up pages: the follow-ups overdue and "à appeler" (mine or my territory's), one
 * follow-up answered on the phone by the mediator, and the person's link sent again.
 */
@Controller
class FollowUpController {

    static final int LIST_LIMIT = 200;

    record Overdue(long id, long beneficiaryId, String lastName, String firstName, String stageCode, LocalDate dueOn,
                   OffsetDateTime invitedAt, OffsetDateTime remindedAt, OffsetDateTime toCallAt, String mediatorName) {
    }

    private final FollowUps followUps;
    private final FollowUpsView view;
    private final FollowUpMessages messages;
    private final PersonInScope people;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final java.time.Clock clock;

    FollowUpController(FollowUps followUps, FollowUpsView view, FollowUpMessages messages, PersonInScope people,
                       AuditLog audit, JdbcClient jdbc, TransactionTemplate tx, java.time.Clock clock) {
        this.clock = clock;
        this.followUps = followUps;
        this.view = view;
        this.messages = messages;
        this.people = people;
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    static boolean mayRead(CurrentUser user) {
        return user.has(Role.MEDIATOR, Role.COORDINATOR, Role.PROGRAMME_MANAGER);
    }

    @GetMapping("/follow-ups")
    String showOverdue(CurrentUser user, @RequestParam(required = false) String who, Model model) {
        if (!mayRead(user)) {
            throw new NotFoundException();
        }
        boolean mine = "mine".equals(who);
        var scope = user.dataScope();
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("today", followUps.today());
        params.put("me", user.id());
        params.put("limit", LIST_LIMIT);
        List<Overdue> rows = jdbc.sql("""
                SELECT f.id, f.beneficiary_id, b.last_name, b.first_name, f.stage_code, f.due_on, f.invited_at,
                       f.reminded_at, f.to_call_at, u.display_name AS mediator_name
                FROM follow_up f JOIN beneficiary_v b ON b.id = f.beneficiary_id
                LEFT JOIN user_account_v u ON u.id = f.mediator_id
                WHERE f.status = 'PENDING' AND f.due_on < :today AND %s%s
                ORDER BY CASE WHEN f.to_call_at IS NULL THEN 1 ELSE 0 END, f.due_on, f.id
                LIMIT :limit""".formatted(scope.predicate("f"), mine ? " AND f.mediator_id = :me" : ""))
                .params(params).query(Overdue.class).list();
        audit.record(user, null, AuditAction.LIST, "overdue follow-ups (" + (mine ? "mine" : "territory") + ")");
        model.addAttribute("rows", rows);
        model.addAttribute("mine", mine);
        model.addAttribute("limit", LIST_LIMIT);
        return "followup/list";
    }

    private FollowUps.FollowUp find(CurrentUser user, long id) {
        if (!mayRead(user)) {
            throw new NotFoundException();
        }
        return followUps.find(user.dataScope(), id).orElseThrow(NotFoundException::new);
    }

    @GetMapping("/follow-ups/{id}")
    String showFollowUp(CurrentUser user, @PathVariable long id, Model model) {
        var f = find(user, id);
        var person = people.read(user, f.beneficiaryId(), "follow-up " + id);
        PageContext ctx = (PageContext) model.getAttribute("ctx");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> values = model.containsAttribute("values")
                ? (Map<String, List<String>>) model.getAttribute("values") : Map.of();
        @SuppressWarnings("unchecked")
        Map<String, String> errors = model.containsAttribute("errors")
                ? (Map<String, String>) model.getAttribute("errors") : Map.of();
        model.addAttribute("f", f);
        model.addAttribute("personName", person.lastName() + " " + person.firstName());
        model.addAttribute("mayAnswer", user.has(Role.MEDIATOR, Role.COORDINATOR) && f.status() == FollowUpStatus.PENDING);
        model.addAttribute("fields", f.status() == FollowUpStatus.PENDING ? view.fields(ctx, f, values, errors, false) : "");
        model.addAttribute("errors", view.summary(ctx, f, errors, false));
        model.addAttribute("answers", f.status() == FollowUpStatus.ANSWERED ? followUps.coreAnswers(f) : Map.of());
        return "followup/answer";
    }

    @PostMapping("/follow-ups/{id}")
    String processAnswer(CurrentUser user, @PathVariable long id, HttpServletRequest request,
                         RedirectAttributes redirect) {
        var f = find(user, id);
        if (!user.has(Role.MEDIATOR, Role.COORDINATOR)) {
            throw new NotFoundException();
        }
        var checked = followUps.check(f, request.getParameterMap());
        if (!checked.ok()) {
            redirect.addFlashAttribute("values", new HashMap<>(checked.values()));
            redirect.addFlashAttribute("errors", new HashMap<>(checked.errors()));
            return "redirect:/follow-ups/" + id;
        }
        try {
            tx.executeWithoutResult(status -> {
                people.lock(user, f.beneficiaryId());
                var current = followUps.findForUpdate(id).orElseThrow(NotFoundException::new);
                if (current.status() != FollowUpStatus.PENDING) {
                    throw new ConflictException("followUp.already");
                }
                followUps.answer(current, checked.answer(), "PHONE", user.id(), followUps.today());
                audit.record(user, f.beneficiaryId(), AuditAction.CHANGE, "follow-up " + id + " answered by phone");
            });
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/follow-ups/" + id;
        }
        Flash.success(redirect, "followUp.answered");
        return "redirect:/beneficiaries/" + f.beneficiaryId();
    }

    @PostMapping("/follow-ups/{id}/send-link")
    String processSendLink(CurrentUser user, @PathVariable long id, RedirectAttributes redirect) {
        var f = find(user, id);
        if (!user.has(Role.MEDIATOR, Role.COORDINATOR)) {
            throw new NotFoundException();
        }
        Integer sent = tx.execute(status -> {
            people.lock(user, f.beneficiaryId());
            var current = followUps.findForUpdate(id).orElseThrow(NotFoundException::new);
            if (current.status() != FollowUpStatus.PENDING) {
                return -1;
            }
            int n = messages.send(id, f.beneficiaryId(), f.stageCode(), Outbox.Kind.INVITATION);
            if (n > 0) {
                jdbc.sql("UPDATE follow_up SET invited_at = COALESCE(invited_at, :now) WHERE id = :id")
                        .param("now", OffsetDateTime.now(clock)).param("id", id).update();
            }
            audit.record(user, f.beneficiaryId(), AuditAction.CHANGE, "follow-up " + id + " link sent (" + n + ")");
            return n;
        });
        if (sent == null || sent < 0) {
            Flash.error(redirect, "followUp.already");
        } else if (sent == 0) {
            Flash.warning(redirect, "followUp.link.noChannel");
        } else {
            Flash.success(redirect, "followUp.link.sent");
        }
        return "redirect:/follow-ups/" + id;
    }
}
