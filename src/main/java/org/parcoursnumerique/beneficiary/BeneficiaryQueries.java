package org.parcoursnumerique.beneficiary;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Lists, searches and reads of people, always filtered by the caller's scope in the SQL. */
@Component
class BeneficiaryQueries {

    static final int PAGE_SIZE = 25;
    /** Counting stops here: beyond it the list says "more than 10 000". */
    static final int COUNT_CAP = 10_000;

    record Row(long id, String lastName, String firstName, LocalDate birthDate, String communeName,
               String eligibilityCategory, String status, String territoryCode, String referrerName,
               OffsetDateTime createdAt) {
    }

    record Detail(long id, String lastName, String firstName, LocalDate birthDate, String phone, String email,
                  String preferredChannel, String communeInsee, String communeName, String eligibilityCategory,
                  String aseDistrictName, long referringOrganisationId, String referrerName, long territoryId,
                  String territoryCode, String territoryName, String status, LocalDate diagnosedOn,
                  String programmeName, OffsetDateTime createdAt, OffsetDateTime updatedAt, int version,
                  boolean anonymised, String ageBand) {
    }

    enum Sort { RECENT, NAME }

    /** Filters of the list page; any may be null. */
    record Filter(String q, String status, String category, Long territoryId, String commune, Sort sort, int page) {
    }

    record Page(List<Row> rows, long total, boolean totalCapped, int page, int pageCount) {
    }


    private final JdbcClient jdbc;

    BeneficiaryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Page list(DataScope scope, Filter filter) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        String where = where(scope, filter, params);
        Names.SearchQuery q = Names.searchQuery(filter.q());
        if (q.isEmpty() && filter.q() != null && !filter.q().isBlank()) {
            // Typed, but neither a letter nor a digit ("%", "'"): no name is spelled that way.
            return new Page(List.of(), 0, false, 1, 1);
        }
        // Pages beyond the counting cap are never linked; clamping also bounds the OFFSET.
        int page = Math.min(Math.max(1, filter.page()), COUNT_CAP / PAGE_SIZE);
        long offset = (long) (page - 1) * PAGE_SIZE;
        params.put("limit", PAGE_SIZE);
        params.put("offset", offset);
        params.put("cap", COUNT_CAP + 1);
        String order;
        String ids;
        String count;
        if (q.isEmpty()) {
            order = filter.sort() == Sort.NAME ? "b.name_key, b.id" : "b.created_at DESC, b.id DESC";
            ids = "SELECT b.id FROM beneficiary b WHERE %s ORDER BY %s LIMIT :limit OFFSET :offset"
                    .formatted(where, order);
            count = "SELECT COUNT(*) FROM (SELECT 1 FROM beneficiary b WHERE %s LIMIT :cap) x".formatted(where);
        } else {
            // The name, as spoken (letters and digits only, see Names.searchQuery), starts with what was
            // typed, last name first or first name first. Written as two branches rather than
            // "key LIKE q OR reverse LIKE q": each branch is one range of one index, read in key order
            // and stopped after the page, where the OR could only be served by sorting every match or
            // by walking the whole index. The second branch leaves out the people the first one
            // already found. The prefix is given as a range (lo <= key < hi): the JDBC driver prepares
            // statements on the server, and a plan made for any range can use the index. The last
            // condition of each branch lets a match pass from one name into the other only where a
            // typed word ended (cut = length of the name read first; ends = ",1,6," for "n diaye eloise").
            order = "b.name_key, b.id";
            params.put("lo", q.prefix());
            params.put("hi", Names.prefixEnd(q.prefix()));
            params.put("qlen", q.prefix().length());
            params.put("ends", q.wordEnds());
            params.put("fetch", offset + PAGE_SIZE);
            String full = "b.name_key >= :lo AND b.name_key < :hi AND " + FULL_CUT;
            String reverse = "b.name_key_reverse >= :lo AND b.name_key_reverse < :hi AND " + REVERSE_CUT
                    + " AND NOT (b.name_key >= :lo AND b.name_key < :hi AND " + FULL_CUT + ")";
            ids = """
                    SELECT m.id FROM (
                        (SELECT b.id, b.name_key FROM beneficiary b
                         WHERE %1$s AND %2$s
                         ORDER BY b.name_key, b.id LIMIT :fetch)
                        UNION ALL
                        (SELECT b.id, b.name_key FROM beneficiary b
                         WHERE %1$s AND %3$s
                         ORDER BY b.name_key, b.id LIMIT :fetch)
                    ) m ORDER BY m.name_key, m.id LIMIT :limit OFFSET :offset""".formatted(where, full, reverse);
            count = """
                    SELECT COUNT(*) FROM (
                        SELECT 1 FROM beneficiary b WHERE %1$s AND %2$s
                        UNION ALL
                        SELECT 1 FROM beneficiary b WHERE %1$s AND %3$s
                        LIMIT :cap) x""".formatted(where, full, reverse);
        }
        List<Row> rows = jdbc.sql("""
                SELECT b.id, b.last_name, b.first_name, b.birth_date, COALESCE(c.name, b.commune_insee) AS commune_name,
                       b.eligibility_category, b.status, t.code AS territory_code, o.name AS referrer_name, b.created_at
                FROM (%s) p
                JOIN beneficiary b ON b.id = p.id
                LEFT JOIN commune_v c ON c.insee_code = b.commune_insee
                JOIN territory_v t ON t.id = b.territory_id
                JOIN organisation_v o ON o.id = b.referring_organisation_id
                ORDER BY %s""".formatted(ids, order))
                .params(params).query(Row.class).list();
        long total = jdbc.sql(count).params(params).query(Long.class).single();
        boolean capped = total > COUNT_CAP;
        long shown = Math.min(total, COUNT_CAP);
        int pageCount = (int) Math.max(1, (shown + PAGE_SIZE - 1) / PAGE_SIZE);
        if (page > pageCount) {
            // A page past the end (an old link, a typed number) shows the last page, never an empty one.
            return list(scope, new Filter(filter.q(), filter.status(), filter.category(), filter.territoryId(),
                    filter.commune(), filter.sort(), pageCount));
        }
        return new Page(rows, shown, capped, page, pageCount);
    }

    /** The match stays in the last name, or passes into the first name where a typed word ended. */
    private static final String FULL_CUT = "(b.name_key_cut >= :qlen"
            + " OR CAST(:ends AS VARCHAR(400)) LIKE CONCAT('%,', b.name_key_cut, ',%'))";
    /** The same in the reverse key, whose first part is the first name. */
    private static final String REVERSE_CUT = "(CHAR_LENGTH(b.name_key) - b.name_key_cut >= :qlen"
            + " OR CAST(:ends AS VARCHAR(400)) LIKE CONCAT('%,', CHAR_LENGTH(b.name_key) - b.name_key_cut, ',%'))";

    /** The scope and the filters other than the name search. */
    private static String where(DataScope scope, Filter filter, Map<String, Object> params) {
        List<String> clauses = new ArrayList<>();
        clauses.add(scope.predicate("b"));
        if (filter.status() != null) {
            clauses.add("b.status = :status");
            params.put("status", filter.status());
        }
        if (filter.category() != null) {
            clauses.add("b.eligibility_category = :category");
            params.put("category", filter.category());
        }
        if (filter.territoryId() != null) {
            clauses.add("b.territory_id = :territory");
            params.put("territory", filter.territoryId());
        }
        if (filter.commune() != null) {
            clauses.add("b.commune_insee = :commune");
            params.put("commune", filter.commune());
        }
        return String.join(" AND ", clauses);
    }

    Optional<Detail> find(DataScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("""
                SELECT b.id, b.last_name, b.first_name, b.birth_date, b.phone, b.email, b.preferred_channel,
                       b.commune_insee, COALESCE(c.name, b.commune_insee) AS commune_name, b.eligibility_category, d.name AS ase_district_name,
                       b.referring_organisation_id, o.name AS referrer_name, b.territory_id, t.code AS territory_code,
                       t.name AS territory_name, b.status, b.diagnosed_on, p.name AS programme_name,
                       b.created_at, b.updated_at, b.version, b.anonymised, b.age_band
                FROM beneficiary b
                LEFT JOIN commune_v c ON c.insee_code = b.commune_insee
                JOIN territory_v t ON t.id = b.territory_id
                JOIN organisation_v o ON o.id = b.referring_organisation_id
                JOIN programme_v p ON p.id = b.programme_id
                LEFT JOIN ase_district_v d ON d.id = b.ase_district_id
                WHERE b.id = :id AND %s""".formatted(scope.predicate("b")))
                .params(params).query(Detail.class).optional();
    }

    /** The person's postal address (each part may be missing); read after the person was found in scope. */
    record PostalAddress(String addressLine, String addressComplement, String postcode, String city) {
        boolean known() {
            return addressLine != null && postcode != null && city != null;
        }
    }

    PostalAddress address(long beneficiaryId) {
        return jdbc.sql("SELECT address_line, address_complement, postcode, city FROM beneficiary WHERE id = :id")
                .param("id", beneficiaryId).query(PostalAddress.class).single();
    }

}
