/**
 * The pathway backbone: the milestones each stage records for a person (at most once each, moved or
 * withdrawn with history), the person's stage derived from them, early exits with their reasons, the
 * live daily counts the indicators read. Stages call {@link org.parcoursnumerique.pathway.Milestones};
 * nobody writes the tables of this module in SQL. See docs/decisions/0014 and 0015.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Pathway")
package org.parcoursnumerique.pathway;
