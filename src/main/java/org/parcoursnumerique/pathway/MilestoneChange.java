package org.parcoursnumerique.pathway;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One line of a person's milestone history: recorded, moved to another date, or withdrawn. */
public record MilestoneChange(Milestone code, Kind change, LocalDate beforeOn, LocalDate afterOn, String reason,
                              OffsetDateTime changedAt, Long changedBy) {

    public enum Kind { RECORDED, MOVED, WITHDRAWN }
}
