package org.parcoursnumerique.pathway;

import java.time.LocalDate;

/**
 * A milestone a person has reached.
 *
 * @param source what reached it, as {@code kind:id} of the stage's own record (e.g. {@code diagnostic:42}), or null
 */
public record ReachedMilestone(Milestone code, LocalDate reachedOn, String source, Long recordedBy) {
}
