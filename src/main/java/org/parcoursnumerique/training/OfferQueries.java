package org.parcoursnumerique.training;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.parcoursnumerique.diagnostic.TrainingLevel;
import org.parcoursnumerique.diagnostic.TrainingTheme;
import org.parcoursnumerique.shared.Pagination;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads of the catalogue. Imported offers are public facts read by every member of the staff; a
 * dedicated training only in the territories of the reader's {@link TerritoryScope} (ADR 0036).
 */
@Component
class OfferQueries {

    static final int PAGE_SIZE = 20;

    enum Modality { ON_SITE, REMOTE }

    /**
     * What the catalogue is searched by; every criterion optional. {@code near} the centre of a
     * commune with {@code radiusKm} around it; {@code commune} only the offers of that commune.
     */
    record Criteria(Set<TrainingTheme> themes, TrainingLevel level, String commune, CommuneCentres.Centre near,
                    Integer radiusKm, Boolean freeOnly, Modality modality, boolean accessibleOnly, boolean dedicatedOnly,
                    String q) {
    }

    record OfferRow(long id, String format, String name, String address, String postcode, String commune,
                    Boolean freeOfCharge, boolean onSite, boolean remote, boolean accessible, String level,
                    Double distanceKm, List<TrainingTheme> themes, LocalDate nextSession) {

        boolean dedicated() {
            return "dedicated".equals(format);
        }
    }

    record Page(List<OfferRow> rows, Pagination pagination) {
    }

    record Offer(long id, String source, String sourceId, String format, String name, String siret, String address,
                 String postcode, String inseeCode, String commune, Double latitude, Double longitude, Long territoryId,
                 String phone, String email, String website, String hours, String summary, Boolean freeOfCharge,
                 String fees, boolean onSite, boolean remote, boolean accessible, String accessibilityUrl,
                 String specificSupport, String accessModes, String level, Long trainerOrganisationId,
                 LocalDate sourceUpdatedOn) {

        boolean dedicated() {
            return "dedicated".equals(format);
        }

        /** The address in one line, for slips and messages. */
        String fullAddress() {
            StringBuilder s = new StringBuilder(address == null ? "" : address);
            if (postcode != null || commune != null) {
                s.append(s.isEmpty() ? "" : ", ").append(postcode == null ? "" : postcode + " ")
                        .append(commune == null ? "" : commune);
            }
            return s.toString().strip();
        }
    }

    record Session(long id, long offerId, LocalDate startsOn, LocalDate endsOn, String schedule, String place,
                   int capacity, int registered) {
        int left() {
            return capacity - registered;
        }
    }

    private final JdbcClient jdbc;

    OfferQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Where an offer is visible to a reader of the given scope. */
    static String visible(String alias, TerritoryScope scope) {
        return "(" + alias + ".format <> 'dedicated' OR " + scope.predicate(alias + ".territory_id") + ")";
    }

    Page search(Criteria c, TerritoryScope scope, String requestedPage, String base) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        List<String> where = new ArrayList<>();
        where.add(visible("o", scope));
        if (c.themes() != null && !c.themes().isEmpty()) {
            where.add("""
                    EXISTS (SELECT 1 FROM training_offer_service s JOIN training_theme_mapping m
                              ON m.vocabulary = s.vocabulary AND m.term = s.term
                            WHERE s.offer_id = o.id AND m.theme IN (:themes))""");
            params.put("themes", c.themes().stream().map(Enum::name).toList());
        }
        if (c.level() != null && c.level() != TrainingLevel.NONE) {
            where.add("(o.level IS NULL OR o.level = :level)");
            params.put("level", c.level().name());
        }
        if (c.commune() != null) {
            where.add("o.insee_code = :commune");
            params.put("commune", c.commune());
        }
        String distance = "NULL";
        if (c.near() != null) {
            double kx = 111.32 * Math.cos(Math.toRadians(c.near().latitude()));
            params.put("lat", c.near().latitude());
            params.put("lon", c.near().longitude());
            params.put("kx", kx);
            distance = "SQRT(((o.latitude - :lat) * 110.57) * ((o.latitude - :lat) * 110.57)"
                    + " + ((o.longitude - :lon) * :kx) * ((o.longitude - :lon) * :kx))";
            if (c.radiusKm() != null) {
                int r = c.radiusKm();
                // A box first (the position index), then the circle.
                where.add("o.latitude BETWEEN :latMin AND :latMax AND o.longitude BETWEEN :lonMin AND :lonMax");
                params.put("latMin", c.near().latitude() - r / 110.57);
                params.put("latMax", c.near().latitude() + r / 110.57);
                params.put("lonMin", c.near().longitude() - r / kx);
                params.put("lonMax", c.near().longitude() + r / kx);
                where.add(distance + " <= :radius");
                params.put("radius", (double) r);
            }
        }
        if (Boolean.TRUE.equals(c.freeOnly())) {
            where.add("o.free_of_charge = TRUE");
        }
        if (c.modality() == Modality.ON_SITE) {
            where.add("o.on_site = TRUE");
        } else if (c.modality() == Modality.REMOTE) {
            where.add("o.remote = TRUE");
        }
        if (c.accessibleOnly()) {
            where.add("o.accessible = TRUE");
        }
        if (c.dedicatedOnly()) {
            where.add("o.format = 'dedicated'");
        }
        if (c.q() != null && !c.q().isBlank()) {
            where.add("o.name_key LIKE :q");
            params.put("q", "%" + org.parcoursnumerique.shared.Names.normalise(c.q()).replace("%", "").replace("_", "") + "%");
        }
        String condition = String.join(" AND ", where);
        params.put("cap", Pagination.DEFAULT_COUNT_CAP + 1);
        long counted = jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM training_offer o WHERE %s LIMIT :cap) x"
                .formatted(condition)).params(params).query(Long.class).single();
        Pagination pagination = Pagination.of(requestedPage, PAGE_SIZE, counted, Pagination.DEFAULT_COUNT_CAP, base);
        params.put("limit", pagination.limit());
        params.put("offset", pagination.offset());
        // Dedicated trainings first (the consortium made them for these people), then the nearest.
        String order = c.near() != null
                ? "CASE WHEN o.format = 'dedicated' THEN 0 ELSE 1 END, distance_km NULLS LAST, o.name_key, o.id"
                : "CASE WHEN o.format = 'dedicated' THEN 0 ELSE 1 END, o.name_key, o.id";
        List<Object[]> raw = jdbc.sql("""
                SELECT o.id, o.format, o.name, o.address, o.postcode, o.commune, o.free_of_charge, o.on_site, o.remote,
                       o.accessible, o.level, %s AS distance_km
                FROM training_offer o WHERE %s ORDER BY %s LIMIT :limit OFFSET :offset"""
                .formatted(distance, condition, order))
                .params(params)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), (Boolean) rs.getObject(7), rs.getBoolean(8), rs.getBoolean(9),
                        rs.getBoolean(10), rs.getString(11), rs.getObject(12) == null ? null : rs.getDouble(12)})
                .list();
        List<Long> ids = raw.stream().map(r -> (Long) r[0]).toList();
        Map<Long, List<TrainingTheme>> themes = themes(ids);
        Map<Long, LocalDate> next = nextSessions(ids);
        List<OfferRow> rows = raw.stream().map(r -> new OfferRow((Long) r[0], (String) r[1], (String) r[2],
                (String) r[3], (String) r[4], (String) r[5], (Boolean) r[6], (Boolean) r[7], (Boolean) r[8],
                (Boolean) r[9], (String) r[10], (Double) r[11], themes.getOrDefault((Long) r[0], List.of()),
                next.get((Long) r[0]))).toList();
        return new Page(rows, pagination);
    }

    /** The diagnostic's themes of each offer, through the mapping. */
    Map<Long, List<TrainingTheme>> themes(List<Long> ids) {
        Map<Long, List<TrainingTheme>> map = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return map;
        }
        Map<Long, Set<TrainingTheme>> sets = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT s.offer_id, m.theme FROM training_offer_service s JOIN training_theme_mapping m
                  ON m.vocabulary = s.vocabulary AND m.term = s.term
                WHERE s.offer_id IN (:ids)""").param("ids", ids)
                .query(rs -> {
                    sets.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(TrainingTheme.class))
                            .add(TrainingTheme.valueOf(rs.getString(2)));
                });
        sets.forEach((k, v) -> map.put(k, List.copyOf(v)));
        return map;
    }

    private Map<Long, LocalDate> nextSessions(List<Long> ids) {
        Map<Long, LocalDate> map = new HashMap<>();
        if (ids.isEmpty()) {
            return map;
        }
        jdbc.sql("""
                SELECT offer_id, MIN(starts_on) FROM training_session
                WHERE offer_id IN (:ids) AND starts_on >= CURRENT_DATE AND registered < capacity GROUP BY offer_id""")
                .param("ids", ids).query(rs -> {
                    map.put(rs.getLong(1), rs.getObject(2, LocalDate.class));
                });
        return map;
    }

    Optional<Offer> find(long id, TerritoryScope scope) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT o.id, o.source, o.source_id, o.format, o.name, o.siret, o.address, o.postcode, o.insee_code,
                       o.commune, o.latitude, o.longitude, o.territory_id, o.phone, o.email, o.website, o.hours,
                       o.summary, o.free_of_charge, o.fees, o.on_site, o.remote, o.accessible, o.accessibility_url,
                       o.specific_support, o.access_modes, o.level, o.trainer_organisation_id, o.source_updated_on
                FROM training_offer o WHERE o.id = :id AND %s""".formatted(visible("o", scope)))
                .params(params).query(Offer.class).optional();
    }

    /** An offer whatever the reader (for a person's orientation already made, the slip, the export). */
    Optional<Offer> find(long id) {
        return find(id, TerritoryScope.all());
    }

    /** The raw services or thématiques of an offer, as the file gave them. */
    List<String> services(long offerId) {
        return jdbc.sql("SELECT term FROM training_offer_service WHERE offer_id = :id AND vocabulary <> 'theme' ORDER BY term")
                .param("id", offerId).query(String.class).list();
    }

    List<Session> sessions(long offerId, boolean comingOnly) {
        return jdbc.sql("""
                SELECT id, offer_id, starts_on, ends_on, schedule, place, capacity, registered FROM training_session
                WHERE offer_id = :id %s ORDER BY starts_on, id""".formatted(comingOnly ? "AND starts_on >= CURRENT_DATE" : ""))
                .param("id", offerId).query(Session.class).list();
    }

    Optional<Session> session(long id) {
        return jdbc.sql("""
                SELECT id, offer_id, starts_on, ends_on, schedule, place, capacity, registered FROM training_session
                WHERE id = :id""").param("id", id).query(Session.class).optional();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM training_offer").query(Long.class).single();
    }
}
