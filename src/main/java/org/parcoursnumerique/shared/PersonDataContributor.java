package org.parcoursnumerique.shared;

import java.util.List;
import java.util.Optional;

/**
 * A module's share of everything the platform holds about one person: what it exports for the
 * right of access, when it last had contact with the person, and how it erases the person's
 * identifying data once the retention period is over. Every module that keeps rows about a person
 * implements it for its own tables; the beneficiary module collects every bean of this type (the
 * export and the retention job) and never depends on the modules (docs/decisions/0019, 0020).
 */
public interface PersonDataContributor {

    /** Stable key of the module's part in the JSON export ("referral", "diagnostic", …). */
    String name();

    /** Position of the part in the export, lower first (identity 100, referral 200, …). */
    int order();

    /**
     * Everything this module holds about a person already found in the caller's scope, with
     * plain-French titles and labels (no codes). Empty blocks may be left out.
     */
    PersonDataPart export(long beneficiaryId);

    /**
     * A scalar SQL subquery that gives the date (or timestamp) of this module's latest contact
     * with the person of the row aliased {@code b} in {@code beneficiary}, NULL when there is
     * none, e.g. {@code SELECT MAX(a.starts_at) FROM appointment a WHERE a.beneficiary_id = b.id}.
     * Empty when the module's rows are not contacts (the access log). Must run on PostgreSQL and
     * H2, and should be served by an index on the person's id.
     */
    Optional<String> lastContactSql();

    /**
     * Erases the identifying data and free texts this module holds about these people, keeping
     * what the indicators count (milestones, categories, dates of events). Runs in the retention
     * job's transaction, which holds the people's rows locked; must be idempotent and must not
     * stamp the rows with the time of the run.
     */
    void erase(List<Long> beneficiaryIds);
}
