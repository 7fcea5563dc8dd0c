package org.parcoursnumerique.shared;

import java.time.LocalDate;

import org.springframework.core.Ordered;

/**
 * A module's demo data, written once when demo mode loads its fictitious data (ADR 0024). The demo
 * module writes organisations, accounts, people, referrals, appointments, diagnostics and the pathway
 * milestones, then calls every bean of this type in {@link #getOrder()} order (lowest first: a stage
 * later in the pathway after the stages before it), so a new stage adds its demo data without
 * touching the demo module.
 *
 * <p>An implementation writes records consistent with what is already there (for example a device
 * handed over to each person who has the {@code EQUIPPED} milestone, on that day), in batches and its
 * own transactions, in constant memory at any scale ({@link Context#people()} may be 1 000 000), and
 * deterministically from {@link Context#seed()}. It never writes a date after {@link Context#today()}.
 */
public interface DemoContributor extends Ordered {

    /**
     * Writes the module's demo data.
     *
     * @return a short summary for the start-up log, such as "412 devices, 118 handovers"
     */
    String contribute(Context context);

    /**
     * @param seed   the demo data's seed (the same people come back at each load)
     * @param people how many fictitious people were loaded
     * @param today  the demo's today, in the platform's time zone
     */
    record Context(long seed, int people, LocalDate today) {
    }
}
