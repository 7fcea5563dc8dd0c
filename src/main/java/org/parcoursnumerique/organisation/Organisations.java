package org.parcoursnumerique.organisation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.parcoursnumerique.shared.Keys;
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
                      JOIN territory st ON st.id = ot.territory_id WHERE ot.organisation_id = o.id) AS served_territories,
                   o.active,
                   (SELECT COUNT(*) FROM user_account u WHERE u.organisation_id = o.id AND u.active) AS user_count,
                   o.address_line, o.postcode, o.city, o.access_info, o.phone
            FROM organisation o
            LEFT JOIN territory t ON t.id = o.territory_id
            LEFT JOIN organisation c ON c.id = o.consortium_id
            """;

    private final JdbcClient jdbc;

    Organisations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Organisation> all() {
        return jdbc.sql(SELECT + " ORDER BY CASE o.kind WHEN 'PLATFORM' THEN 0 WHEN 'DEPARTEMENT' THEN 1 WHEN 'EPT' THEN 2 "
                        + "WHEN 'CONSORTIUM' THEN 3 WHEN 'MEMBER_STRUCTURE' THEN 4 ELSE 5 END, t.code, o.name")
                .query(Organisation.class).list();
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
