package org.parcoursnumerique.beneficiary;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one way a page, a sub-page or a stage reaches a person (ADR 0022): the lookup carries the
 * caller's {@link DataScope} in its SQL; a person missing or out of scope is answered
 * {@link NotFoundException} (404, never 403) and the refusal is audited ({@code READ_DENIED}, with the
 * person); a read is audited ({@code READ}, with what was read). It returns the person's core (ids,
 * names, territory, referrer, stage), which is what a stage needs to file its own rows.
 *
 * <p>A page that needs more columns passes its own scoped query ({@link ScopedLookup}): still one
 * query, with the same refusal and audit. Changes use {@link #reach} or {@link #lock} (no READ row:
 * the change writes its own audit row).
 */
@Service
public class PersonInScope {

    /** What every stage needs to know of the person it works for. */
    public record Person(long id, String lastName, String firstName, long programmeId, long territoryId,
                         long referringOrganisationId, BeneficiaryStatus stage) {
    }

    /** A query of a person's row that applies the given scope in its SQL. */
    @FunctionalInterface
    public interface ScopedLookup<T> {
        Optional<T> find(DataScope scope, long personId);
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    PersonInScope(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The person, read by {@code user} for {@code why} (audit details, may be null). */
    public Person read(CurrentUser user, long personId, String why) {
        return read(user, personId, why, (scope, id) -> core(scope, id, false));
    }

    /** What {@code lookup} finds of the person in the user's scope, the read audited. */
    public <T> T read(CurrentUser user, long personId, String why, ScopedLookup<T> lookup) {
        T found = reach(user, personId, lookup);
        audit.record(user, personId, AuditAction.READ, why);
        return found;
    }

    /** The person in the user's scope, for a change that writes its own audit row. */
    public Person reach(CurrentUser user, long personId) {
        return reach(user, personId, (scope, id) -> core(scope, id, false));
    }

    /** What {@code lookup} finds of the person in the user's scope, for a change; refusals audited. */
    public <T> T reach(CurrentUser user, long personId, ScopedLookup<T> lookup) {
        return lookup.find(user.dataScope(), personId).orElseGet(() -> {
            audit.recordDenied(user, personId);
            throw new NotFoundException();
        });
    }

    /**
     * The person in the user's scope, their row locked until the end of the caller's transaction:
     * serialises two changes of the same person (two tabs, two mediators starting a diagnostic).
     */
    public Person lock(CurrentUser user, long personId) {
        return reach(user, personId, (scope, id) -> core(scope, id, true));
    }

    // --- Added for the connection module's API (a token acts without a user account) ---

    /**
     * The person in {@code scope}, reached by an organisation's software through the API with one of
     * its tokens (the caller decides the scope its kind of token has): 404 and {@code READ_DENIED}
     * (with the token's name) out of scope; with {@code lock}, the row locked until the end of the
     * caller's transaction. Audits nothing else: the change writes its own row, a read calls
     * {@link #auditApiRead}.
     */
    public Person reachForApi(org.parcoursnumerique.shared.ApiCaller caller, DataScope scope, long personId,
                              boolean lock) {
        return core(scope, personId, lock).orElseGet(() -> {
            audit.recordDeniedApi(caller, "person " + personId);
            throw new NotFoundException();
        });
    }

    /** Records that the API caller read the person (their token's name stands for the user). */
    public void auditApiRead(org.parcoursnumerique.shared.ApiCaller caller, long personId, String why) {
        audit.recordBy(null, "api:" + caller.tokenName(), caller.organisationId(), personId, AuditAction.READ, why);
    }

    /**
     * The people of {@code user}'s scope with exactly this identity (names compared by their search
     * key, so "N'Diaye" = "Ndiaye"; the birth date equal), at most {@code limit}, by id: for an import
     * that matches a file's rows to people (a certification centre's results). No audit row: the
     * caller writes one for what it records about the person it matched.
     */
    public java.util.List<Long> idsByIdentity(CurrentUser user, String lastName, String firstName,
                                              java.time.LocalDate birthDate, int limit) {
        return idsByIdentity(user.dataScope(), lastName, firstName, birthDate, limit);
    }

    /** The same lookup for another caller's scope (an API token's). */
    public java.util.List<Long> idsByIdentity(DataScope scope, String lastName, String firstName,
                                              java.time.LocalDate birthDate, int limit) {
        if (scope.isNone() || lastName == null || firstName == null || birthDate == null) {
            return java.util.List.of();
        }
        var key = org.parcoursnumerique.shared.Names.searchKey(lastName, firstName);
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("key", key.key());
        params.put("birth", birthDate);
        params.put("limit", limit);
        return jdbc.sql("""
                SELECT b.id FROM beneficiary b
                WHERE b.name_key = :key AND b.birth_date = :birth AND %s
                ORDER BY b.id LIMIT :limit""".formatted(scope.predicate("b")))
                .params(params).query(Long.class).list();
    }

    private Optional<Person> core(DataScope scope, long id, boolean forUpdate) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT b.id, b.last_name, b.first_name, b.programme_id, b.territory_id, b.referring_organisation_id,
                       b.status
                FROM beneficiary b WHERE b.id = :id AND %s%s""".formatted(scope.predicate("b"),
                        forUpdate ? " FOR UPDATE" : ""))
                .params(params)
                .query((rs, n) -> new Person(rs.getLong("id"), rs.getString("last_name"), rs.getString("first_name"),
                        rs.getLong("programme_id"), rs.getLong("territory_id"), rs.getLong("referring_organisation_id"),
                        BeneficiaryStatus.valueOf(rs.getString("status"))))
                .optional();
    }
}
