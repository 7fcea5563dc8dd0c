package org.parcoursnumerique.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.Names;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an offers file of one of the public standards into offers and, per record, what could not
 * be used: a record without a name or a place is rejected; a field that is wrong (placeholder SIRET,
 * impossible date, text over the limit, coordinates out of the region, value outside the standard's
 * list, invalid phone) is dropped or cut and reported, the rest of the record is kept. Never throws
 * for a record: only a file that cannot be read at all (not JSON, no header) is refused whole.
 */
final class OfferParser {

    /** What is wrong with a record: rejected (not imported) or a field dropped or cut. */
    record Problem(String record, String field, String key, Object[] args, boolean rejects) {
    }

    /** One record of the file: the offer to import (null when rejected) and its problems. */
    record Parsed(String record, ImportedOffer offer, List<Problem> problems) {
    }

    /** The file cannot be read at all; the message key says why. */
    static final class FileProblem extends RuntimeException {
        final String key;

        FileProblem(String key) {
            super(key);
            this.key = key;
        }
    }

    /** An offer as read from a file, checked; {@link #hash()} says whether a re-import changed it. */
    record ImportedOffer(String source, String sourceId, OfferFormat format, String name, String nameKey, String siret,
                         String address, String postcode, String inseeCode, String commune, Double latitude,
                         Double longitude, String phone, String email, String website, String hours, String summary,
                         Boolean freeOfCharge, String fees, boolean onSite, boolean remote, boolean accessible,
                         String accessibilityUrl, String specificSupport, String accessModes, LocalDate updatedOn,
                         String vocabulary, List<String> services) {

        String hash() {
            String all = String.join("\u001f", source, sourceId, format.code, name, s(siret), s(address), s(postcode),
                    s(inseeCode), s(commune), s(latitude), s(longitude), s(phone), s(email), s(website), s(hours),
                    s(summary), s(freeOfCharge), s(fees), s(onSite), s(remote), s(accessible), s(accessibilityUrl),
                    s(specificSupport), s(accessModes), s(updatedOn), vocabulary, String.join("\u001e", services));
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(all.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String s(Object o) {
            return o == null ? "" : o.toString();
        }
    }

    static final int NAME_MAX = 300;
    static final int SUMMARY_MAX_V1 = 280;
    static final int SUMMARY_MAX_V0 = 500;
    static final int SUMMARY_STORED = 600;
    static final LocalDate OLDEST_DATE = LocalDate.of(2000, 1, 1);

    private static final Pattern PIVOT = Pattern.compile("^[a-zA-Z0-9]{9,14}$");
    private static final Pattern POSTCODE = Pattern.compile("^\\d{5}$");
    private static final Pattern INSEE = Pattern.compile("^([013-9]\\d|2[AB1-9])\\d{3}$");
    private static final Pattern PLACEHOLDER = Pattern.compile("^(0+|9+|1+|x+|X+)$");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Vocabularies VOCABULARIES = Vocabularies.load();
    private static final Set<String> DISABILITIES = Set.of("Surdité", "Handicaps moteurs", "Handicaps mentaux",
            "Déficience visuelle", "Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales",
            "Handicaps mentaux : déficiences limitant les activités d'une personne");

    private final LocalDate today;
    private final CommuneCentres centres;

    OfferParser(LocalDate today, CommuneCentres centres) {
        this.today = today;
        this.centres = centres;
    }

    /** UTF-8 (with or without BOM), else Windows-1252 as spreadsheets save it. */
    static String decode(byte[] content) {
        int start = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, start, content.length - start)).toString();
        } catch (CharacterCodingException e) {
            return new String(content, Charset.forName("windows-1252"));
        }
    }

    /** The format of a file from its content: JSON or CSV, and the standard's field names. */
    static OfferFormat detect(String text) {
        String t = text.stripLeading();
        Collection<String> keys;
        if (t.startsWith("[") || t.startsWith("{")) {
            List<Map<String, Object>> rows = jsonRecords(t);
            if (rows.isEmpty()) {
                throw new FileProblem("training.import.file.empty");
            }
            keys = rows.get(0).keySet();
        } else {
            String header = t.lines().findFirst().orElse("");
            keys = new LinkedHashSet<>();
            for (String k : header.split("[,;\\t]")) {
                keys.add(k.replace("\"", "").strip().toLowerCase(Locale.ROOT));
            }
        }
        if (keys.contains("thematiques") || keys.contains("structure_id") || keys.contains("modes_accueil")) {
            return OfferFormat.DATA_INCLUSION;
        }
        if (keys.contains("courriels") || keys.contains("frais_a_charge") || keys.contains("modalites_acces")
                || keys.contains("itinerance") || keys.contains("publics_specifiquement_adresses")) {
            return OfferFormat.LIEUX_V1;
        }
        if (keys.contains("courriel") || keys.contains("conditions_acces") || keys.contains("cle_ban")
                || keys.contains("publics_accueillis") || keys.contains("labels_nationaux")) {
            return OfferFormat.LIEUX_V0;
        }
        throw new FileProblem("training.import.file.unknownFormat");
    }

    List<Parsed> parse(OfferFormat format, String text) {
        List<Map<String, Object>> rows;
        String t = text.stripLeading();
        if (t.startsWith("[") || t.startsWith("{")) {
            rows = jsonRecords(t);
        } else if (format == OfferFormat.DATA_INCLUSION) {
            throw new FileProblem("training.import.file.notJson");
        } else {
            rows = csvRecords(t);
        }
        List<Parsed> parsed = new ArrayList<>(rows.size());
        int n = 0;
        for (Map<String, Object> row : rows) {
            n++;
            String label = label(n, row);
            List<Problem> problems = new ArrayList<>();
            ImportedOffer offer;
            try {
                offer = format == OfferFormat.DATA_INCLUSION ? dataInclusion(label, row, problems)
                        : lieux(format, label, row, problems);
            } catch (RuntimeException e) {
                problems.add(new Problem(label, "", "training.import.record.unreadable", new Object[0], true));
                offer = null;
            }
            parsed.add(new Parsed(label, offer, problems));
        }
        return parsed;
    }

    private static String label(int n, Map<String, Object> row) {
        Object id = row.get("id");
        String s = id instanceof String str && !str.isBlank() ? str.strip() : null;
        if (s != null && s.length() > 60) {
            s = s.substring(0, 60) + "…";
        }
        return s == null ? "n° " + n : "n° " + n + " (" + s + ")";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jsonRecords(String text) {
        Object root;
        try {
            root = JSON.readValue(text, Object.class);
        } catch (JacksonException e) {
            throw new FileProblem("training.import.file.badJson");
        }
        if (root instanceof Map<?, ?> map) {
            // Some exports wrap the array: {"data": [...]} or {"items": [...]}.
            root = map.values().stream().filter(v -> v instanceof List<?>).findFirst().orElse(null);
        }
        if (!(root instanceof List<?> list)) {
            throw new FileProblem("training.import.file.notArray");
        }
        List<Map<String, Object>> rows = new ArrayList<>(list.size());
        for (Object o : list) {
            // A record that is not an object stays in the count, to be reported as unreadable.
            rows.add(o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("\u0000", "not an object"));
        }
        return rows;
    }

    private static List<Map<String, Object>> csvRecords(String text) {
        String header = text.lines().findFirst().orElse("");
        char delimiter = count(header, ';') > count(header, ',') ? ';' : count(header, '\t') > count(header, ',') ? '\t' : ',';
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> names = parser.getHeaderNames().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            if (!names.contains("nom")) {
                throw new FileProblem("training.import.file.noHeader");
            }
            for (CSVRecord r : parser) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < names.size() && i < r.size(); i++) {
                    row.putIfAbsent(names.get(i), r.get(i));
                }
                rows.add(row);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            if (rows.isEmpty()) {
                throw new FileProblem("training.import.file.badCsv");
            }
            // A broken quote half-way: the records before it are kept, the rest is reported as one.
            rows.add(Map.of("\u0000", "broken"));
        }
        return rows;
    }

    private static int count(String s, char c) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '"') {
                quoted = !quoted;
            } else if (x == c && !quoted) {
                n++;
            }
        }
        return n;
    }

    private ImportedOffer lieux(OfferFormat format, String label, Map<String, Object> row, List<Problem> problems) {
        if (row.containsKey("\u0000")) {
            problems.add(new Problem(label, "", "training.import.record.unreadable", new Object[0], true));
            return null;
        }
        boolean v1 = format == OfferFormat.LIEUX_V1;
        var enums = v1 ? VOCABULARIES.lieuxV1 : VOCABULARIES.lieuxV0;
        String name = text(row, "nom");
        if (name == null) {
            problems.add(new Problem(label, "nom", "training.import.record.noName", new Object[0], true));
            return null;
        }
        name = cut(label, "nom", name, NAME_MAX, problems);
        Place place = place(label, row, problems);
        if (place == null) {
            return null;
        }
        String id = text(row, "id");
        String source = text(row, "source");
        String sourceId = sourceId(label, id, name, place.postcode, problems);
        String siret = text(row, "pivot");
        if (siret != null && (!PIVOT.matcher(siret).matches() || PLACEHOLDER.matcher(siret).matches())) {
            problems.add(new Problem(label, "pivot", "training.import.field.placeholderId", new Object[] {siret}, false));
            siret = null;
        }
        String summary = text(row, "presentation_resume");
        if (summary == null) {
            summary = text(row, "presentation_detail");
        }
        if (summary != null) {
            summary = cut(label, "presentation_resume", summary, v1 ? SUMMARY_MAX_V1 : SUMMARY_MAX_V0, problems);
        }
        List<String> services = values(label, row, "services", format.separator, enums.get("services"), problems);
        String fees;
        Boolean free;
        String supportText = null;
        boolean accessible;
        String accessibilityUrl;
        boolean remote;
        boolean onSite = true;
        String accessModes = null;
        if (v1) {
            List<String> feeValues = values(label, row, "frais_a_charge", "|", enums.get("frais_a_charge"), problems);
            fees = feeValues.isEmpty() ? null : String.join(", ", feeValues);
            free = feeValues.contains("Gratuit") ? Boolean.TRUE : feeValues.contains("Payant") ? Boolean.FALSE : null;
            List<String> support = values(label, row, "prise_en_charge_specifique", "|",
                    enums.get("prise_en_charge_specifique"), problems);
            supportText = support.isEmpty() ? null : String.join(", ", support);
            accessible = support.stream().anyMatch(DISABILITIES::contains);
            accessibilityUrl = url(label, row, "fiche_acces_libre", problems);
            List<String> modalities = values(label, row, "modalites_accompagnement", "|",
                    enums.get("modalites_accompagnement"), problems);
            remote = modalities.contains("À distance");
            List<String> access = values(label, row, "modalites_acces", "|", enums.get("modalites_acces"), problems);
            accessModes = access.isEmpty() ? null : String.join(", ", access);
            if (access.contains("Ce lieu n'accueille pas de public")) {
                onSite = false;
            }
            if (!modalities.isEmpty() && modalities.stream().allMatch("À distance"::equals)) {
                onSite = false;
            }
        } else {
            List<String> conditions = values(label, row, "conditions_acces", ";", enums.get("conditions_acces"), problems);
            fees = conditions.isEmpty() ? null : String.join(", ", conditions.stream().map(c -> c.split(" : ")[0]).toList());
            free = conditions.stream().anyMatch(c -> c.startsWith("Gratuit :")) ? Boolean.TRUE
                    : conditions.stream().anyMatch(c -> c.startsWith("Payant")) ? Boolean.FALSE : null;
            List<String> publics = values(label, row, "publics_accueillis", ";", enums.get("publics_accueillis"), problems);
            List<String> support = publics.stream().filter(p -> DISABILITIES.contains(p)
                    || p.startsWith("Personnes en situation") || p.startsWith("Public langues")).toList();
            supportText = support.isEmpty() ? null : String.join(", ", support.stream().map(p -> p.split(" : ")[0]).toList());
            accessible = support.stream().anyMatch(DISABILITIES::contains);
            accessibilityUrl = url(label, row, "accessibilite", problems);
            List<String> modalities = values(label, row, "modalites_accompagnement", ";",
                    enums.get("modalites_accompagnement"), problems);
            remote = false;
            accessModes = modalities.isEmpty() ? null : String.join(", ",
                    modalities.stream().map(m -> m.split(" : ")[0]).toList());
        }
        if (accessibilityUrl != null) {
            accessible = true;
        }
        return new ImportedOffer(source == null ? format.code : cut(label, "source", source, 100, problems),
                sourceId, format, name, Names.normalise(name), siret, place.address, place.postcode, place.insee,
                place.commune, place.latitude, place.longitude, phone(label, row, "telephone", problems),
                email(label, row, v1 ? "courriels" : "courriel", problems), url(label, row, "site_web", problems),
                cutQuiet(text(row, "horaires"), 500), summary, free, fees, onSite, remote, accessible, accessibilityUrl,
                cutQuiet(supportText, 500), cutQuiet(accessModes, 500), date(label, row, "date_maj", problems),
                format.code, services);
    }

    private ImportedOffer dataInclusion(String label, Map<String, Object> row, List<Problem> problems) {
        if (row.containsKey("\u0000")) {
            problems.add(new Problem(label, "", "training.import.record.notObject", new Object[0], true));
            return null;
        }
        String name = text(row, "nom");
        if (name == null) {
            problems.add(new Problem(label, "nom", "training.import.record.noName", new Object[0], true));
            return null;
        }
        name = cut(label, "nom", name, 150, problems);
        List<String> modes = values(label, row, "modes_accueil", ";", VOCABULARIES.modesAccueil, problems);
        boolean remote = modes.contains("a-distance");
        boolean onSite = modes.isEmpty() || modes.contains("en-presentiel");
        Place place;
        if (!onSite && text(row, "code_postal") == null) {
            place = new Place(null, null, null, null, null, null);
        } else {
            place = place(label, row, problems);
            if (place == null) {
                return null;
            }
        }
        String id = text(row, "id");
        String source = text(row, "source");
        String sourceId = sourceId(label, id, name, place.postcode, problems);
        String description = text(row, "description");
        List<String> thematiques = values(label, row, "thematiques", ";", VOCABULARIES.thematiques, problems);
        List<String> frais = values(label, row, "frais", ";", VOCABULARIES.frais, problems);
        Boolean free = frais.contains("gratuit") ? Boolean.TRUE : frais.contains("payant") ? Boolean.FALSE : null;
        String fees = text(row, "frais_precisions");
        if (fees == null && !frais.isEmpty()) {
            fees = String.join(", ", frais);
        }
        return new ImportedOffer(source == null ? "data-inclusion" : cut(label, "source", source, 100, problems),
                sourceId, OfferFormat.DATA_INCLUSION, name, Names.normalise(name), null, place.address, place.postcode,
                place.insee, place.commune, place.latitude, place.longitude, phone(label, row, "telephone", problems),
                email(label, row, "courriel", problems), url(label, row, "lien_source", problems),
                cutQuiet(text(row, "horaires_accueil"), 500), cutQuiet(description, SUMMARY_STORED), free,
                cutQuiet(fees, 300), onSite, remote, false, null, cutQuiet(text(row, "publics_precisions"), 500),
                cutQuiet(String.join(", ", values(label, row, "modes_mobilisation", ";", VOCABULARIES.modesMobilisation,
                        problems)), 500),
                date(label, row, "date_maj", problems), "data-inclusion", thematiques);
    }

    private record Place(String address, String postcode, String insee, String commune, Double latitude,
                         Double longitude) {
    }

    /** Address, postcode, commune and position; null (rejected) without a postcode or an address. */
    private Place place(String label, Map<String, Object> row, List<Problem> problems) {
        String postcode = text(row, "code_postal");
        if (postcode != null && postcode.length() == 4 && postcode.chars().allMatch(Character::isDigit)) {
            postcode = "0" + postcode; // a spreadsheet dropped the leading zero
        }
        if (postcode == null || !POSTCODE.matcher(postcode).matches()) {
            problems.add(new Problem(label, "code_postal", "training.import.record.noPostcode",
                    new Object[] {postcode == null ? "" : postcode}, true));
            return null;
        }
        String address = text(row, "adresse");
        if (address == null) {
            problems.add(new Problem(label, "adresse", "training.import.record.noAddress", new Object[0], true));
            return null;
        }
        address = cut(label, "adresse", address, 300, problems);
        String complement = text(row, "complement_adresse");
        if (complement != null && address.length() + complement.length() < 298) {
            address = address + ", " + complement;
        }
        String insee = text(row, "code_insee");
        if (insee != null && !INSEE.matcher(insee).matches()) {
            problems.add(new Problem(label, "code_insee", "training.import.field.badInsee", new Object[] {insee}, false));
            insee = null;
        }
        String commune = text(row, "commune");
        commune = commune == null ? null : cut(label, "commune", commune, 150, problems);
        var centre = centres.of(insee);
        if (centre.isEmpty() && insee == null && commune != null) {
            String key = Names.normalise(commune);
            centre = centres.list().stream().filter(c -> Names.normalise(c.name()).equals(key)).findFirst();
            if (centre.isPresent() && postcode.startsWith("93")) {
                insee = centre.get().inseeCode();
            } else {
                centre = java.util.Optional.empty();
            }
        }
        Double lat = number(row, "latitude");
        Double lon = number(row, "longitude");
        if (lat != null || lon != null) {
            boolean inRange = lat != null && lon != null && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
            boolean wrong = !inRange;
            if (inRange && centre.isPresent()) {
                // Coordinates far from the commune they claim: another region, or latitude and longitude swapped.
                wrong = CommuneCentres.distanceKm(lat, lon, centre.get().latitude(), centre.get().longitude()) > 15;
            } else if (inRange && !postcode.startsWith("97") && !postcode.startsWith("98")) {
                wrong = lat < 41 || lat > 51.5 || lon < -5.5 || lon > 9.9;
            }
            if (wrong) {
                problems.add(new Problem(label, "latitude", "training.import.field.badPosition",
                        new Object[] {String.valueOf(row.get("latitude")), String.valueOf(row.get("longitude"))}, false));
                lat = null;
                lon = null;
            }
        }
        if ((lat == null || lon == null) && centre.isPresent()) {
            lat = centre.get().latitude();
            lon = centre.get().longitude();
        }
        if (lat == null || lon == null) {
            lat = null;
            lon = null;
        }
        return new Place(address, postcode, insee, commune, lat, lon);
    }

    private static String sourceId(String label, String id, String name, String postcode, List<Problem> problems) {
        if (id == null || PLACEHOLDER.matcher(id).matches()) {
            problems.add(new Problem(label, "id", "training.import.field.noId", new Object[] {id == null ? "" : id}, false));
            return "sans-identifiant:" + cutQuiet(Names.normalise(name), 150) + ":" + (postcode == null ? "" : postcode);
        }
        return id.length() > 200 ? id.substring(0, 200) : id;
    }

    private LocalDate date(String label, Map<String, Object> row, String field, List<Problem> problems) {
        String raw = text(row, field);
        if (raw == null) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(raw.length() > 10 ? raw.substring(0, 10) : raw);
            if (d.isBefore(OLDEST_DATE) || d.isAfter(today.plusDays(1))) {
                problems.add(new Problem(label, field, "training.import.field.impossibleDate", new Object[] {raw}, false));
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            problems.add(new Problem(label, field, "training.import.field.badDate", new Object[] {raw}, false));
            return null;
        }
    }

    private static String phone(String label, Map<String, Object> row, String field, List<Problem> problems) {
        String raw = text(row, field);
        if (raw == null) {
            return null;
        }
        String first = raw.split("[|;,/]")[0].strip();
        String phone = Contacts.normalisePhone(first);
        if (!Contacts.isValidPhone(phone)) {
            problems.add(new Problem(label, field, "training.import.field.badPhone", new Object[] {cutQuiet(raw, 40)}, false));
            return null;
        }
        return phone;
    }

    private static String email(String label, Map<String, Object> row, String field, List<Problem> problems) {
        String raw = text(row, field);
        if (raw == null) {
            return null;
        }
        for (String part : raw.split("[|;,\\s]+")) {
            String e = Contacts.normaliseEmail(part);
            if (e != null && Contacts.isValidEmail(e) && e.length() <= 254) {
                return e;
            }
        }
        problems.add(new Problem(label, field, "training.import.field.badEmail", new Object[] {cutQuiet(raw, 60)}, false));
        return null;
    }

    private static String url(String label, Map<String, Object> row, String field, List<Problem> problems) {
        String raw = text(row, field);
        if (raw == null) {
            return null;
        }
        for (String part : raw.split("[|;\\s]+")) {
            if ((part.startsWith("https://") || part.startsWith("http://")) && part.length() <= 500) {
                return part;
            }
        }
        problems.add(new Problem(label, field, "training.import.field.badUrl", new Object[] {cutQuiet(raw, 60)}, false));
        return null;
    }

    /** The values of a multi-valued field, those outside the standard's list reported and dropped. */
    private static List<String> values(String label, Map<String, Object> row, String field, String separator,
                                       Set<String> allowed, List<Problem> problems) {
        Object raw = row.get(field);
        List<String> parts = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o != null) {
                    parts.add(o.toString());
                }
            }
        } else if (raw != null) {
            String s = raw.toString();
            // v1 files written with the old separator are still read.
            String regex = "|".equals(separator) ? "[|;]" : Pattern.quote(separator);
            if ("|".equals(separator) && s.contains("|")) {
                regex = Pattern.quote("|");
            }
            for (String p : s.split(regex)) {
                parts.add(p);
            }
        }
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            String v = Names.withoutForbidden(p).strip();
            if (v.isEmpty()) {
                continue;
            }
            if (allowed != null && !allowed.contains(v)) {
                problems.add(new Problem(label, field, "training.import.field.unknownValue",
                        new Object[] {cutQuiet(v, 80)}, false));
            } else if (!kept.contains(v) && v.length() <= 200) {
                kept.add(v);
            }
        }
        return kept;
    }

    private static String cut(String label, String field, String value, int max, List<Problem> problems) {
        if (value.length() <= max) {
            return value;
        }
        problems.add(new Problem(label, field, "training.import.field.tooLong", new Object[] {value.length(), max}, false));
        return value.substring(0, max - 1).strip() + "…";
    }

    static String cutQuiet(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max - 1).strip() + "…";
    }

    private static String text(Map<String, Object> row, String field) {
        Object v = row.get(field);
        if (v == null || v instanceof Map<?, ?>) {
            return null;
        }
        if (v instanceof List<?> list) {
            v = String.join("|", list.stream().map(String::valueOf).toList());
        }
        String s = Names.withoutForbidden(v.toString()).strip();
        return s.isEmpty() || s.equalsIgnoreCase("null") ? null : s;
    }

    private static Double number(Map<String, Object> row, String field) {
        Object v = row.get(field);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        String s = text(row, field);
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.replace(',', '.'));
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The standards' value lists, from the reference files copied into the module. */
    record Vocabularies(Map<String, Set<String>> lieuxV1, Map<String, Set<String>> lieuxV0, Set<String> thematiques,
                        Set<String> frais, Set<String> modesAccueil, Set<String> modesMobilisation) {

        @SuppressWarnings("unchecked")
        static Vocabularies load() {
            try {
                Map<String, Object> lieux = JSON.readValue(resource("lieux-enums.json"), Map.class);
                Set<String> thematiques = new LinkedHashSet<>();
                for (Map<String, Object> t : (List<Map<String, Object>>) JSON.readValue(
                        resource("data-inclusion-thematiques-v1.json"), List.class)) {
                    thematiques.add((String) t.get("value"));
                }
                try (var in = resource("data-inclusion-thematiques-v0.csv")) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                            .forEach(l -> thematiques.add(l.split(",")[0].strip()));
                }
                return new Vocabularies(sets((Map<String, List<String>>) lieux.get("v1")),
                        sets((Map<String, List<String>>) lieux.get("v0")), Set.copyOf(thematiques),
                        Set.of("gratuit", "payant"), Set.of("a-distance", "en-presentiel"),
                        Set.of("envoyer-un-courriel", "se-presenter", "telephoner", "utiliser-lien-mobilisation"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Map<String, Set<String>> sets(Map<String, List<String>> lists) {
            Map<String, Set<String>> m = new LinkedHashMap<>();
            // The facts file escapes "+" as in the standard's regular expression: "Seniors (\+ 65 ans)".
            lists.forEach((k, v) -> m.put(k, Set.copyOf(v.stream().map(s -> s.replace("\\+", "+")).toList())));
            return m;
        }

        private static InputStream resource(String name) {
            InputStream in = OfferParser.class.getResourceAsStream("/reference/training/" + name);
            if (in == null) {
                throw new IllegalStateException("missing reference file " + name);
            }
            return in;
        }
    }

    static Set<String> lieuxServices(OfferFormat format) {
        return (format == OfferFormat.LIEUX_V1 ? VOCABULARIES.lieuxV1 : VOCABULARIES.lieuxV0).get("services");
    }

    static Set<String> thematiques() {
        return VOCABULARIES.thematiques;
    }
}
