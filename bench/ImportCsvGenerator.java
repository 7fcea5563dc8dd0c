import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes a referral CSV of fictitious people, in the format of the import (header
 * nom;prenom;date_naissance;commune;categorie;circonscription_ase;telephone;email;besoins;consentement),
 * for bench/import.sh. The same seed, row count and day give the same file.
 *
 * <p>Every valid row is a person of the territory T6 (Plaine Commune), the territory the demo prescriber
 * "PIE de Saint-Denis" serves: a commune of T6 given by name (accents, apostrophes) or by INSEE code,
 * Pierrefitte-sur-Seine included (merged into Saint-Denis, so the import follows the merge); the five
 * eligibility categories with the ages their rules ask (YOUNG_ADULT_ASE with a T6 ASE district); phone
 * numbers from the range reserved for fiction (06 39 98, 10 000 numbers, so people share them and the
 * duplicate check finds candidates), emails @example.org. No two rows are identical.
 *
 * <p>A share of the rows ({@code --invalid-percent}, 1 by default) is invalid in one of eight ways, in
 * turn: impossible date, commune outside the département, unknown category, consent "non", consent
 * missing, bad phone, bad email, missing last name. The valid rows are also written, without header, to
 * {@code --valid-out}, for the COPY of the benchmark.
 *
 * <p>Usage: {@code java bench/ImportCsvGenerator.java --rows 100000 --seed 20260101 --out referrals.csv
 * --valid-out valid.csv [--invalid-percent 1] [--today 2026-11-28]}. Prints "rows= valid= invalid=".
 */
public class ImportCsvGenerator {

    static final String HEADER = "nom;prenom;date_naissance;commune;categorie;circonscription_ase;telephone;email;besoins;consentement";

    static final String[][] COMMUNES = { // name, INSEE code
            {"Aubervilliers", "93001"}, {"La Courneuve", "93027"}, {"Épinay-sur-Seine", "93031"},
            {"L'Île-Saint-Denis", "93039"}, {"Pierrefitte-sur-Seine", "93059"}, {"Saint-Denis", "93066"},
            {"Saint-Ouen-sur-Seine", "93070"}, {"Stains", "93072"}, {"Villetaneuse", "93079"}};
    static final String[] T6_ASE_DISTRICTS = {"ASE-SDN", "ASE-AUB"};
    static final String[] LAST_NAMES = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
            "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand",
            "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
            "François", "Martinez", "Diallo", "Traoré", "Koné", "Camara", "Keita", "Ndiaye", "Diop", "Cissé",
            "Touré", "Sylla", "Fofana", "Nguyen", "Tran", "Le", "Pham", "Benali", "Haddad", "Mansouri", "Belkacem",
            "Cherif", "Amrani", "Bouzid", "Rahmani", "Yilmaz", "Kaya", "Silva", "Santos", "Ferreira", "Pereira",
            "Costa", "Rodrigues", "Popescu", "Ionescu", "Kowalski", "Zerrouki", "Le Goff", "D'Almeida",
            "N'Diaye", "Saint-Aimé", "Éboué", "Ménard"};
    static final String[] FIRST_NAMES = {"Marie", "Fatoumata", "Aïcha", "Élodie", "Camille", "Léa", "Chloé",
            "Inès", "Mariam", "Awa", "Sarah", "Yasmine", "Nadia", "Sophie", "Hélène", "Zoé", "Amina", "Linh",
            "Ana", "Maëlle", "Jean", "Mohamed", "Moussa", "Karim", "Lucas", "Hugo", "Mamadou", "Omar", "Nicolas",
            "Thomas", "Ibrahim", "Youssef", "Julien", "Paul", "Adama", "Bilal", "Rémi", "Jérôme", "Minh", "Joao",
            "Jean-Pierre", "Marie-Claire", "Anne-Sophie", "François", "Noël", "Loïc", "Siaka", "Aminata",
            "Kadiatou", "Mehdi"};
    static final String[] NEEDS = {"", "", "Ordinateur pour ses démarches", "Apprendre à utiliser un smartphone",
            "Créer une adresse e-mail", "Démarches CAF et France Travail en ligne", "Accès à internet à domicile",
            "Utiliser l'espace santé, prendre rendez-vous", "Rédiger un CV, candidater en ligne",
            "Équipement pour une formation, sans ordinateur", "Ne sait pas lire les courriels, besoin d'un accompagnement"};
    static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    public static void main(String[] args) throws IOException {
        int rows = 100_000;
        long seed = 20260101L;
        double invalidPercent = 1.0;
        Path out = null;
        Path validOut = null;
        LocalDate today = LocalDate.now();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--invalid-percent" -> invalidPercent = Double.parseDouble(value);
                case "--out" -> out = Path.of(value);
                case "--valid-out" -> validOut = Path.of(value);
                case "--today" -> today = LocalDate.parse(value);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
            i++;
        }
        if (out == null || validOut == null || rows < 1 || invalidPercent < 0 || invalidPercent > 100) {
            System.err.println("Usage: java bench/ImportCsvGenerator.java --rows N --seed S --out file.csv "
                    + "--valid-out valid.csv [--invalid-percent 1] [--today yyyy-mm-dd]");
            System.exit(2);
        }
        Random random = new Random(seed);
        int invalidEvery = invalidPercent == 0 ? Integer.MAX_VALUE : (int) Math.round(100 / invalidPercent);
        Set<String> seen = new HashSet<>();
        int valid = 0;
        int invalid = 0;
        try (BufferedWriter all = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             BufferedWriter good = Files.newBufferedWriter(validOut, StandardCharsets.UTF_8)) {
            all.write(HEADER);
            all.write("\r\n");
            for (int n = 1; n <= rows; n++) {
                List<String> row = person(random, today, n);
                // The import recognises a row it already saw by its normalised fields: keep them all distinct.
                while (!seen.add(row.stream().map(ImportCsvGenerator::normalise).toList().toString())) {
                    row = person(random, today, n);
                }
                String line;
                // Invalid rows are spread over the file (every invalidEvery-th row, in turn of kind).
                if (n % invalidEvery == 0) {
                    spoil(row, invalid % 8);
                    invalid++;
                    line = csv(row);
                } else {
                    valid++;
                    line = csv(row);
                    good.write(line);
                    good.write("\n");
                }
                all.write(line);
                all.write("\r\n");
            }
        }
        System.out.println("rows=" + rows + " valid=" + valid + " invalid=" + invalid);
    }

    static List<String> person(Random random, LocalDate today, int n) {
        String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        int c = random.nextInt(100);
        String category = c < 45 ? "RSA" : c < 70 ? "LONG_TERM_JOBSEEKER" : c < 85 ? "YOUNG_MISSION_LOCALE"
                : c < 95 ? "SIAE_EMPLOYEE" : "YOUNG_ADULT_ASE";
        // Ages well inside each category's rule, so that a row stays valid for months.
        int minDays;
        int maxDays;
        switch (category) {
            case "YOUNG_MISSION_LOCALE" -> { minDays = 16 * 365 + 200; maxDays = 25 * 365 - 200; }
            case "YOUNG_ADULT_ASE" -> { minDays = 18 * 365 + 100; maxDays = 21 * 365 - 100; }
            default -> { minDays = 26 * 365; maxDays = 64 * 365; }
        }
        LocalDate birth = today.minusDays(minDays + random.nextInt(maxDays - minDays));
        String date = random.nextInt(10) < 8 ? birth.format(FRENCH) : birth.toString();
        String[] commune = COMMUNES[random.nextInt(COMMUNES.length)];
        String communeValue = random.nextInt(10) < 7 ? commune[0] : commune[1];
        String district = category.equals("YOUNG_ADULT_ASE") ? T6_ASE_DISTRICTS[random.nextInt(2)] : "";
        String phone = "";
        if (random.nextInt(100) < 75) {
            String digits = String.format("063998%04d", random.nextInt(10_000));
            phone = random.nextBoolean() ? digits
                    : digits.replaceAll("(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})", "$1 $2 $3 $4 $5");
        }
        String email = "";
        if (random.nextInt(100) < 55) {
            email = ascii(first) + "." + ascii(last) + n + "@example.org";
        }
        String needs = NEEDS[random.nextInt(NEEDS.length)];
        String consent = random.nextInt(10) < 9 ? "oui" : "OUI";
        return new ArrayList<>(List.of(last, first, date, communeValue, category, district, phone, email, needs, consent));
    }

    /** Makes a row invalid in one way; the import must reject it with an explained error. */
    static void spoil(List<String> row, int kind) {
        switch (kind) {
            case 0 -> row.set(2, "31/02/1990");
            case 1 -> row.set(3, "Lyon");
            case 2 -> row.set(4, "RETRAITE");
            case 3 -> row.set(9, "non");
            case 4 -> row.set(9, "");
            case 5 -> row.set(6, "12345");
            case 6 -> row.set(7, "adresse.sans.arobase.example.org");
            default -> row.set(0, "");
        }
    }

    /** As the application's Names.normalise: no accents, lower case, separators as one space. */
    static String normalise(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s'’\\-]+", " ").trim();
    }

    static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-");
    }

    static String csv(List<String> row) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                s.append(';');
            }
            String v = row.get(i);
            if (v.contains(";") || v.contains("\"") || v.contains("\n")) {
                s.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                s.append(v);
            }
        }
        return s.toString();
    }
}
