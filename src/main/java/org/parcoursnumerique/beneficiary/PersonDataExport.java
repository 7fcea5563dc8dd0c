package org.parcoursnumerique.beneficiary;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.French;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PersonDataContributor;
import org.parcoursnumerique.shared.PersonDataPart;
import org.parcoursnumerique.shared.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Everything the platform holds about one person (the right of access, ADR 0019), collected from
 * every {@link PersonDataContributor}: the beneficiary module never depends on the stages. Also
 * tells the person's last contact, which the retention job counts from.
 */
@Service
class PersonDataExport {

    /** One module's part under its name. */
    record NamedPart(String name, PersonDataPart part) {
    }

    /** The whole export; {@code erasureFrom}: when the retention job may anonymise the person. */
    record Export(long beneficiaryId, OffsetDateTime generatedAt, LocalDate lastContact, LocalDate erasureFrom,
                  boolean anonymised, List<NamedPart> parts) {
    }

    private final ObjectProvider<PersonDataContributor> contributors;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final MessageSource messages;
    private final int retentionMonths;

    PersonDataExport(ObjectProvider<PersonDataContributor> contributors, JdbcClient jdbc, Clock clock,
                     MessageSource messages, @Value("${parcours.retention.months:24}") int retentionMonths) {
        this.contributors = contributors;
        this.jdbc = jdbc;
        this.clock = clock;
        this.messages = messages;
        this.retentionMonths = retentionMonths;
    }

    /**
     * Who may download the whole file: those who answer the person's requests about their data, the
     * coordinator of the person's territory and the département's programme team (their scope is
     * checked by the caller). Mediators pass the request on (ADR 0019).
     */
    static boolean mayExport(CurrentUser user) {
        return user.has(Role.COORDINATOR, Role.PROGRAMME_MANAGER);
    }

    List<PersonDataContributor> contributors() {
        return contributors.orderedStream().sorted(Comparator.comparingInt(PersonDataContributor::order)).toList();
    }

    /** The export of a person already found in the caller's scope. */
    Export collect(long beneficiaryId) {
        List<NamedPart> parts = new ArrayList<>();
        for (PersonDataContributor c : contributors()) {
            parts.add(new NamedPart(c.name(), c.export(beneficiaryId)));
        }
        LocalDate last = lastContacts(List.of(beneficiaryId)).get(beneficiaryId);
        boolean anonymised = jdbc.sql("SELECT anonymised FROM beneficiary WHERE id = :id").param("id", beneficiaryId)
                .query(Boolean.class).single();
        return new Export(beneficiaryId, OffsetDateTime.now(clock), last,
                last == null ? null : last.plusMonths(retentionMonths), anonymised, parts);
    }

    /**
     * The latest contact of each person, the latest of what every module says (null when none says
     * anything): one query, one scalar subquery per module.
     */
    Map<Long, LocalDate> lastContacts(List<Long> ids) {
        List<String> subqueries = contributors().stream().map(PersonDataContributor::lastContactSql)
                .flatMap(Optional::stream).toList();
        Map<Long, LocalDate> result = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        StringBuilder select = new StringBuilder("SELECT b.id");
        for (int i = 0; i < subqueries.size(); i++) {
            select.append(", (").append(subqueries.get(i)).append(") AS c").append(i);
        }
        select.append(" FROM beneficiary b WHERE b.id IN (:ids)");
        jdbc.sql(select.toString()).param("ids", ids).query(rs -> {
            LocalDate latest = null;
            for (int i = 0; i < subqueries.size(); i++) {
                LocalDate d = day(rs.getObject(i + 2));
                if (d != null && (latest == null || d.isAfter(latest))) {
                    latest = d;
                }
            }
            result.put(rs.getLong(1), latest);
        });
        return result;
    }

    /** A date or timestamp as the drivers give it, as a day in Paris. */
    static LocalDate day(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof OffsetDateTime t) {
            return t.atZoneSameInstant(PageContext.ZONE).toLocalDate();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().atZone(PageContext.ZONE).toLocalDate();
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.toLocalDate();
        }
        if (value instanceof java.time.Instant t) {
            return t.atZone(PageContext.ZONE).toLocalDate();
        }
        throw new IllegalStateException("not a date: " + value.getClass());
    }

    /** A value of a part as the PDF writes it, in French. */
    String display(Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return "—";
        }
        if (value instanceof LocalDate d) {
            return French.date(d);
        }
        if (value instanceof OffsetDateTime t) {
            return French.dateTime(t);
        }
        if (value instanceof Boolean b) {
            return PersonDataPart.text(messages, b ? "personData.yes" : "personData.no");
        }
        return value.toString();
    }

    /** The JSON file: each module's part under its name, values in ISO form. */
    Map<String, Object> json(Export export) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("beneficiaryId", export.beneficiaryId());
        root.put("generatedAt", export.generatedAt());
        root.put("lastContact", export.lastContact());
        root.put("anonymisationFrom", export.erasureFrom());
        root.put("anonymised", export.anonymised());
        Map<String, Object> parts = new LinkedHashMap<>();
        for (NamedPart p : export.parts()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("title", p.part().title());
            List<Map<String, Object>> blocks = new ArrayList<>();
            for (var block : p.part().blocks()) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("heading", block.heading());
                if (block.isTable()) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (var row : block.rows()) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        for (int i = 0; i < block.columns().size(); i++) {
                            r.put(block.columns().get(i), i < row.size() ? row.get(i) : null);
                        }
                        rows.add(r);
                    }
                    b.put("rows", rows);
                } else {
                    b.put("values", block.values());
                }
                blocks.add(b);
            }
            part.put("blocks", blocks);
            parts.put(p.name(), part);
        }
        root.put("parts", parts);
        return root;
    }
}
