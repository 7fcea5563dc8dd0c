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
                               boolean active, long userCount) {
    }

    /** What a new organisation is made of; validated by the caller. */
    public record NewOrganisation(OrganisationKind kind, String name, Long territoryId, Long consortiumId,
                                  boolean leadMember, String legalForm, String siret, String rna,
                                  String prescriberKind, List<Long> servedTerritoryIds) {
    }

    private static final String SELECT = """
            SELECT o.id, o.kind, o.name, o.territory_id, t.code AS territory_code, o.consortium_id,
                   c.name AS consortium_name, o.lead_member, o.legal_form, o.siret, o.rna, o.prescriber_kind,
                   (SELECT STRING_AGG(st.code, ', ' ORDER BY st.code) FROM organisation_territory ot
                      JOIN territory st ON st.id = ot.territory_id WHERE ot.organisation_id = o.id) AS served_territories,
                   o.active,
                   (SELECT COUNT(*) FROM user_account u WHERE u.organisation_id = o.id AND u.active) AS user_count
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
        if (o.kind() == OrganisationKind.PRESCRIBER && o.servedTerritoryIds() != null) {
            for (Long t : o.servedTerritoryIds()) {
                jdbc.sql("INSERT INTO organisation_territory (organisation_id, territory_id) VALUES (:o, :t)")
                        .param("o", id).param("t", t).update();
            }
        }
        return id;
    }

    public List<String> prescriberKinds() {
        return jdbc.sql("SELECT code FROM prescriber_kind ORDER BY position").query(String.class).list();
    }
}
