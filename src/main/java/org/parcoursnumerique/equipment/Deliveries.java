package org.parcoursnumerique.equipment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.PageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deliveries of devices from a refurbisher or a supplier, imported from CSV ({@code ;} or {@code ,},
 * UTF-8 with or without BOM, or Windows-1252, as the referral import reads them) or XLSX (first sheet).
 * Each row is checked by {@link DeviceRules}; a refused row is reported with its line, column and a
 * French reason and offered back as CSV; a serial number already in stock (or twice in the file) is a
 * duplicate, so the same file again creates nothing. Valid rows are written in chunks of
 * {@link #CHUNK_ROWS}, each in one transaction; a chunk that meets a concurrent import of the same
 * serial numbers is replayed row by row. ADR 0031.
 */
@Service
class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    static final List<String> HEADERS = List.of("type", "marque", "modele", "numero_serie", "imei", "grade", "ram_go",
            "stockage_go", "systeme", "prix_ttc", "garantie_mois");
    private static final Map<String, String> COLUMN_OF_FIELD = Map.ofEntries(Map.entry("type", "type"),
            Map.entry("brand", "marque"), Map.entry("model", "modele"), Map.entry("serialNumber", "numero_serie"),
            Map.entry("imei", "imei"), Map.entry("grade", "grade"), Map.entry("ramGb", "ram_go"),
            Map.entry("storageGb", "stockage_go"), Map.entry("osName", "systeme"), Map.entry("osVersion", "systeme"),
            Map.entry("cost", "prix_ttc"), Map.entry("warrantyMonths", "garantie_mois"),
            Map.entry("supplier", "fournisseur"), Map.entry("source", "grade"), Map.entry("acquiredOn", "date"),
            Map.entry("refurbisherSiret", "siret"), Map.entry("donor", "donateur"), Map.entry("screenInches", "ecran"),
            Map.entry("orderReference", "reference"), Map.entry("wipeCertificate", "certificat"));
    static final int CHUNK_ROWS = 500;

    /** One explained refusal (or a duplicate). */
    record RowError(int line, String column, String message) {
    }

    record Report(long deliveryId, int totalRows, int accepted, int rejected, int duplicates, List<RowError> errors,
                  String failure) {
    }

    /** Who delivers and where the devices go. */
    record Origin(long territoryId, long storagePlaceId, long organisationId, Long userId, NewDevice.Source source,
                  String supplier, Long refurbisherId, String refurbisherSiret, LocalDate acquiredOn,
                  int defaultRefurbishedWarranty) {
    }

    private record Parsed(int line, Map<String, String> values) {
    }

    private final JdbcClient jdbc;
    private final Stock stock;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final Clock clock;
    private final int maxRows;
    private final int maxMegabytes;

    Deliveries(JdbcClient jdbc, Stock stock, TransactionTemplate tx, MessageSource messages, Clock clock,
               @Value("${parcours.equipment.import.max-rows:10000}") int maxRows,
               @Value("${parcours.equipment.import.max-megabytes:5}") int maxMegabytes) {
        this.jdbc = jdbc;
        this.stock = stock;
        this.tx = tx;
        this.messages = messages;
        this.clock = clock;
        this.maxRows = maxRows;
        this.maxMegabytes = maxMegabytes;
    }

    int maxRows() {
        return maxRows;
    }

    /** Imports a file and returns its report; never throws for bad input. */
    Report importFile(Origin origin, String fileName, byte[] content) {
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO equipment_delivery (territory_id, storage_place_id, organisation_id, user_id, file_name, created_at)
                VALUES (:territory, :place, :org, :user, :name, :now)""")
                .param("territory", origin.territoryId()).param("place", origin.storagePlaceId())
                .param("org", origin.organisationId()).param("user", origin.userId())
                .param("name", fileName == null ? null : org.parcoursnumerique.shared.Names.storable(
                        fileName.substring(0, Math.min(fileName.length(), 255))))
                .param("now", OffsetDateTime.now(clock)));
        try {
            return run(id, origin, content);
        } catch (RuntimeException e) {
            log.error("Delivery {} failed", id, e);
            return fail(id, text("equipment.import.failure.unexpected"));
        }
    }

    private Report run(long id, Origin origin, byte[] content) {
        if (content == null || content.length == 0) {
            return fail(id, text("equipment.import.failure.empty"));
        }
        if (content.length > maxMegabytes * 1024L * 1024L) {
            return fail(id, text("equipment.import.failure.tooLarge", maxMegabytes));
        }
        List<Parsed> rows;
        try {
            rows = isXlsx(content) ? readXlsx(content) : readCsv(content);
        } catch (MissingHeaders e) {
            return fail(id, text("equipment.import.failure.headers", e.getMessage(), String.join(";", HEADERS)));
        } catch (TooManyRows e) {
            return fail(id, text("equipment.import.failure.tooManyRows", maxRows));
        } catch (IOException | RuntimeException e) {
            return fail(id, text("equipment.import.failure.unreadable"));
        }
        Set<String> grades = stock.activeGradeCodes();
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        List<RowError> errors = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        int duplicates = 0;
        Set<String> seen = new HashSet<>();
        for (int from = 0; from < rows.size(); from += CHUNK_ROWS) {
            List<Parsed> chunk = rows.subList(from, Math.min(from + CHUNK_ROWS, rows.size()));
            // Check the chunk's rows, then look up its serial numbers in one query.
            Map<Parsed, NewDevice> valid = new LinkedHashMap<>();
            for (Parsed row : chunk) {
                List<RowError> rowErrors = new ArrayList<>();
                NewDevice d = device(row, origin, id, grades, today, rowErrors);
                if (!rowErrors.isEmpty()) {
                    rejected++;
                    errors.addAll(rowErrors);
                    storeErrors(id, rowErrors, row.values());
                } else {
                    valid.put(row, d);
                }
            }
            Set<String> existing = valid.isEmpty() ? Set.of() : new HashSet<>(jdbc.sql(
                            "SELECT serial_number FROM device WHERE serial_number IN (:serials)")
                    .param("serials", valid.values().stream().map(d -> Stock.normalSerial(d.serialNumber())).toList())
                    .query(String.class).list());
            List<Map.Entry<Parsed, NewDevice>> toWrite = new ArrayList<>();
            for (var e : valid.entrySet()) {
                String serial = Stock.normalSerial(e.getValue().serialNumber());
                if (existing.contains(serial) || !seen.add(serial)) {
                    duplicates++;
                    errors.add(new RowError(e.getKey().line(), "numero_serie", text("equipment.import.duplicate", serial)));
                } else {
                    toWrite.add(e);
                }
            }
            try {
                tx.executeWithoutResult(s -> toWrite.forEach(e ->
                        stock.create(e.getValue(), origin.territoryId(), origin.userId(), origin.defaultRefurbishedWarranty())));
                accepted += toWrite.size();
            } catch (DataIntegrityViolationException race) {
                // Another import wrote some of these serial numbers meanwhile: row by row, the others still go in.
                for (var e : toWrite) {
                    try {
                        tx.executeWithoutResult(s -> stock.create(e.getValue(), origin.territoryId(), origin.userId(),
                                origin.defaultRefurbishedWarranty()));
                        accepted++;
                    } catch (DataIntegrityViolationException dup) {
                        duplicates++;
                        errors.add(new RowError(e.getKey().line(), "numero_serie",
                                text("equipment.import.duplicate", Stock.normalSerial(e.getValue().serialNumber()))));
                    }
                }
            }
        }
        jdbc.sql("""
                UPDATE equipment_delivery SET total_rows = :total, accepted = :accepted, rejected = :rejected,
                       duplicates = :duplicates WHERE id = :id""")
                .param("total", rows.size()).param("accepted", accepted).param("rejected", rejected)
                .param("duplicates", duplicates).param("id", id).update();
        errors.sort(java.util.Comparator.comparingInt(RowError::line));
        log.info("Delivery {}: {} rows, {} accepted, {} rejected, {} duplicates", id, rows.size(), accepted, rejected,
                duplicates);
        return new Report(id, rows.size(), accepted, rejected, duplicates, errors, null);
    }

    private NewDevice device(Parsed row, Origin origin, long deliveryId, Set<String> grades, LocalDate today,
                             List<RowError> errors) {
        Map<String, String> v = row.values();
        int line = row.line();
        DeviceType type = DeviceType.parse(v.get("type")).orElse(null);
        if (type == null) {
            errors.add(new RowError(line, "type", text("equipment.import.type", v.get("type") == null ? "" : v.get("type"))));
        }
        Integer ram = integer(v, "ram_go", line, errors);
        Integer storage = integer(v, "stockage_go", line, errors);
        Integer warranty = integer(v, "garantie_mois", line, errors);
        Long cost = cents(v.get("prix_ttc"), line, errors);
        String system = v.get("systeme");
        String osName = null;
        String osVersion = null;
        if (system != null) {
            int space = system.indexOf(' ');
            osName = space < 0 ? system : system.substring(0, space);
            osVersion = space < 0 ? null : system.substring(space + 1).strip();
        }
        String grade = v.get("grade") == null ? null : v.get("grade").toUpperCase(java.util.Locale.ROOT);
        NewDevice.Source source = origin.source() != null ? origin.source()
                : grade != null ? NewDevice.Source.REFURBISHED : NewDevice.Source.PURCHASE;
        String supplier = source == NewDevice.Source.PURCHASE
                ? (origin.supplier() != null ? origin.supplier() : text("equipment.import.defaultSupplier")) : null;
        String donor = source == NewDevice.Source.DONATION
                ? (origin.supplier() != null ? origin.supplier() : text("equipment.import.defaultDonor")) : null;
        String imei = v.get("imei") == null ? null : v.get("imei").replaceAll("[\\s-]", "");
        NewDevice d = new NewDevice(origin.storagePlaceId(), type, v.get("marque"), v.get("modele"), ram, storage, null,
                osName, osVersion, v.get("numero_serie"), imei, source, supplier, null, origin.refurbisherId(),
                origin.refurbisherSiret(), grade, null, warranty, donor, origin.acquiredOn() != null ? origin.acquiredOn() : today,
                cost, deliveryId);
        if (!errors.isEmpty()) {
            return d;
        }
        for (DeviceRules.Problem p : DeviceRules.check(d, grades, today)) {
            String column = COLUMN_OF_FIELD.getOrDefault(p.field(), p.field());
            errors.add(new RowError(line, column, text(p.key(), p.args())));
        }
        return d;
    }

    private Integer integer(Map<String, String> v, String column, int line, List<RowError> errors) {
        String s = v.get(column);
        if (s == null) {
            return null;
        }
        try {
            String plain = s.replaceAll("(?i)\\s*(go|mois|gb)$", "").strip();
            if (plain.endsWith(",0") || plain.endsWith(".0")) {
                plain = plain.substring(0, plain.length() - 2);
            }
            return Integer.valueOf(plain);
        } catch (NumberFormatException e) {
            errors.add(new RowError(line, column, text("equipment.import.number", s)));
            return null;
        }
    }

    private Long cents(String s, int line, List<RowError> errors) {
        if (s == null) {
            return null;
        }
        try {
            String plain = s.replace("€", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(',', '.');
            BigDecimal euros = new BigDecimal(plain);
            if (euros.scale() > 2 || euros.signum() < 0 || euros.compareTo(BigDecimal.valueOf(100_000)) > 0) {
                throw new NumberFormatException();
            }
            return euros.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new RowError(line, "prix_ttc", text("equipment.import.price", s)));
            return null;
        }
    }

    // ---- reading files -------------------------------------------------------------------------

    private static final class MissingHeaders extends RuntimeException {
        MissingHeaders(String missing) {
            super(missing, null, false, false);
        }
    }

    private static final class TooManyRows extends RuntimeException {
        TooManyRows() {
            super(null, null, false, false);
        }
    }

    static boolean isXlsx(byte[] content) {
        return content.length > 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
    }

    private List<Parsed> readCsv(byte[] content) throws IOException {
        String csv = decode(content);
        String firstLine = csv.lines().findFirst().orElse("");
        char delimiter = count(firstLine, ';') >= count(firstLine, ',') ? ';' : ',';
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true).setIgnoreHeaderCase(true)
                .setCommentMarker('#').get();
        List<Parsed> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            Map<String, Integer> headerMap = new HashMap<>();
            parser.getHeaderMap().forEach((k, i) -> {
                if (k != null) {
                    headerMap.put(k.strip().toLowerCase(java.util.Locale.ROOT), i);
                }
            });
            checkHeaders(headerMap.keySet());
            for (CSVRecord record : parser) {
                Map<String, String> row = new HashMap<>();
                for (String h : HEADERS) {
                    Integer index = headerMap.get(h);
                    String value = index != null && index < record.size() ? record.get(index) : null;
                    row.put(h, value == null || value.isBlank() ? null : value.strip());
                }
                rows.add(new Parsed((int) record.getParser().getCurrentLineNumber(), row));
                if (rows.size() > maxRows) {
                    throw new TooManyRows();
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(e);
        }
        return rows;
    }

    private List<Parsed> readXlsx(byte[] content) throws IOException {
        List<Parsed> rows = new ArrayList<>();
        DataFormatter formatter = new DataFormatter(java.util.Locale.FRANCE);
        try (Workbook book = new XSSFWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = book.getSheetAt(0);
            Map<String, Integer> headerMap = new HashMap<>();
            Row header = sheet.getRow(sheet.getFirstRowNum());
            if (header == null) {
                throw new MissingHeaders(String.join(", ", HEADERS));
            }
            header.forEach(c -> headerMap.put(formatter.formatCellValue(c).strip().toLowerCase(java.util.Locale.ROOT),
                    c.getColumnIndex()));
            checkHeaders(headerMap.keySet());
            for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                boolean empty = true;
                for (String h : HEADERS) {
                    Integer index = headerMap.get(h);
                    String value = index == null || row.getCell(index) == null ? null
                            : formatter.formatCellValue(row.getCell(index)).strip();
                    value = value == null || value.isEmpty() ? null : value;
                    empty &= value == null;
                    values.put(h, value);
                }
                if (!empty) {
                    rows.add(new Parsed(r + 1, values));
                    if (rows.size() > maxRows) {
                        throw new TooManyRows();
                    }
                }
            }
        }
        return rows;
    }

    private static void checkHeaders(Set<String> present) {
        List<String> missing = HEADERS.stream().filter(h -> !present.contains(h)).toList();
        if (!missing.isEmpty()) {
            throw new MissingHeaders(String.join(", ", missing));
        }
    }

    /** UTF-8 (a BOM is skipped), or Windows-1252 when the bytes are not UTF-8, as the referral import. */
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

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    // ---- report --------------------------------------------------------------------------------

    private void storeErrors(long id, List<RowError> rowErrors, Map<String, String> row) {
        String raw = rawRow(row);
        boolean first = true;
        for (RowError e : rowErrors) {
            jdbc.sql("""
                    INSERT INTO equipment_delivery_error (delivery_id, line, column_name, message, raw_row)
                    VALUES (:id, :line, :column, :message, :raw)""")
                    .param("id", id).param("line", e.line()).param("column", e.column())
                    .param("message", e.message().length() > 500 ? e.message().substring(0, 500) : e.message())
                    .param("raw", first ? raw : null).update();
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

    /** A cell a spreadsheet would run as a formula is quoted with an apostrophe. */
    static String spreadsheetSafe(String value) {
        if (value == null) {
            return "";
        }
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** The rejected rows, to fix and import again (UTF-8 with BOM, {@code ;}). */
    String rejectedRowsCsv(long deliveryId) {
        Map<Integer, String[]> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT line, raw_row, column_name, message FROM equipment_delivery_error WHERE delivery_id = :id "
                        + "ORDER BY line, id")
                .param("id", deliveryId).query(rs -> {
                    int line = rs.getInt("line");
                    String[] r = rows.computeIfAbsent(line, l -> new String[] {null, ""});
                    if (rs.getString("raw_row") != null) {
                        r[0] = rs.getString("raw_row");
                    }
                    r[1] = (r[1].isEmpty() ? "" : r[1] + " | ") + rs.getString("column_name") + " : " + rs.getString("message");
                });
        StringBuilder csv = new StringBuilder("\uFEFF").append(String.join(";", HEADERS)).append(";erreurs\r\n");
        for (String[] r : rows.values()) {
            if (r[0] != null) {
                csv.append(r[0]).append(";\"").append(spreadsheetSafe(r[1]).replace("\"", "\"\"")).append("\"\r\n");
            }
        }
        return csv.toString();
    }

    /** The template to fill in, with two example rows. */
    String template() {
        return "\uFEFF" + String.join(";", HEADERS) + "\r\n"
                + "ordinateur portable;Lenovo;ThinkPad T480;PF1ABC23;;B;8;256;Windows 11;149,00;24\r\n"
                + "smartphone;Samsung;Galaxy A52;R58R12ABCD;356938035643809;A;6;128;Android 14;119,00;24\r\n";
    }

    private Report fail(long id, String reason) {
        jdbc.sql("UPDATE equipment_delivery SET failure = :f WHERE id = :id").param("f", reason).param("id", id).update();
        return new Report(id, 0, 0, 0, 0, List.of(), reason);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, PageContext.LOCALE);
    }
}
