package org.parcoursnumerique.connection;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The connection offers of each territory (ADR 0033): what the consortium negotiated with operators,
 * what a month costs and what the programme pays of it. Not personal data: read and written through
 * {@link TerritoryScope} (the coordination and logistics of the territory and the département write,
 * the territory's staff read). An offer in use is deactivated rather than deleted.
 */
@Service
class Offers {

    /** An offer as lists and forms show it. */
    record Offer(long id, long territoryId, OfferKind kind, String name, String operator, int monthlyPriceCents,
                 int programmeShareCents, boolean active) {
    }

    /** An offer as typed, checked. */
    record OfferChange(long territoryId, OfferKind kind, String name, String operator, int monthlyPriceCents,
                       int programmeShareCents, boolean active) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Offers(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Offer> list(TerritoryScope scope, boolean activeOnly) {
        return jdbc.sql("""
                SELECT id, territory_id, kind, name, operator, monthly_price_cents, programme_share_cents, active
                FROM connection_offer o WHERE %s%s ORDER BY territory_id, active DESC, name, id"""
                        .formatted(scope.predicate("o.territory_id"), activeOnly ? " AND o.active" : ""))
                .params(scope.parameters()).query(Offers::offer).list();
    }

    Optional<Offer> find(TerritoryScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT id, territory_id, kind, name, operator, monthly_price_cents, programme_share_cents, active
                FROM connection_offer o WHERE o.id = :id AND %s""".formatted(scope.predicate("o.territory_id")))
                .params(params).query(Offers::offer).optional();
    }

    /** An offer by id, whatever the territory: the caller compares it with the person's territory. */
    Optional<Offer> find(long id) {
        return find(TerritoryScope.all(), id);
    }

    /** Creates an offer; {@link ConflictException} when the territory already has one of that name. */
    @Transactional
    long create(TerritoryScope scope, Long byUserId, OfferChange c) {
        scope.check(c.territoryId());
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            return org.parcoursnumerique.shared.Keys.insert(jdbc.sql("""
                    INSERT INTO connection_offer (territory_id, kind, name, operator, monthly_price_cents,
                                                  programme_share_cents, active, created_at, updated_at, updated_by)
                    VALUES (:territory, :kind, :name, :operator, :price, :share, :active, :now, :now, :by)""")
                    .param("territory", c.territoryId()).param("kind", c.kind().name()).param("name", c.name())
                    .param("operator", c.operator()).param("price", c.monthlyPriceCents())
                    .param("share", c.programmeShareCents()).param("active", c.active()).param("now", now)
                    .param("by", byUserId));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("connection.offer.nameTaken");
        }
    }

    /** Changes an offer of the scope (its territory stays). */
    @Transactional
    void update(TerritoryScope scope, Long byUserId, long id, OfferChange c) {
        Offer current = find(scope, id).orElseThrow(NotFoundException::new);
        try {
            jdbc.sql("""
                    UPDATE connection_offer SET kind = :kind, name = :name, operator = :operator,
                           monthly_price_cents = :price, programme_share_cents = :share, active = :active,
                           updated_at = :now, updated_by = :by
                    WHERE id = :id""")
                    .param("kind", c.kind().name()).param("name", c.name()).param("operator", c.operator())
                    .param("price", c.monthlyPriceCents()).param("share", c.programmeShareCents())
                    .param("active", c.active()).param("now", OffsetDateTime.now(clock)).param("by", byUserId)
                    .param("id", current.id()).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("connection.offer.nameTaken");
        }
    }

    private static Offer offer(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Offer(rs.getLong("id"), rs.getLong("territory_id"), OfferKind.valueOf(rs.getString("kind")),
                rs.getString("name"), rs.getString("operator"), rs.getInt("monthly_price_cents"),
                rs.getInt("programme_share_cents"), rs.getBoolean("active"));
    }
}
