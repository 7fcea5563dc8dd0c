package org.parcoursnumerique.connection;

import java.time.LocalDate;
import java.util.List;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Role;
import org.springframework.stereotype.Component;

/** A line as pages and the API show it: its coverage as of today, its state, whether it asks for a check. */
@Component
class LineViews {

    enum State {
        /** Covered, not lapsing within the week. */
        COVERED,
        /** Covered, lapsing within the week. */
        LAPSING,
        /** No longer covered. */
        LAPSED,
        /** No period covers its activation yet. */
        UNPAID;

        String badge() {
            return switch (this) {
                case COVERED -> "badge badge-success";
                case LAPSING -> "badge badge-warning";
                case LAPSED -> "badge badge-danger";
                case UNPAID -> "badge badge-neutral";
            };
        }
    }

    record LineView(ConnectionQueries.Line line, Coverage coverage, long coveredDays, State state, boolean needsCheck,
                    List<ConnectionQueries.Period> periods, List<ConnectionQueries.Check> checks) {

        /** The first day not covered (the activation when nothing covers it). */
        LocalDate lapsesOn() {
            return coverage.lapsesOn() == null ? line.activationDate() : coverage.lapsesOn();
        }
    }

    private final Lines lines;
    private final ConnectionQueries queries;

    LineViews(Lines lines, ConnectionQueries queries) {
        this.lines = lines;
        this.queries = queries;
    }

    LineView of(ConnectionQueries.Line line) {
        LocalDate today = lines.today();
        var periods = queries.periods(line.id());
        var checks = queries.checks(line.id());
        Coverage coverage = lines.coverage(line);
        State state;
        if (coverage.coveredUntil() == null) {
            state = State.UNPAID;
        } else if (coverage.lapsed(today)) {
            state = State.LAPSED;
        } else if (!coverage.lapsesOn().isAfter(today.plusDays(Lines.LAPSING_DAYS))) {
            state = State.LAPSING;
        } else {
            state = State.COVERED;
        }
        // Answered: a check on or after the last day of coverage (as ConnectionQueries.TO_CHECK).
        boolean answered = coverage.coveredUntil() != null
                && checks.stream().anyMatch(c -> !c.checkedOn().isBefore(coverage.coveredUntil()));
        boolean needsCheck = coverage.coveredUntil() != null && coverage.lapsed(today) && !answered;
        return new LineView(line, coverage, coverage.coveredDays(today), state, needsCheck, periods, checks);
    }

    /** Staff who open lines and record periods and checks for the people of their territory. */
    static boolean writes(CurrentUser user) {
        return user.has(Role.MEDIATOR, Role.COORDINATOR, Role.LOGISTICS_MANAGER);
    }

    /** Staff who see lines (the département reads). */
    static boolean reads(CurrentUser user) {
        return writes(user) || user.has(Role.PROGRAMME_MANAGER);
    }
}
