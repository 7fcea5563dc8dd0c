package org.parcoursnumerique.home;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.pathway.Indicators;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** One home page, with figures that depend on the role and the scope of the user. */
@Controller
class HomeController {

    /** People of a territory and those waiting for acceptance, from the stage derived from milestones. */
    record TerritoryFigures(long territoryId, String code, String name, long total, long pending) {
    }

    /**
     * Diagnostics a week still needed to reach {@code remaining} more by the deadline (rounded up);
     * all of them when the deadline is today.
     */
    static long weeklyPaceNeeded(long remaining, long daysToDeadline) {
        long weeks = Math.max(1, (daysToDeadline + 6) / 7);
        return (Math.max(0, remaining) + weeks - 1) / weeks;
    }

    record StatusCount(String status, long count) {
    }

    record Recent(long id, String lastName, String firstName, String status, OffsetDateTime createdAt) {
    }

    record AdminFigures(long organisations, long activeUsers, long pendingInvitations, long lockedAccounts,
                        long auditEventsToday) {
    }

    private final JdbcClient jdbc;
    private final Programmes programmes;
    private final Indicators indicators;
    private final Clock clock;
    private final AuditLog audit;
    private final org.parcoursnumerique.account.Accounts accounts;
    private final org.parcoursnumerique.organisation.Organisations organisations;

    HomeController(JdbcClient jdbc, Programmes programmes, Indicators indicators, Clock clock, AuditLog audit,
                   org.parcoursnumerique.account.Accounts accounts,
                   org.parcoursnumerique.organisation.Organisations organisations) {
        this.audit = audit;
        this.accounts = accounts;
        this.organisations = organisations;
        this.indicators = indicators;
        this.jdbc = jdbc;
        this.programmes = programmes;
        this.clock = clock;
    }

    @GetMapping("/")
    String showHome(CurrentUser user, Model model) {
        var programme = programmes.defaultProgramme();
        model.addAttribute("programme", programme);
        model.addAttribute("daysToDeadline",
                ChronoUnit.DAYS.between(LocalDate.now(clock), programme.diagnosticDeadline()));
        if (user.role() == Role.ADMINISTRATOR) {
            model.addAttribute("admin", adminFigures());
        } else {
            model.addAttribute("admin", null);
        }
        DataScope scope = user.figuresScope();
        // The territories' indicators for everyone but prescribers, who keep the figures of their referrals.
        boolean territoryFigures = user.role() != Role.PRESCRIBER && !scope.isNone();
        model.addAttribute("board", territoryFigures ? indicators.indicators(programme, scope) : null);
        model.addAttribute("funnel", territoryFigures ? indicators.funnel(programme.id(), scope) : List.of());
        model.addAttribute("exits", territoryFigures ? indicators.earlyExits(programme.id(), scope) : List.of());
        Map<Long, TerritoryFigures> people = new HashMap<>();
        if (territoryFigures) {
            territoryFigures(programme.id(), scope).forEach(t -> people.put(t.territoryId(), t));
        }
        model.addAttribute("people", people);
        model.addAttribute("statuses", user.role() == Role.ADMINISTRATOR ? List.of() : statusCounts(programme.id(), scope));
        List<Recent> recent = user.role().readsPersonalData() ? recent(user.dataScope()) : List.of();
        if (!recent.isEmpty()) {
            audit.record(user, null, AuditAction.LIST, "home: " + recent.size() + " recent people");
        }
        model.addAttribute("recent", recent);
        model.addAttribute("referralsToTriage", user.role() == Role.COORDINATOR ? referralsToTriage(user.dataScope()) : 0L);
        return "home/home";
    }

    private AdminFigures adminFigures() {
        var accountFigures = accounts.figures();
        return new AdminFigures(organisations.countActive(), accountFigures.activeUsers(),
                accountFigures.pendingInvitations(), accountFigures.lockedAccounts(),
                audit.countSince(OffsetDateTime.now(clock).minusDays(1)));
    }

    private List<TerritoryFigures> territoryFigures(long programmeId, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("programme", programmeId);
        String territoryFilter = scope.kind() == DataScope.Kind.TERRITORY ? "AND t.id = :scopeId" : "";
        return jdbc.sql("""
                SELECT t.id AS territory_id, t.code, t.name,
                       COUNT(b.id) AS total,
                       COALESCE(SUM(CASE WHEN b.status = 'REFERRED' THEN 1 ELSE 0 END), 0) AS pending
                FROM programme_territory_v ptr
                JOIN territory_v t ON t.id = ptr.territory_id
                LEFT JOIN beneficiary_v b ON b.territory_id = t.id AND b.programme_id = :programme
                WHERE ptr.programme_id = :programme %s
                GROUP BY t.id, t.code, t.name
                ORDER BY t.code""".formatted(territoryFilter))
                .params(params).query(TerritoryFigures.class).list();
    }

    private List<StatusCount> statusCounts(long programmeId, DataScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("programme", programmeId);
        return jdbc.sql("""
                SELECT b.status, COUNT(*) AS count FROM beneficiary_v b
                WHERE b.programme_id = :programme AND %s
                GROUP BY b.status""".formatted(scope.predicate("b")))
                .params(params).query(StatusCount.class).list()
                .stream().sorted(java.util.Comparator.comparing(s -> statusOrder(s.status()))).toList();
    }

    private long referralsToTriage(DataScope scope) {
        return jdbc.sql("SELECT COUNT(*) FROM referral_v r WHERE r.status IN ('SUBMITTED', 'INFO_REQUESTED') AND %s"
                        .formatted(scope.predicate("r")))
                .params(scope.parameters()).query(Long.class).single();
    }

    private static int statusOrder(String status) {
        try {
            return org.parcoursnumerique.beneficiary.BeneficiaryStatus.valueOf(status).ordinal();
        } catch (IllegalArgumentException e) {
            return Integer.MAX_VALUE;
        }
    }

    private List<Recent> recent(DataScope scope) {
        return jdbc.sql("""
                SELECT b.id, b.last_name, b.first_name, b.status, b.created_at FROM beneficiary_v b
                WHERE %s ORDER BY b.created_at DESC, b.id DESC LIMIT 5""".formatted(scope.predicate("b")))
                .params(scope.parameters()).query(Recent.class).list();
    }
}
