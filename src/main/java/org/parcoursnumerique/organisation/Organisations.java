package org.parcoursnumerique.organisation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organisations and the territories they act on. */
@Service
public class Organisations {

    public record Organisation(long id, OrganisationKind kind, String name, Long territoryId, String territoryCode,
                               Long consortiumId, String consortiumName, boolean leadMember, String legalForm,
                               String siret, String rna, String prescriberKind, String servedTerritories,
                               boolean active, long userCount, String addressLine, String postcode, String city,
                               String accessInfo, String phone) {

        /** The address on one line (street, postcode and city), or null when the organisation has none. */
        public String address() {
            return addressLine == null ? null : addressLine + ", " + postcode + " " + city;
        }
    }

    /** Where a member structure receives people, and the number to call them on; validated by the caller. */
    public record Address(String addressLine, String postcode, String city, String accessInfo, String phone) {
    }

    /** What a new organisation is made of; validated by the caller. */
    public record NewOrganisation(OrganisationKind kind, String name, Long territoryId, Long consortiumId,
                                  boolean leadMember, String legalForm, String siret, String rna,
                                  String prescriberKind, List<Long> servedTerritoryIds, Address address) {

        /** An organisation without an address (all but member structures, which may add it later). */
        public NewOrganisation(OrganisationKind kind, String name, Long territoryId, Long consortiumId,
                               boolean leadMember, String legalForm, String siret, String rna, String prescriberKind,
                               List<Long> servedTerritoryIds) {
            this(kind, name, territoryId, consortiumId, leadMember, legalForm, siret, rna, prescriberKind,
                    servedTerritoryIds, null);
        }
    }

    private static final String SELECT = """
            SELECT o.id, o.kind, o.name, o.territory_id, t.code AS territory_code, o.consortium_id,
                   c.name AS consortium_name, o.lead_member, o.legal_form, o.siret, o.rna, o.prescriber_kind,
                   (SELECT STRING_AGG(st.code, ', ' ORDER BY st.code) FROM organisation_territory ot
                      JOIN territory_v st ON st.id = ot.territory_id WHERE ot.organisation_id = o.id) AS served_territories,
                   o.active,
                   (SELECT COUNT(*) FROM user_account_v u WHERE u.organisation_id = o.id AND u.active) AS user_count,
                   o.address_line, o.postcode, o.city, o.access_info, o.phone
            FROM organisation o
            LEFT JOIN territory_v t ON t.id = o.territory_id
            LEFT JOIN organisation c ON c.id = o.consortium_id
            """;

    /** What an administrator may change on an organisation (all but its kind); validated by the caller. */
    public record Changes(String name, Long territoryId, Long consortiumId, boolean leadMember, String legalForm,
                          String siret, String rna, String prescriberKind, List<Long> servedTerritoryIds,
                          Address address) {
    }

    /** A search of the administrators' list: every criterion optional; {@code page} counts from 1. */
    public record Filter(String q, OrganisationKind kind, Long territoryId, int page) {
    }

    /** One page of a search, with the true number of organisations found. */
    public record Page(List<Organisation> rows, long total, int page, int pages, int size) {
    }

    public static final int PAGE_SIZE = 50;

    private static final String ORDER = " ORDER BY CASE o.kind WHEN 'PLATFORM' THEN 0 WHEN 'DEPARTEMENT' THEN 1 "
            + "WHEN 'EPT' THEN 2 WHEN 'CONSORTIUM' THEN 3 WHEN 'MEMBER_STRUCTURE' THEN 4 WHEN 'PRESCRIBER' THEN 5 "
            + "ELSE 6 END, t.code, o.name, o.id";

    private final JdbcClient jdbc;
    private final AuditLog audit;

    Organisations(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Organisations matching every given criterion: name (any part, without accents or case) or SIRET
     * (spaces ignored), kind, territory (the one it acts on, or one a prescriber serves). The page is
     * clamped to the last one.
     */
    public Page search(Filter filter) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        String q = filter.q() == null ? "" : filter.q().strip();
        if (!q.isEmpty()) {
            String digits = q.replace(" ", "");
            if (digits.matches("\\d{3,14}")) {
                clauses.add("o.siret LIKE :siret");
                params.put("siret", digits + "%");
            } else {
                // Names are few (thousands at most): a scan of the lower-cased name is fine.
                clauses.add("LOWER(o.name) LIKE :name");
                params.put("name", "%" + Names.likePrefix(q.toLowerCase(java.util.Locale.ROOT)));
            }
        }
        if (filter.kind() != null) {
            clauses.add("o.kind = :kind");
            params.put("kind", filter.kind().name());
        }
        if (filter.territoryId() != null) {
            clauses.add("""
                    (o.territory_id = :territory OR EXISTS (SELECT 1 FROM organisation_territory ot
                      WHERE ot.organisation_id = o.id AND ot.territory_id = :territory))""");
            params.put("territory", filter.territoryId());
        }
        String where = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        long total = jdbc.sql("SELECT COUNT(*) FROM organisation o" + where).params(params).query(Long.class).single();
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(Math.max(1, filter.page()), pages);
        params.put("limit", PAGE_SIZE);
        params.put("offset", (page - 1) * PAGE_SIZE);
        var rows = jdbc.sql(SELECT + where + ORDER + " LIMIT :limit OFFSET :offset").params(params)
                .query(Organisation.class).list();
        return new Page(rows, total, page, pages, PAGE_SIZE);
    }

    /**
     * Changes an organisation (not its kind: it decides what its users may see) and audits each changed
     * field, old and new value. A member structure takes the territory of its consortium.
     */
    @Transactional
    public void update(CurrentUser by, long id, Changes c) {
        // Two administrators saving at once: the second waits, then audits against what the first wrote.
        jdbc.sql("SELECT id FROM organisation WHERE id = :id FOR UPDATE").param("id", id).query(Long.class).optional()
                .orElseThrow(org.parcoursnumerique.shared.NotFoundException::new);
        Organisation before = find(id).orElseThrow();
        OrganisationKind kind = before.kind();
        Long territoryId = kind.hasTerritory() || kind.isPartner() ? c.territoryId() : null;
        if (kind == OrganisationKind.MEMBER_STRUCTURE && c.consortiumId() != null) {
            territoryId = jdbc.sql("SELECT territory_id FROM organisation WHERE id = :id AND kind = 'CONSORTIUM'")
                    .param("id", c.consortiumId()).query(Long.class).optional().orElse(territoryId);
        }
        jdbc.sql("""
                UPDATE organisation SET name = :name, territory_id = :territory, consortium_id = :consortium,
                       lead_member = :lead, legal_form = :legalForm, siret = :siret, rna = :rna,
                       prescriber_kind = :prescriberKind
                WHERE id = :id""")
                .param("name", c.name()).param("territory", territoryId)
                .param("consortium", kind == OrganisationKind.MEMBER_STRUCTURE ? c.consortiumId() : null)
                .param("lead", kind == OrganisationKind.MEMBER_STRUCTURE && c.leadMember())
                .param("legalForm", kind == OrganisationKind.MEMBER_STRUCTURE ? c.legalForm() : null)
                .param("siret", c.siret()).param("rna", c.rna())
                .param("prescriberKind", kind == OrganisationKind.PRESCRIBER ? c.prescriberKind() : null)
                .param("id", id).update();
        if (kind == OrganisationKind.MEMBER_STRUCTURE) {
            changeAddress(id, c.address());
        }
        if (kind == OrganisationKind.PRESCRIBER) {
            jdbc.sql("DELETE FROM organisation_territory WHERE organisation_id = :id").param("id", id).update();
            for (Long t : c.servedTerritoryIds()) {
                jdbc.sql("INSERT INTO organisation_territory (organisation_id, territory_id) VALUES (:o, :t)")
                        .param("o", id).param("t", t).update();
            }
        }
        Organisation after = find(id).orElseThrow();
        List<String> changes = new ArrayList<>();
        diff(changes, "name", before.name(), after.name());
        diff(changes, "territory", before.territoryCode(), after.territoryCode());
        diff(changes, "consortium", before.consortiumName(), after.consortiumName());
        diff(changes, "leadMember", before.leadMember(), after.leadMember());
        diff(changes, "legalForm", before.legalForm(), after.legalForm());
        diff(changes, "siret", before.siret(), after.siret());
        diff(changes, "rna", before.rna(), after.rna());
        diff(changes, "prescriberKind", before.prescriberKind(), after.prescriberKind());
        diff(changes, "servedTerritories", before.servedTerritories(), after.servedTerritories());
        diff(changes, "address", before.address(), after.address());
        diff(changes, "accessInfo", before.accessInfo(), after.accessInfo());
        diff(changes, "phone", before.phone(), after.phone());
        if (!changes.isEmpty()) {
            audit.record(by, null, AuditAction.ORGANISATION_CHANGED, "organisation " + id + " : " + String.join(" ; ", changes));
        }
    }

    private static void diff(List<String> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(field + " « " + (before == null ? "" : before) + " » → « " + (after == null ? "" : after) + " »");
        }
    }

    /** How many organisations are active (the administrator's home page). */
    public long countActive() {
        return jdbc.sql("SELECT COUNT(*) FROM organisation WHERE active").query(Long.class).single();
    }

    public List<Organisation> all() {
        return jdbc.sql(SELECT + ORDER).query(Organisation.class).list();
    }

    /** The names of these organisations, by id, in one query (the timeline names who did what). */
    public Map<Long, String> names(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> names = new HashMap<>();
        jdbc.sql("SELECT id, name FROM organisation WHERE id IN (:ids)").param("ids", List.copyOf(ids))
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).list()
                .forEach(e -> names.put(e.getKey(), e.getValue()));
        return names;
    }

    public Optional<Organisation> find(long id) {
        return jdbc.sql(SELECT + " WHERE o.id = :id").param("id", id).query(Organisation.class).optional();
    }

    public List<Organisation> consortia() {
        return jdbc.sql(SELECT + " WHERE o.kind = 'CONSORTIUM' ORDER BY t.code").query(Organisation.class).list();
    }

    public Optional<Organisation> findByName(String name) {
        return jdbc.sql(SELECT + " WHERE o.name = :name").param("name", name).query(Organisation.class).optional();
    }

    /** Creates an organisation; a member structure takes the territory of its consortium. */
    @Transactional
    public long create(NewOrganisation o) {
        Long territoryId = o.territoryId();
        if (o.kind() == OrganisationKind.MEMBER_STRUCTURE && o.consortiumId() != null) {
            territoryId = jdbc.sql("SELECT territory_id FROM organisation WHERE id = :id AND kind = 'CONSORTIUM'")
                    .param("id", o.consortiumId()).query(Long.class).optional().orElse(territoryId);
        }
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO organisation (kind, name, territory_id, consortium_id, lead_member, legal_form, siret, rna,
                                          prescriber_kind, created_at)
                VALUES (:kind, :name, :territory, :consortium, :lead, :legalForm, :siret, :rna, :prescriberKind, :now)""")
                .param("kind", o.kind().name()).param("name", o.name()).param("territory", territoryId)
                .param("consortium", o.kind() == OrganisationKind.MEMBER_STRUCTURE ? o.consortiumId() : null)
                .param("lead", o.leadMember()).param("legalForm", o.legalForm()).param("siret", o.siret())
                .param("rna", o.rna())
                .param("prescriberKind", o.kind() == OrganisationKind.PRESCRIBER ? o.prescriberKind() : null)
                .param("now", OffsetDateTime.now()));
        if (o.address() != null) {
            changeAddress(id, o.address());
        }
        if (o.kind() == OrganisationKind.PRESCRIBER && o.servedTerritoryIds() != null) {
            for (Long t : o.servedTerritoryIds()) {
                jdbc.sql("INSERT INTO organisation_territory (organisation_id, territory_id) VALUES (:o, :t)")
                        .param("o", id).param("t", t).update();
            }
        }
        return id;
    }

    /** Sets (or, with null, removes) the address where the organisation receives people. */
    @Transactional
    public void changeAddress(long id, Address a) {
        jdbc.sql("""
                UPDATE organisation SET address_line = :line, postcode = :postcode, city = :city,
                       access_info = :access, phone = :phone
                WHERE id = :id""")
                .param("line", a == null ? null : a.addressLine()).param("postcode", a == null ? null : a.postcode())
                .param("city", a == null ? null : a.city()).param("access", a == null ? null : a.accessInfo())
                .param("phone", a == null ? null : a.phone()).param("id", id).update();
    }

    /** The territories a prescriber organisation serves. */
    public List<Long> servedTerritoryIds(long organisationId) {
        return jdbc.sql("SELECT territory_id FROM organisation_territory WHERE organisation_id = :id ORDER BY territory_id")
                .param("id", organisationId).query(Long.class).list();
    }

    /** How to reach a structure that accompanies people: any part may be null but the name. */
    public record Contact(String name, String address, String phone, String email) {
    }

    /**
     * Whom a prescriber contacts about a person accompanied by {@code organisationId}: that member
     * structure itself, or, for a consortium (its coordinator), the consortium's coordinating
     * (lead) member structure, which receives people; the consortium itself when it has none.
     */
    public Optional<Contact> accompanyingContact(long organisationId) {
        return jdbc.sql("""
                SELECT o.name, CASE WHEN o.address_line IS NULL THEN NULL
                                    ELSE o.address_line || ', ' || o.postcode || ' ' || o.city END AS address,
                       o.phone, o.contact_email AS email
                FROM organisation o
                WHERE o.id = COALESCE(
                    (SELECT l.id FROM organisation c JOIN organisation l ON l.consortium_id = c.id AND l.lead_member AND l.active
                     WHERE c.id = :id AND c.kind = 'CONSORTIUM' ORDER BY l.id LIMIT 1), :id)""")
                .param("id", organisationId).query(Contact.class).optional();
    }

    /** Sets (or, with null, removes) the structure's contact e-mail address; validated by the caller. */
    @Transactional
    public void changeContactEmail(long id, String email) {
        jdbc.sql("UPDATE organisation SET contact_email = :email WHERE id = :id").param("email", email).param("id", id)
                .update();
    }

    public List<String> prescriberKinds() {
        return jdbc.sql("SELECT code FROM prescriber_kind ORDER BY position").query(String.class).list();
    }
}
