package org.parcoursnumerique.certification;

import java.io.IOException;
import java.io.StringReader;
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
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.Beneficiaries;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Hashes;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.PageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Import of the results file of a Pix certification session, as a Pix centre downloads it (columns
 * of {@code shared/reference/pix}: « Numéro de certification », « Prénom », « Nom », « Date de
 * naissance », « Statut », « Nombre de Pix », the 16 competences, « Date de passage de la
 * certification »; {@code ;} between values, dates DD/MM/YYYY, {@code -} for a competence not tested).
 * Each validated row is matched to one person of the importer's scope by last name, first name and
 * birth date, and recorded as that person's Pix result (on their Pix registration still waiting for
 * it, else on a new one), each row in its own transaction. The certification number is kept: the
 * same file again creates nothing. Rows not validated by Pix, without a match or with several, or
 * malformed are reported with their line and a French message.
 */
@Service
class PixImports {

    private static final Logger log = LoggerFactory.getLogger(PixImports.class);
    static final int MAX_ROWS = 5000;
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final String NUMBER = "Numéro de certification";
    static final String FIRST_NAME = "Prénom";
    static final String LAST_NAME = "Nom";
    static final String BIRTH_DATE = "Date de naissance";
    static final String STATUS = "Statut";
    static final String SCORE = "Nombre de Pix";
    static final String DATE = "Date de passage de la certification";
    /** Not in Pix's export; a centre that adds it gets each code checked. */
    static final String CODE = "Code de vérification";
    static final List<String> REQUIRED = List.of(NUMBER, FIRST_NAME, LAST_NAME, BIRTH_DATE, STATUS, SCORE, DATE);
    static final String VALIDATED = "Validée";
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    enum Outcome { MATCHED, UNMATCHED, NOT_VALIDATED, ALREADY_IMPORTED, REJECTED }

    /** One row's outcome; {@code column} names the faulty column, null for the row as a whole. */
    record RowReport(int line, String column, Outcome outcome, String message) {
    }

    record Report(Long importId, int totalRows, int matched, int unmatched, int notValidated, int alreadyImported,
                  int rejected, List<RowReport> rows, String failure) {

        static Report failed(String message) {
            return new Report(null, 0, 0, 0, 0, 0, 0, List.of(), message);
        }
    }

    /** Who imports: the people they may match, and who is written in the audit log. */
    record Importer(DataScope scope, Long userId, String email, long organisationId) {
    }

    private final JdbcClient jdbc;
    private final CertificationKinds kinds;
    private final Certifications certifications;
    private final PersonInScope people;
    private final Beneficiaries beneficiaries;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final Clock clock;

    PixImports(JdbcClient jdbc, CertificationKinds kinds, Certifications certifications, PersonInScope people,
               Beneficiaries beneficiaries, AuditLog audit, TransactionTemplate tx, MessageSource messages, Clock clock) {
        this.jdbc = jdbc;
        this.kinds = kinds;
        this.certifications = certifications;
        this.people = people;
        this.beneficiaries = beneficiaries;
        this.audit = audit;
        this.tx = tx;
        this.messages = messages;
        this.clock = clock;
    }

    /** Imports a file; never throws for bad input (the report says what was wrong). */
    Report run(Importer by, String fileName, byte[] content) {
        try {
            return doRun(by, fileName, content);
        } catch (RuntimeException | IOException e) {
            log.error("Pix import failed", e);
            return Report.failed(t("pixImport.failure.unexpected"));
        }
    }

    private Report doRun(Importer by, String fileName, byte[] content) throws IOException {
        if (content == null || content.length == 0) {
            return Report.failed(t("pixImport.failure.empty"));
        }
        if (content.length > MAX_BYTES) {
            return Report.failed(t("pixImport.failure.tooLarge"));
        }
        String csv = decode(content);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true).setAllowDuplicateHeaderNames(true)
                .get();
        List<CSVRecord> records;
        Map<String, Integer> columns = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            for (var e : parser.getHeaderMap().entrySet()) {
                if (e.getKey() != null) {
                    columns.putIfAbsent(e.getKey().strip(), e.getValue());
                }
            }
            List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
            if (missing.size() == REQUIRED.size()) {
                return Report.failed(t("pixImport.failure.notPix"));
            }
            if (!missing.isEmpty()) {
                return Report.failed(t("pixImport.failure.missingColumns", String.join(", ", missing)));
            }
            records = new ArrayList<>();
            for (CSVRecord r : parser) {
                if (records.size() >= MAX_ROWS) {
                    return Report.failed(t("pixImport.failure.tooManyRows", MAX_ROWS));
                }
                records.add(r);
            }
        } catch (java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            return Report.failed(t("pixImport.failure.unreadable"));
        }
        var kind = kinds.pix();
        List<RowReport> rows = new ArrayList<>();
        int[] counts = new int[Outcome.values().length];
        for (CSVRecord r : records) {
            int line = (int) r.getRecordNumber() + 1;
            RowReport report;
            try {
                report = tx.execute(status -> row(by, kind, r, line, columns));
            } catch (DuplicateKeyException e) {
                // The same row imported at the same moment by another request: it is there once.
                report = new RowReport(line, null, Outcome.ALREADY_IMPORTED, t("pixImport.row.already"));
            }
            counts[report.outcome().ordinal()]++;
            rows.add(report);
        }
        long importId = Keys.insert(jdbc.sql("""
                INSERT INTO certification_pix_import (file_name, file_hash, imported_at, by_user_id, organisation_id,
                    total_rows, matched, unmatched, not_validated)
                VALUES (:name, :hash, :now, :user, :org, :total, :matched, :unmatched, :notValidated)""")
                .param("name", fileName == null ? null : org.parcoursnumerique.shared.Names.storable(
                        fileName.substring(0, Math.min(200, fileName.length()))))
                .param("hash", Hashes.sha256(content)).param("now", OffsetDateTime.now(clock))
                .param("user", by.userId()).param("org", by.organisationId()).param("total", records.size())
                .param("matched", counts[Outcome.MATCHED.ordinal()]).param("unmatched", counts[Outcome.UNMATCHED.ordinal()])
                .param("notValidated", counts[Outcome.NOT_VALIDATED.ordinal()]));
        log.info("Pix import {}: {} rows, {} matched, {} unmatched, {} not validated, {} already imported, {} rejected",
                importId, records.size(), counts[0], counts[1], counts[2], counts[3], counts[4]);
        return new Report(importId, records.size(), counts[0], counts[1], counts[2], counts[3], counts[4], rows, null);
    }

    private RowReport row(Importer by, CertificationKinds.Kind kind, CSVRecord r, int line, Map<String, Integer> columns) {
        String status = value(r, columns, STATUS);
        if (!VALIDATED.equalsIgnoreCase(status == null ? "" : status)) {
            return new RowReport(line, STATUS, Outcome.NOT_VALIDATED,
                    t("pixImport.row.notValidated", status == null ? "" : status));
        }
        String number = value(r, columns, NUMBER);
        if (number == null || !number.matches("[0-9A-Za-z-]{1,40}")) {
            return rejected(line, NUMBER, "pixImport.row.number");
        }
        String last = value(r, columns, LAST_NAME);
        String first = value(r, columns, FIRST_NAME);
        if (last == null || last.length() > 100) {
            return rejected(line, LAST_NAME, "pixImport.row.lastName");
        }
        if (first == null || first.length() > 100) {
            return rejected(line, FIRST_NAME, "pixImport.row.firstName");
        }
        LocalDate birth = frenchDate(value(r, columns, BIRTH_DATE));
        if (birth == null) {
            return rejected(line, BIRTH_DATE, "pixImport.row.date");
        }
        LocalDate passedOn = frenchDate(value(r, columns, DATE));
        if (passedOn == null) {
            return rejected(line, DATE, "pixImport.row.date");
        }
        if (passedOn.isAfter(certifications.today())) {
            return rejected(line, DATE, "pixImport.row.future");
        }
        Integer score = Certifications.parseInt(value(r, columns, SCORE));
        if (score == null || score < 0 || score > kind.scoreMax()) {
            return rejected(line, SCORE, "pixImport.row.score");
        }
        Map<String, String> competences = new HashMap<>();
        for (var c : kind.competences()) {
            String v = value(r, columns, c.code());
            if (v != null && !"-".equals(v)) {
                Integer l = Certifications.parseInt(v);
                if (l == null || l < 0 || l > kind.maxLevel()) {
                    return rejected(line, c.code(), "pixImport.row.competence");
                }
                competences.put(c.code(), String.valueOf(l));
            }
        }
        String code = columns.containsKey(CODE) ? value(r, columns, CODE) : null;
        if (code != null && !kind.validCode(code.toUpperCase())) {
            return rejected(line, CODE, "pixImport.row.code");
        }
        if (jdbc.sql("SELECT COUNT(*) FROM certification_registration WHERE kind_code = :kind AND external_number = :n")
                .param("kind", kind.code()).param("n", number).query(Long.class).single() > 0) {
            return new RowReport(line, null, Outcome.ALREADY_IMPORTED, t("pixImport.row.already"));
        }
        List<Long> ids = people.idsByIdentity(by.scope(), last, first, birth, 2);
        if (ids.isEmpty()) {
            return new RowReport(line, null, Outcome.UNMATCHED, t("pixImport.row.noMatch"));
        }
        if (ids.size() > 1) {
            return new RowReport(line, null, Outcome.UNMATCHED, t("pixImport.row.severalMatches"));
        }
        long person = ids.get(0);
        var placement = beneficiaries.lockPlacement(person).orElse(null);
        if (placement == null) {
            return new RowReport(line, null, Outcome.UNMATCHED, t("pixImport.row.noMatch"));
        }
        Long waiting = jdbc.sql("""
                SELECT id FROM certification_registration
                WHERE beneficiary_id = :person AND kind_code = :kind AND status = 'REGISTERED' AND session_date <= :on
                ORDER BY session_date DESC, id DESC LIMIT 1""")
                .param("person", person).param("kind", kind.code()).param("on", passedOn).query(Long.class)
                .optional().orElse(null);
        if (waiting == null) {
            waiting = Keys.insert(jdbc.sql("""
                    INSERT INTO certification_registration (beneficiary_id, programme_id, territory_id,
                        referring_organisation_id, kind_code, session_date, funding, cost_cents, status, created_at, created_by)
                    VALUES (:person, :programme, :territory, :referrer, :kind, :on, 'OTHER', 0, 'REGISTERED', :now, :by)""")
                    .param("person", person).param("programme", placement.programmeId())
                    .param("territory", placement.territoryId()).param("referrer", placement.referringOrganisationId())
                    .param("kind", kind.code()).param("on", passedOn).param("now", OffsetDateTime.now(clock))
                    .param("by", by.userId()));
        }
        var reg = certifications.find(DataScope.all(), waiting).orElseThrow();
        var request = new Certifications.ResultRequest(null, String.valueOf(score), passedOn.toString(),
                code, null, competences);
        Certifications.Result[] result = new Certifications.Result[1];
        var errors = certifications.check(kind, reg.sessionDate(), request, new ArrayList<>(), result);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("checked row refused: " + errors);
        }
        certifications.write(reg, reg.version(), result[0], by.userId(), number);
        audit.recordBy(by.userId(), by.email(), by.organisationId(), person, AuditAction.CHANGE,
                "Pix result imported (registration " + reg.id() + ")");
        return new RowReport(line, null, Outcome.MATCHED, t("pixImport.row.matched",
                result[0].status() == CertificationStatus.PASSED ? t("certification.status.PASSED")
                        : t("certification.status.FAILED")));
    }

    private RowReport rejected(int line, String column, String key) {
        return new RowReport(line, column, Outcome.REJECTED, t(key));
    }

    private static String value(CSVRecord r, Map<String, Integer> columns, String column) {
        Integer i = columns.get(column);
        if (i == null || i >= r.size()) {
            return null;
        }
        String v = r.get(i);
        return v == null || v.isBlank() ? null : v.strip();
    }

    static LocalDate frenchDate(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text, FRENCH_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

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

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
