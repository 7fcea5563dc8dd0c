package org.parcoursnumerique.shared;

import java.util.List;

/**
 * The entries a module adds to a person's timeline ("Chronologie"), from its own tables: what
 * happened, when, who. The beneficiary module collects every bean of this type, sorts their entries
 * and resolves the names of users and organisations once for all of them, so it never depends on the
 * stages that add entries; a new stage adds a contributor without touching it (ADR 0016).
 *
 * <p>An implementation reads its entries with one or two indexed queries on {@code beneficiary_id},
 * newest first, at most {@code limit}, with the viewer's {@link DataScope} in the SQL like every read
 * of personal data. It returns nothing for a viewer who may not see its module's records (the
 * messages, for example, are not for logistics staff), and never the content of free texts: the
 * entry says what kind of thing happened and may link to the record where the details are.
 */
public interface TimelineContributor {

    /**
     * The entries about a person already found in {@code viewer}'s scope (the caller audits the
     * read), newest first, at most {@code limit}.
     */
    List<TimelineEntry> entries(CurrentUser viewer, long beneficiaryId, int limit);
}
