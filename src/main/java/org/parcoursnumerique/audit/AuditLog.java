package org.parcoursnumerique.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.parcoursnumerique.shared.ApiCaller;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.KeyedHash;
import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Writes audit rows. Never updates or deletes them (and PostgreSQL refuses it anyway). */
@Service
public class AuditLog {

    /** One row as shown on a person's page and in the administrators' log. */
    public record Entry(long id, OffsetDateTime occurredAt, String userEmail, String userName,
                        String organisationName, Long beneficiaryId, String action, String route, String details) {
    }

    /** Request attribute set once a refusal of this request is in the log (recorded once only). */
    static final String DENIED_RECORDED = AuditLog.class.getName() + ".deniedRecorded";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final KeyedHash keyedHash;

    AuditLog(JdbcClient jdbc, Clock clock, KeyedHash keyedHash) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keyedHash = keyedHash;
    }

    /**
     * What was searched for, in a form that does not reveal it to whoever reads the log (the
     * administrator has no access to people): a keyed hash, which tells identical searches apart,
     * and the shape ("Aaaaa 99": letters, digits, length). Use it for every search text in details.
     */
    public String searchTerm(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String normalised = text.strip().toLowerCase(java.util.Locale.ROOT);
        StringBuilder shape = new StringBuilder();
        text.strip().codePoints().limit(40).forEach(c -> shape.append(
                Character.isUpperCase(c) ? 'A' : Character.isLetter(c) ? 'a' : Character.isDigit(c) ? '9'
                        : Character.isWhitespace(c) ? ' ' : '.'));
        return "q=#" + keyedHash.of("audit-search", normalised).substring(0, 12) + " [" + shape + "]";
    }

    /** Records an action of {@code user} on a person (or on no person when {@code beneficiaryId} is null). */
    @Transactional
    public void record(CurrentUser user, Long beneficiaryId, AuditAction action, String details) {
        write(user == null ? null : user.id(), user == null ? null : user.email(),
                user == null ? null : user.organisationId(), beneficiaryId, action, details);
    }

    /**
     * Records a refused access to a person's record. Written in its own transaction: the refusal
     * rolls back the caller's work but must stay in the log.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void recordDenied(CurrentUser user, long beneficiaryId) {
        record(user, beneficiaryId, AuditAction.READ_DENIED, null);
        markDeniedRecorded();
    }

    /** Records a refused (or missing) record of any kind, with the route and ids asked for. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void recordDeniedRoute(CurrentUser user, String details) {
        record(user, null, AuditAction.READ_DENIED, details);
    }

    /** Records a refused (or missing) record asked for through the API with a token. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void recordDeniedApi(ApiCaller caller, String details) {
        write(null, "api:" + caller.tokenName(), caller.organisationId(), null, AuditAction.READ_DENIED, details);
    }

    private static void markDeniedRecorded() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            attrs.getRequest().setAttribute(DENIED_RECORDED, Boolean.TRUE);
        }
    }

    /**
     * Records an action on a person by a caller that may not be a logged-in user (an API token of
     * an organisation has no user id).
     */
    @Transactional
    public void recordBy(Long userId, String email, long organisationId, Long beneficiaryId, AuditAction action,
                         String details) {
        write(userId, email, organisationId, beneficiaryId, action, details);
    }

    /** Records an event about an account (login, invitation…) where no full user is at hand. */
    @Transactional
    public void recordAccountEvent(Long userId, String email, Long organisationId, AuditAction action, String details) {
        write(userId, email, organisationId, null, action, details);
    }

    private void write(Long userId, String email, Long organisationId, Long beneficiaryId, AuditAction action,
                       String details) {
        jdbc.sql("""
                INSERT INTO audit_event (occurred_at, user_id, user_email, organisation_id, beneficiary_id, action, route, details)
                VALUES (:at, :user, :email, :organisation, :beneficiary, :action, :route, :details)""")
                .param("at", OffsetDateTime.now(clock)).param("user", userId).param("email", Names.storable(email))
                .param("organisation", organisationId).param("beneficiary", beneficiaryId)
                .param("action", action.name()).param("route", Names.storable(currentRoute()))
                .param("details", details == null ? null
                        : Names.storable(details.length() > 1000 ? details.substring(0, 1000) : details))
                .update();
    }

    /** How many events were logged since {@code since} (the administrator's home page). */
    public long countSince(java.time.OffsetDateTime since) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE occurred_at > :since").param("since", since)
                .query(Long.class).single();
    }

    /** Who accessed a person's record, most recent first. */
    public List<Entry> forBeneficiary(long beneficiaryId, int limit) {
        return jdbc.sql(AuditQueries.SELECT + """
                WHERE a.beneficiary_id = :beneficiary
                ORDER BY a.occurred_at DESC, a.id DESC
                LIMIT :limit""")
                .param("beneficiary", beneficiaryId).param("limit", limit).query(Entry.class).list();
    }

    /**
     * A run of consecutive accesses to a person's record by the same user of the same organisation:
     * from when to when, how many, and how many of each action (in the order they first appear).
     */
    public record AccessGroup(String userName, String userEmail, String organisationName, OffsetDateTime from,
                              OffsetDateTime to, int count, java.util.Map<String, Integer> actions) {
    }

    /** How many recent rows are read to build the groups: bounded, whatever the record's history. */
    static final int ACCESS_ROWS_READ = 1000;

    /**
     * Who accessed a person's record, most recent first, consecutive accesses of one user grouped
     * (one line for a mediator's seven saves, with the count and the first and last time), so that
     * they do not push the prescriber's reading out of the list. At most {@code limit} groups.
     */
    public List<AccessGroup> accessGroups(long beneficiaryId, int limit) {
        List<AccessGroup> groups = new java.util.ArrayList<>();
        Entry first = null;
        Entry last = null;
        int count = 0;
        java.util.Map<String, Integer> actions = new java.util.LinkedHashMap<>();
        for (Entry e : forBeneficiary(beneficiaryId, ACCESS_ROWS_READ)) {
            if (first != null && !sameCaller(first, e)) {
                groups.add(new AccessGroup(first.userName(), first.userEmail(), first.organisationName(),
                        last.occurredAt(), first.occurredAt(), count, java.util.Collections.unmodifiableMap(actions)));
                if (groups.size() == limit) {
                    return groups;
                }
                first = null;
            }
            if (first == null) {
                first = e;
                count = 0;
                actions = new java.util.LinkedHashMap<>();
            }
            last = e;
            count++;
            actions.merge(e.action(), 1, Integer::sum);
        }
        if (first != null) {
            groups.add(new AccessGroup(first.userName(), first.userEmail(), first.organisationName(),
                    last.occurredAt(), first.occurredAt(), count, java.util.Collections.unmodifiableMap(actions)));
        }
        return groups;
    }

    private static boolean sameCaller(Entry a, Entry b) {
        return java.util.Objects.equals(a.userEmail(), b.userEmail())
                && java.util.Objects.equals(a.organisationName(), b.organisationName());
    }

    private static String currentRoute() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            HttpServletRequest request = attrs.getRequest();
            String route = request.getMethod() + " " + request.getRequestURI();
            return route.length() > 300 ? route.substring(0, 300) : route;
        }
        return null;
    }
}
