package org.parcoursnumerique.study;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.shared.AgeBand;
import org.parcoursnumerique.shared.KeyedHash;
import org.parcoursnumerique.shared.StreamingQueries;
import org.parcoursnumerique.shared.StudyEventSource;
import org.springframework.stereotype.Component;

/**
 * Writes the two files of the study dataset (ADR 0042) as CSV ({@code ,}, UTF-8, a header row):
 * one row per person whose current answer to the study consent is yes, one row per event of those
 * people. The person is a keyed hash of the campaign; no name, contact, birth date (the age band at
 * entry instead), free text or staff identifier. The commune is kept only where at least
 * {@value #K} exported people share commune × age band × eligibility category; otherwise it becomes
 * the territory's code, and where even the territory's group is under {@value #K}, the person is
 * left out (with their events), so that every group of these quasi-identifiers in the file holds
 * at least {@value #K} people.
 *
 * <p>Memory stays flat: people are read twice (counting the groups, then writing), the events are
 * streamed by their modules, and a bit per person id remembers who is in the file.
 */
@Component
class StudyDataset {

    /** The smallest group of commune × age band × eligibility category that the file may show. */
    static final int K = 5;

    static final List<String> PEOPLE_FIXED = List.of("person_key", "territory", "commune", "age_band", "eligibility_category");
    static final List<String> EVENT_COLUMNS = List.of("person_key", "event", "date", "item", "value");

    record Result(long people, long events, long generalised, long suppressed) {
    }

    private static final String CONSENTED = """
            EXISTS (SELECT 1 FROM consent_v c WHERE c.beneficiary_id = b.id AND c.purpose = 'EVALUATION_STUDY' AND c.accepted
                    AND NOT EXISTS (SELECT 1 FROM consent_v n WHERE n.beneficiary_id = c.beneficiary_id
                                    AND n.purpose = 'EVALUATION_STUDY'
                                    AND (n.recorded_at > c.recorded_at OR (n.recorded_at = c.recorded_at AND n.id > c.id))))""";

    private final StreamingQueries queries;
    private final KeyedHash keyedHash;
    private final List<StudyEventSource> sources;

    StudyDataset(StreamingQueries queries, KeyedHash keyedHash, List<StudyEventSource> sources) {
        this.queries = queries;
        this.keyedHash = keyedHash;
        this.sources = sources;
    }

    List<StudyEventSource> sources() {
        return sources;
    }

    /** The people file's columns: the fixed ones, then one date per milestone ({@code referred_on}, …). */
    static List<String> peopleColumns() {
        List<String> columns = new ArrayList<>(PEOPLE_FIXED);
        for (Milestone m : Milestone.values()) {
            columns.add(dateColumn(m));
        }
        return columns;
    }

    static String dateColumn(Milestone m) {
        return m.name().toLowerCase(Locale.ROOT) + "_on";
    }

    /** The person key of a campaign: HMAC-SHA-256 of the id, with the platform's key and the campaign's salt (128 bits shown). */
    UnaryOperator<String> personKeys(String salt) {
        UnaryOperator<String> hmac = keyedHash.hasher("study:" + salt);
        return id -> hmac.apply(id).substring(0, 32);
    }

    /** Writes both files for the programme's people; the streams are left open. */
    Result write(long programmeId, String salt, OutputStream peopleOut, OutputStream eventsOut) {
        // Pass 1: who is in, and the size of each group of quasi-identifiers.
        BitSet in = new BitSet();
        Map<String, int[]> communeGroups = new HashMap<>();
        Map<Long, String> territories = new HashMap<>();
        queries.stream("""
                SELECT b.id, b.commune_insee, b.eligibility_category, b.birth_date, b.created_at, b.territory_id
                FROM beneficiary_v b WHERE b.programme_id = :p""" + " AND " + CONSENTED, Map.of("p", programmeId), rs -> {
                    in.set(Math.toIntExact(rs.getLong(1)));
                    String band = AgeBand.atEntry(rs.getObject(4, LocalDate.class),
                            rs.getObject(5, OffsetDateTime.class)).code();
                    communeGroups.computeIfAbsent(rs.getLong(6) + "|" + rs.getString(2) + "|" + band + "|" + rs.getString(3),
                            k -> new int[1])[0]++;
                });
        // The generalised people pooled by territory × age band × eligibility category.
        Map<String, int[]> territoryGroups = new HashMap<>();
        queries.stream("SELECT t.id, t.code FROM territory_v t", Map.of(), rs -> territories.put(rs.getLong(1), rs.getString(2)));
        communeGroups.forEach((key, count) -> {
            if (count[0] < K) {
                String[] parts = key.split("\\|", -1);
                territoryGroups.computeIfAbsent(parts[0] + "|" + parts[2] + "|" + parts[3], k -> new int[1])[0] += count[0];
            }
        });

        UnaryOperator<String> personKey = personKeys(salt);
        long[] people = new long[3];
        // Pass 2: the people file, with the date each milestone was reached.
        StringBuilder pivot = new StringBuilder();
        for (Milestone m : Milestone.values()) {
            pivot.append(", MAX(CASE WHEN code = '").append(m.name()).append("' THEN reached_on END) AS ").append(dateColumn(m));
        }
        try (Writer csv = Csv.writer(peopleOut)) {
            Csv.row(csv, peopleColumns());
            List<String> row = new ArrayList<>();
            queries.stream("""
                    SELECT b.id, b.commune_insee, b.eligibility_category, b.birth_date, b.created_at, b.territory_id, m.*
                    FROM beneficiary_v b
                    LEFT JOIN (SELECT beneficiary_id%s FROM milestone_v WHERE programme_id = :p GROUP BY beneficiary_id) m
                           ON m.beneficiary_id = b.id
                    WHERE b.programme_id = :p""".formatted(pivot), Map.of("p", programmeId), rs -> {
                        long id = rs.getLong(1);
                        if (!in.get(Math.toIntExact(id))) {
                            return;
                        }
                        String commune = rs.getString(2);
                        String category = rs.getString(3);
                        String band = AgeBand.atEntry(rs.getObject(4, LocalDate.class),
                                rs.getObject(5, OffsetDateTime.class)).code();
                        long territoryId = rs.getLong(6);
                        String territory = territories.get(territoryId);
                        String place = commune;
                        // Read in the same snapshot as pass 1 (repeatable read), so the group is there.
                        int[] group = communeGroups.get(territoryId + "|" + commune + "|" + band + "|" + category);
                        if (group == null || group[0] < K) {
                            int[] pooled = territoryGroups.get(territoryId + "|" + band + "|" + category);
                            if (group == null || pooled == null || pooled[0] < K) {
                                in.clear(Math.toIntExact(id));
                                people[2]++;
                                return;
                            }
                            place = territory;
                            people[1]++;
                        }
                        row.clear();
                        row.add(personKey.apply(Long.toString(id)));
                        row.add(territory);
                        row.add(place);
                        row.add(band);
                        row.add(category);
                        for (Milestone m : Milestone.values()) {
                            LocalDate on = rs.getObject(dateColumn(m), LocalDate.class);
                            row.add(on == null ? "" : on.toString());
                        }
                        write(csv, row);
                        people[0]++;
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Pass 3: the events of the people in the file, from every module.
        long[] events = new long[1];
        try (Writer csv = Csv.writer(eventsOut)) {
            Csv.row(csv, EVENT_COLUMNS);
            List<String> row = new ArrayList<>(5);
            for (StudyEventSource source : sources) {
                source.events(programmeId, (beneficiaryId, event, date, item, value) -> {
                    if (beneficiaryId > Integer.MAX_VALUE || !in.get((int) beneficiaryId)) {
                        return;
                    }
                    row.clear();
                    row.add(personKey.apply(Long.toString(beneficiaryId)));
                    row.add(event);
                    row.add(date == null ? "" : date.toString());
                    row.add(item == null ? "" : item);
                    row.add(value == null ? "" : value);
                    write(csv, row);
                    events[0]++;
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(people[0], events[0], people[1], people[2]);
    }

    private static void write(Writer csv, List<String> row) {
        try {
            Csv.row(csv, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
