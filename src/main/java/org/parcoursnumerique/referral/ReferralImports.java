package org.parcoursnumerique.referral;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.parcoursnumerique.shared.Hashes;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.PageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CSV imports of referrals: decoding (UTF-8 with or without BOM, or Windows-1252), delimiter
 * (semicolon or comma), one check per row with the rules of the web form, a report that lists each
 * rejected row with its line, column and a French message, and the rejected rows offered back.
 * Each valid row is written with its fingerprint, in transactions of {@link #CHUNK_ROWS} rows, so a
 * second upload of the same file creates nothing and a failure never leaves half a row.
 */
@Service
public class ReferralImports {

    private static final Logger log = LoggerFactory.getLogger(ReferralImports.class);

    public static final List<String> HEADERS = List.of("nom", "prenom", "date_naissance", "commune", "categorie",
            "circonscription_ase", "telephone", "email", "besoins", "consentement");

    private static final Map<String, String> COLUMN_OF_FIELD = Map.ofEntries(Map.entry("lastName", "nom"),
            Map.entry("firstName", "prenom"), Map.entry("birthDate", "date_naissance"), Map.entry("commune", "commune"),
            Map.entry("eligibilityCategory", "categorie"), Map.entry("rsaSituation", "categorie"),
            Map.entry("aseDistrict", "circonscription_ase"), Map.entry("phone", "telephone"),
            Map.entry("email", "email"), Map.entry("needs", "besoins"), Map.entry("consent", "consentement"),
            Map.entry("preferredChannel", "telephone"));
    /** Rows written per transaction (and between two updates of the progress shown). */
    static final int CHUNK_ROWS = 50;
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    /** One explained refusal. */
    public record RowError(int line, String column, String message) {
    }

    /** What an import did. */
    public record Report(long importId, int totalRows, int accepted, int rejected, int duplicates,
                         List<RowError> errors, String failure) {
    }

    private final JdbcClient jdbc;
    private final Referrals referrals;
    private final EligibilityCategories categories;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final Clock clock;
    private final int maxRows;
    private final int maxMegabytes;

    ReferralImports(JdbcClient jdbc, Referrals referrals, EligibilityCategories categories, TransactionTemplate tx,
                    MessageSource messages, Clock clock,
                    @Value("${parcours.referral.import.max-rows:10000}") int maxRows,
                    @Value("${parcours.referral.import.max-megabytes:5}") int maxMegabytes) {
        if (maxRows < 1 || maxMegabytes < 1 || maxMegabytes > 1024) {
            throw new IllegalArgumentException("parcours.referral.import.max-rows must be at least 1 and "
                    + "parcours.referral.import.max-megabytes between 1 and 1024");
        }
        this.jdbc = jdbc;
        this.referrals = referrals;
        this.categories = categories;
        this.tx = tx;
        this.messages = messages;
        this.clock = clock;
        this.maxRows = maxRows;
        this.maxMegabytes = maxMegabytes;
    }

    /** The most rows a file may have ({@code parcours.referral.import.max-rows}, 10 000 by default). */
    public int maxRows() {
        return maxRows;
    }

    /** Records a new import and returns its id; {@link #run} does the work. */
    public long start(long organisationId, Long userId, String fileName) {
        return Keys.insert(jdbc.sql("""
                INSERT INTO referral_import (organisation_id, user_id, file_name, created_at)
                VALUES (:org, :user, :name, :now)""")
                .param("org", organisationId).param("user", userId)
                .param("name", fileName == null ? null
                        : org.parcoursnumerique.shared.Names.storable(fileName.substring(0, Math.min(fileName.length(), 255))))
                .param("now", OffsetDateTime.now(clock)));
    }

    /** Reads the file and imports its rows, updating progress as it goes. Never throws for bad input. */
    public Report run(long importId, byte[] content, Referrals.Submitter by) {
        try {
            return doRun(importId, content, by);
        } catch (RuntimeException | IOException e) {
            log.error("Import {} failed", importId, e);
            return fail(importId, text("import.failure.unexpected"));
        }
    }

    private Report doRun(long importId, byte[] content, Referrals.Submitter by) throws IOException {
        if (content == null || content.length == 0) {
            return fail(importId, text("import.failure.empty"));
        }
        if (content.length > maxMegabytes * 1024L * 1024L) {
            return fail(importId, text("import.failure.tooLarge", maxMegabytes));
        }
        String csv = decode(content);
        String firstLine = csv.lines().findFirst().orElse("");
        char delimiter = count(firstLine, ';') >= count(firstLine, ',') ? ';' : ',';
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true)
                .setIgnoreHeaderCase(true)
                // The template explains the accepted values on lines starting with '#'.
                .setCommentMarker('#').get();
        List<CSVRecord> records;
        Map<String, Integer> headerMap;
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            headerMap = parser.getHeaderMap();
            List<String> missing = HEADERS.stream()
                    .filter(h -> headerMap.keySet().stream().noneMatch(k -> k != null && k.strip().equalsIgnoreCase(h)))
                    .toList();
            if (!missing.isEmpty()) {
                return fail(importId, text("import.failure.headers", String.join(", ", missing),
                        String.join(String.valueOf(delimiter), HEADERS)));
            }
            records = new ArrayList<>();
            for (CSVRecord record : parser) {
                records.add(record);
                if (records.size() > maxRows) {
                    return fail(importId, text("import.failure.tooManyRows", maxRows));
                }
            }
        } catch (java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            return fail(importId, text("import.failure.unreadable"));
        }
        jdbc.sql("UPDATE referral_import SET total_rows = :total WHERE id = :id")
                .param("total", records.size()).param("id", importId).update();

        Tally tally = new Tally();
        // Rows are written in chunks, each in one transaction with the progress it makes: one commit
        // (one WAL flush) per chunk instead of one per row. A failure rolls its chunk back whole and
        // stops the import; the rows of the committed chunks stay, and uploading the file again
        // imports the rest (their fingerprints tell them apart), as before.
        for (int from = 0; from < records.size(); from += CHUNK_ROWS) {
            int first = from;
            int end = Math.min(from + CHUNK_ROWS, records.size());
            tx.executeWithoutResult(status -> {
                for (int i = first; i < end; i++) {
                    importRow(importId, records.get(i), headerMap, by, tally);
                }
                jdbc.sql("""
                        UPDATE referral_import SET processed_rows = :processed, accepted = :accepted, rejected = :rejected,
                               duplicates = :duplicates WHERE id = :id""")
                        .param("processed", end).param("accepted", tally.accepted).param("rejected", tally.rejected)
                        .param("duplicates", tally.duplicates).param("id", importId).update();
            });
        }
        jdbc.sql("""
                UPDATE referral_import SET processed_rows = :total, accepted = :accepted, rejected = :rejected,
                       duplicates = :duplicates, finished_at = :now WHERE id = :id""")
                .param("total", records.size()).param("accepted", tally.accepted).param("rejected", tally.rejected)
                .param("duplicates", tally.duplicates).param("now", OffsetDateTime.now(clock)).param("id", importId).update();
        // One email per territory for the whole file, not one per row.
        tx.executeWithoutResult(status -> tally.territories.forEach(referrals::notifyCoordinators));
        log.info("Import {}: {} rows, {} accepted, {} rejected, {} already imported", importId, records.size(),
                tally.accepted, tally.rejected, tally.duplicates);
        return new Report(importId, records.size(), tally.accepted, tally.rejected, tally.duplicates, tally.errors, null);
    }

    /** What the rows of a file did so far. */
    private static final class Tally {
        final java.util.Set<Long> territories = new java.util.LinkedHashSet<>();
        final List<RowError> errors = new ArrayList<>();
        int accepted;
        int duplicates;
        int rejected;
    }

    /** Checks one row and writes it, in the caller's transaction, or explains why it is rejected. */
    private void importRow(long importId, CSVRecord record, Map<String, Integer> headerMap, Referrals.Submitter by,
                           Tally tally) {
        int line = (int) record.getRecordNumber() + 1;
        Map<String, String> row = values(record, headerMap);
        List<RowError> rowErrors = new ArrayList<>();
        LocalDate birthDate = parseDate(row.get("date_naissance"), line, rowErrors);
        Boolean consent = parseConsent(row.get("consentement"), line, rowErrors);
        for (var entry : row.entrySet()) {
            if (entry.getValue() != null && ReferralRules.hasControlCharacters(entry.getValue())) {
                rowErrors.add(new RowError(line, entry.getKey(), text("referral.text.control")));
            }
        }
        if (rowErrors.isEmpty()) {
            String hash = rowHash(row);
            if (alreadyImported(by.organisationId(), hash)) {
                tally.duplicates++;
                return;
            }
            // A file speaks its writer's language ("DELD", "mission locale"); the rules speak codes.
            String category = categories.resolve(row.get("categorie")).orElse(row.get("categorie"));
            var referral = new NewReferral(row.get("nom"), row.get("prenom"), birthDate, row.get("commune"),
                    category, null, row.get("circonscription_ase"), row.get("telephone"),
                    row.get("email"), null, row.get("besoins"), consent, null, null);
            Referrals.Submission submission = referrals.submit(referral, by);
            if (submission.accepted()) {
                jdbc.sql("INSERT INTO imported_row (organisation_id, row_hash, referral_id) VALUES (:o, :h, :r)")
                        .param("o", by.organisationId()).param("h", hash).param("r", submission.referralId()).update();
                tally.accepted++;
                tally.territories.add(jdbc.sql("SELECT territory_id FROM referral WHERE id = :id")
                        .param("id", submission.referralId()).query(Long.class).single());
                return;
            }
            for (ReferralProblem p : submission.problems()) {
                String message = p.messageKey().equals("referral.category.unknown")
                        ? text("import.category.unknown", row.get("categorie"), categories.shortList())
                        : messages.getMessage(p.messageKey(), p.args(), PageContext.LOCALE);
                rowErrors.add(new RowError(line, COLUMN_OF_FIELD.getOrDefault(p.field(), p.field()), message));
            }
        }
        tally.rejected++;
        tally.errors.addAll(rowErrors);
        // A person who said no is not kept, not even in the file of rows to correct.
        storeErrors(importId, rowErrors, Boolean.FALSE.equals(consent) ? null : rawRow(row));
    }

    private Report fail(long importId, String reason) {
        jdbc.sql("UPDATE referral_import SET failure = :reason, finished_at = :now WHERE id = :id")
                .param("reason", org.parcoursnumerique.shared.Names.storable(reason.length() > 300 ? reason.substring(0, 300) : reason))
                .param("now", OffsetDateTime.now(clock)).param("id", importId).update();
        return new Report(importId, 0, 0, 0, 0, List.of(), reason);
    }

    /** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, Windows-1252 otherwise. */
    static String decode(byte[] content) {
        int start = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF ? 3 : 0;
        ByteBuffer bytes = ByteBuffer.wrap(content, start, content.length - start);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return new String(content, start, content.length - start, Charset.forName("windows-1252"));
        }
    }

    private static Map<String, String> values(CSVRecord record, Map<String, Integer> headerMap) {
        Map<String, String> row = new HashMap<>();
        for (String header : HEADERS) {
            for (var entry : headerMap.entrySet()) {
                if (entry.getKey() != null && entry.getKey().strip().equalsIgnoreCase(header)) {
                    int index = entry.getValue();
                    String value = index < record.size() ? record.get(index) : null;
                    row.put(header, value == null || value.isBlank() ? null : value.strip());
                }
            }
        }
        return row;
    }

    private LocalDate parseDate(String value, int line, List<RowError> errors) {
        if (value == null) {
            return null; // the rules say it is required
        }
        try {
            return value.contains("/") ? LocalDate.parse(value, FRENCH_DATE) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new RowError(line, "date_naissance", text("import.date.format", value)));
            return null;
        }
    }

    private Boolean parseConsent(String value, int line, List<RowError> errors) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "oui" -> true;
            case "non" -> false;
            default -> {
                errors.add(new RowError(line, "consentement", text("import.consent.format")));
                yield null;
            }
        };
    }

    private static String rowHash(Map<String, String> row) {
        StringBuilder key = new StringBuilder();
        for (String header : HEADERS) {
            String v = row.get(header);
            key.append(v == null ? "" : org.parcoursnumerique.shared.Names.normalise(v)).append('\u001f');
        }
        return Hashes.sha256(key.toString());
    }

    private boolean alreadyImported(long organisationId, String hash) {
        return jdbc.sql("SELECT COUNT(*) FROM imported_row WHERE organisation_id = :o AND row_hash = :h")
                .param("o", organisationId).param("h", hash).query(Long.class).single() > 0;
    }

    private void storeErrors(long importId, List<RowError> rowErrors, String rawRow) {
        boolean first = true;
        for (RowError e : rowErrors) {
            jdbc.sql("""
                    INSERT INTO referral_import_error (import_id, line, column_name, message, raw_row)
                    VALUES (:import, :line, :column, :message, :raw)""")
                    .param("import", importId).param("line", e.line()).param("column", e.column())
                    .param("message", org.parcoursnumerique.shared.Names.storable(
                            e.message().length() > 500 ? e.message().substring(0, 500) : e.message()))
                    // The row is kept once, with its first error, for the file of rejected rows.
                    .param("raw", first ? org.parcoursnumerique.shared.Names.storable(rawRow) : null).update();
            first = false;
        }
    }

    private static String rawRow(Map<String, String> row) {
        try {
            StringWriter out = new StringWriter();
            try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(';')
                    .setRecordSeparator("").get())) {
                printer.printRecord(HEADERS.stream().map(h -> spreadsheetSafe(row.get(h))).toList());
            }
            String s = out.toString();
            return s.length() > 4000 ? s.substring(0, 4000) : s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A cell a spreadsheet will not run as a formula (=, +, -, @ at the start). */
    static String spreadsheetSafe(String value) {
        if (value == null) {
            return "";
        }
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** The rejected rows of an import, as a CSV to fix and upload again (UTF-8 with BOM for Excel). */
    public String rejectedRowsCsv(long importId) {
        StringBuilder csv = new StringBuilder("\uFEFF").append(String.join(";", HEADERS)).append(";erreurs\r\n");
        var rows = jdbc.sql("""
                SELECT line, raw_row,
                       (SELECT STRING_AGG(e2.column_name || ' : ' || e2.message, ' | ' ORDER BY e2.id)
                        FROM referral_import_error e2 WHERE e2.import_id = e.import_id AND e2.line = e.line) AS messages
                FROM referral_import_error e WHERE e.import_id = :id AND e.raw_row IS NOT NULL ORDER BY e.line""")
                .param("id", importId).query((rs, n) -> new String[] {rs.getString("raw_row"), rs.getString("messages")})
                .list();
        for (String[] r : rows) {
            String message = r[1] == null ? "" : "\"" + spreadsheetSafe(r[1]).replace("\"", "\"\"") + "\"";
            csv.append(r[0]).append(';').append(message).append("\r\n");
        }
        return csv.toString();
    }

    /**
     * The template to fill in, with one example row, then the accepted values of {@code categorie}
     * on comment lines (starting with '#', skipped by the import). They hold neither ';' nor ','
     * so that a spreadsheet saving the file again leaves them one unquoted cell, still a comment.
     */
    public String template() {
        StringBuilder csv = new StringBuilder("\uFEFF").append(String.join(";", HEADERS)).append("\r\n")
                .append("Exemple;Camille;12/03/1985;Saint-Denis;RSA;;06 39 98 12 34;camille@example.org;")
                .append("Ordinateur pour ses démarches;oui\r\n")
                .append(commentLine(text("import.template.categories"))).append("\r\n");
        for (EligibilityCategories.Accepted a : categories.accepted()) {
            List<String> words = new ArrayList<>(a.abbreviations());
            words.add(a.code());
            csv.append(commentLine(text("import.template.category", a.label(), String.join(" / ", words))))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String commentLine(String text) {
        return "# " + text.replace(';', ' ').replace(',', ' ');
    }

    /** The accepted values of {@code categorie}, for the import page. */
    List<EligibilityCategories.Accepted> acceptedCategories() {
        return categories.accepted();
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(ch -> ch == c).count();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
