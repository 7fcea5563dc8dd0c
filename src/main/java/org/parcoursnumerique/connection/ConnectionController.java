package org.parcoursnumerique.connection;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Pagination;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The connection pages: the overview (what connection cost per territory, lines lapsing within the
 * week, lapsed lines to check), a person's new line, a line with its periods and checks.
 */
@Controller
class ConnectionController {

    static final int PAGE_SIZE = 25;

    record LineForm(Long offerId, String operator, String iccid, String contractReference, String phone,
                    String activationDate) {
    }

    record PeriodForm(String start, String end, String amount, String paidBy) {
    }

    record TopUpForm(String topUpStart, String months, String topUpAmount, String topUpPaidBy) {
    }

    record CheckForm(String outcome, String checkedOn) {
    }

    record CancelForm(String reason) {
    }

    private final Lines lines;
    private final LineViews views;
    private final Offers offers;
    private final ConnectionQueries queries;
    private final PersonInScope people;
    private final AuditLog audit;
    private final Programmes programmes;
    private final TransactionTemplate tx;

    ConnectionController(Lines lines, LineViews views, Offers offers, ConnectionQueries queries, PersonInScope people,
                         AuditLog audit, Programmes programmes, TransactionTemplate tx) {
        this.lines = lines;
        this.views = views;
        this.offers = offers;
        this.queries = queries;
        this.people = people;
        this.audit = audit;
        this.programmes = programmes;
        this.tx = tx;
    }

    @GetMapping("/connection")
    String showOverview(CurrentUser user, @RequestParam(required = false) String list,
                        @RequestParam(required = false) String page, Model model) {
        if (!LineViews.reads(user)) {
            throw new NotFoundException();
        }
        boolean check = "check".equals(list);
        String which = check ? ConnectionQueries.TO_CHECK : ConnectionQueries.LAPSING;
        LocalDate today = lines.today();
        long counted = queries.countFollowUps(user.dataScope(), which, today, Pagination.DEFAULT_COUNT_CAP);
        Pagination pagination = Pagination.of(page, PAGE_SIZE, counted, Pagination.DEFAULT_COUNT_CAP,
                Pagination.link("/connection", "list", check ? "check" : null));
        var rows = queries.followUps(user.dataScope(), which, today, pagination.offset(), pagination.limit());
        audit.record(user, null, AuditAction.LIST, "connection " + (check ? "to check" : "lapsing"));
        model.addAttribute("check", check);
        model.addAttribute("rows", rows);
        model.addAttribute("pagination", pagination);
        model.addAttribute("soonCount", check ? queries.countFollowUps(user.dataScope(), ConnectionQueries.LAPSING, today,
                Pagination.DEFAULT_COUNT_CAP) : counted);
        model.addAttribute("checkCount", check ? counted : queries.countFollowUps(user.dataScope(),
                ConnectionQueries.TO_CHECK, today, Pagination.DEFAULT_COUNT_CAP));
        model.addAttribute("money", queries.money(TerritoryScope.toRead(user)));
        model.addAttribute("territories", territoryNames());
        model.addAttribute("tolerance", lines.toleranceDays());
        return "connection/overview";
    }

    @GetMapping("/beneficiaries/{id}/connection/new")
    String initLineForm(CurrentUser user, @PathVariable long id, Model model) {
        var person = writable(user, id);
        audit.record(user, id, AuditAction.READ, "connection line form");
        return lineForm(model, person, new LineForm(null, "", "", "", "", lines.today().toString()), FormErrors.none());
    }

    @PostMapping("/beneficiaries/{id}/connection")
    String processLineForm(CurrentUser user, @PathVariable long id, @ModelAttribute("form") LineForm form,
                           BindingResult result, Model model, RedirectAttributes redirect) {
        writable(user, id);
        LocalDate activation = date(form.activationDate(), "activationDate", result);
        try {
            Long line = tx.execute(status -> {
                var person = people.lock(user, id);
                if (result.hasErrors()) {
                    status.setRollbackOnly();
                    return null;
                }
                return lines.open(Author.of(user), person, new Lines.NewLine(form.offerId(), form.operator(),
                        form.iccid(), form.contractReference(), form.phone(), activation));
            });
            if (line != null) {
                Flash.success(redirect, "connection.line.opened");
                return "redirect:/connection/lines/" + line;
            }
        } catch (LineProblem e) {
            reject(result, e, Function.identity());
        }
        return lineForm(model, people.reach(user, id), form, FormErrors.of(result));
    }

    @GetMapping("/connection/lines/{id}")
    String showLine(CurrentUser user, @PathVariable long id, Model model) {
        var line = line(user, id);
        people.read(user, line.beneficiaryId(), "connection line " + id);
        return linePage(model, user, line, null, FormErrors.none(), null, null, null);
    }

    @PostMapping("/connection/lines/{id}/periods")
    String processPeriodForm(CurrentUser user, @PathVariable long id, @ModelAttribute("form") PeriodForm form,
                             BindingResult result, Model model, RedirectAttributes redirect) {
        var line = writableLine(user, id);
        LocalDate start = date(form.start(), "start", result);
        LocalDate end = date(form.end(), "end", result);
        Integer amount = amount(form.amount(), "amount", result);
        PaidBy paidBy = paidBy(form.paidBy(), "paidBy", result);
        if (!result.hasErrors()) {
            try {
                tx.executeWithoutResult(status -> {
                    people.lock(user, line.beneficiaryId());
                    lines.addPeriods(Author.of(user), line.beneficiaryId(), id,
                            List.of(new Lines.NewPeriod(start, end, amount, paidBy)));
                });
                Flash.success(redirect, "connection.period.added");
                return "redirect:/connection/lines/" + id;
            } catch (LineProblem e) {
                reject(result, e, f -> f.equals("amountCents") ? "amount" : f);
            }
        }
        return linePage(model, user, line, "period", FormErrors.of(result), form, null, null);
    }

    @PostMapping("/connection/lines/{id}/top-up")
    String processTopUpForm(CurrentUser user, @PathVariable long id, @ModelAttribute("form") TopUpForm form,
                            BindingResult result, Model model, RedirectAttributes redirect) {
        var line = writableLine(user, id);
        LocalDate start = date(form.topUpStart(), "topUpStart", result);
        Integer amount = amount(form.topUpAmount(), "topUpAmount", result);
        PaidBy paidBy = paidBy(form.topUpPaidBy(), "topUpPaidBy", result);
        Integer months = null;
        if (form.months() == null || !form.months().strip().matches("\\d{1,2}")
                || Integer.parseInt(form.months().strip()) < 1
                || Integer.parseInt(form.months().strip()) > Lines.TOP_UP_MAX_MONTHS) {
            result.rejectValue("months", "connection.topUp.months.range", new Object[] {Lines.TOP_UP_MAX_MONTHS}, null);
        } else {
            months = Integer.parseInt(form.months().strip());
        }
        if (!result.hasErrors()) {
            int n = months;
            try {
                tx.executeWithoutResult(status -> {
                    people.lock(user, line.beneficiaryId());
                    lines.addPeriods(Author.of(user), line.beneficiaryId(), id, Lines.monthly(start, n, amount, paidBy));
                });
                Flash.success(redirect, "connection.topUp.added");
                return "redirect:/connection/lines/" + id;
            } catch (LineProblem e) {
                reject(result, e, f -> switch (f) {
                    case "amountCents" -> "topUpAmount";
                    case "paidBy" -> "topUpPaidBy";
                    case "end" -> "months";
                    default -> "topUpStart";
                });
            }
        }
        return linePage(model, user, line, "topUp", FormErrors.of(result), null, form, null);
    }

    @PostMapping("/connection/lines/{id}/periods/{periodId}/cancel")
    String processCancelForm(CurrentUser user, @PathVariable long id, @PathVariable long periodId,
                             @ModelAttribute("form") CancelForm form, BindingResult result, Model model,
                             RedirectAttributes redirect) {
        var line = writableLine(user, id);
        try {
            tx.executeWithoutResult(status -> {
                people.lock(user, line.beneficiaryId());
                lines.cancelPeriod(Author.of(user), line.beneficiaryId(), id, periodId, form.reason());
            });
            Flash.success(redirect, "connection.period.cancelled");
        } catch (LineProblem e) {
            Flash.error(redirect, e.problems().get(0).key());
        }
        return "redirect:/connection/lines/" + id;
    }

    @PostMapping("/connection/lines/{id}/checks")
    String processCheckForm(CurrentUser user, @PathVariable long id, @ModelAttribute("form") CheckForm form,
                            BindingResult result, Model model, RedirectAttributes redirect) {
        var line = writableLine(user, id);
        LocalDate checkedOn = date(form.checkedOn(), "checkedOn", result);
        CheckOutcome outcome = null;
        try {
            outcome = form.outcome() == null ? null : CheckOutcome.valueOf(form.outcome());
        } catch (IllegalArgumentException e) {
            // left null: refused below
        }
        if (outcome == null) {
            result.rejectValue("outcome", "connection.check.outcome.required");
        }
        if (!result.hasErrors()) {
            CheckOutcome answer = outcome;
            try {
                tx.executeWithoutResult(status -> {
                    people.lock(user, line.beneficiaryId());
                    lines.recordCheck(Author.of(user), line.beneficiaryId(), id, answer, checkedOn);
                });
                Flash.success(redirect, "connection.check.recorded");
                return "redirect:/connection/lines/" + id;
            } catch (LineProblem e) {
                reject(result, e, Function.identity());
            }
        }
        return linePage(model, user, line, "check", FormErrors.of(result), null, null, form);
    }

    private String linePage(Model model, CurrentUser user, ConnectionQueries.Line line, String failedForm,
                            FormErrors errors, PeriodForm period, TopUpForm topUp, CheckForm check) {
        var view = views.of(line);
        var person = people.reach(user, line.beneficiaryId());
        LocalDate today = lines.today();
        // The next period starts the day after the coverage (or on activation) by default.
        LocalDate next = view.coverage().coveredUntil() == null ? line.activationDate()
                : view.coverage().coveredUntil().plusDays(1);
        var offer = offers.find(line.offerId()).orElseThrow();
        String monthly = Euros.typed(offer.programmeShareCents());
        model.addAttribute("view", view);
        model.addAttribute("person", person);
        model.addAttribute("offer", offer);
        model.addAttribute("canWrite", LineViews.writes(user));
        model.addAttribute("failedForm", failedForm);
        model.addAttribute("errors", errors);
        model.addAttribute("periodForm", period != null ? period : new PeriodForm(next.toString(),
                next.plusMonths(1).minusDays(1).toString(), monthly, PaidBy.PROGRAMME.name()));
        model.addAttribute("topUpForm", topUp != null ? topUp : new TopUpForm(next.toString(), "6", monthly,
                PaidBy.PROGRAMME.name()));
        model.addAttribute("checkForm", check != null ? check : new CheckForm(null, today.toString()));
        model.addAttribute("today", today);
        return "connection/line";
    }

    private String lineForm(Model model, PersonInScope.Person person, LineForm form, FormErrors errors) {
        model.addAttribute("person", person);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("offers", offers.list(TerritoryScope.all(), true).stream()
                .filter(o -> o.territoryId() == person.territoryId()).toList());
        model.addAttribute("today", lines.today().toString());
        return "connection/lineForm";
    }

    /** The person, in scope, for a user who may open lines. */
    private PersonInScope.Person writable(CurrentUser user, long personId) {
        if (!LineViews.writes(user)) {
            throw new NotFoundException();
        }
        return people.reach(user, personId);
    }

    private ConnectionQueries.Line line(CurrentUser user, long id) {
        if (!LineViews.reads(user)) {
            throw new NotFoundException();
        }
        return queries.line(user.dataScope(), id).orElseThrow(NotFoundException::new);
    }

    private ConnectionQueries.Line writableLine(CurrentUser user, long id) {
        if (!LineViews.writes(user)) {
            throw new NotFoundException();
        }
        return line(user, id);
    }

    private Map<Long, String> territoryNames() {
        return programmes.territories().stream()
                .collect(Collectors.toMap(Programmes.Territory::id, t -> t.code() + " " + t.name()));
    }

    static LocalDate date(String typed, String field, BindingResult result) {
        if (typed == null || typed.isBlank()) {
            result.rejectValue(field, "connection.date.required");
            return null;
        }
        try {
            return LocalDate.parse(typed.strip());
        } catch (DateTimeParseException e) {
            result.rejectValue(field, "connection.date.invalid");
            return null;
        }
    }

    private static Integer amount(String typed, String field, BindingResult result) {
        Integer cents = Euros.cents(typed);
        if (cents == null) {
            result.rejectValue(field, "connection.period.amount.invalid");
        }
        return cents;
    }

    private static PaidBy paidBy(String typed, String field, BindingResult result) {
        for (PaidBy p : PaidBy.values()) {
            if (p.name().equals(typed)) {
                return p;
            }
        }
        result.rejectValue(field, "connection.period.paidBy.required");
        return null;
    }

    static void reject(BindingResult result, LineProblem e, Function<String, String> field) {
        for (var p : e.problems()) {
            String f = field.apply(p.field());
            if (result.getFieldError(f) == null) {
                result.rejectValue(f, p.key(), p.args(), null);
            }
        }
    }
}
