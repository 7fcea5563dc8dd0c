package org.parcoursnumerique.training;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Fictitious offers of the département in the real formats, for the demo (and the same shape as the
 * benchmark's generator): a v1 CSV of places of digital mediation in every commune, and a JSON array
 * of data·inclusion services. Deterministic from the seed; a few records carry the defects real
 * files have (placeholder SIRET, impossible date, over-long summary, coordinates elsewhere), so
 * the demo's import report shows them.
 */
final class DemoCatalogue {

    private static final String[] KINDS = {"Espace numérique", "Médiathèque", "Centre social", "Maison de quartier",
            "Point numérique", "Tiers-lieu"};
    private static final String[] NAMES = {"Louise Michel", "Jean Jaurès", "Aimé Césaire", "Simone Veil", "Olympe de Gouges",
            "Paul Éluard", "Angela Davis", "Nelson Mandela", "Elsa Triolet", "Victor Hugo", "Frida Kahlo", "Marie Curie"};
    private static final String[] STREETS = {"rue de la République", "avenue Jean Jaurès", "rue Gabriel Péri",
            "boulevard Anatole France", "place de la Mairie", "rue Paul Vaillant-Couturier", "allée des Tilleuls"};
    private static final List<String> SERVICES = List.of("Aide aux démarches administratives",
            "Maîtrise des outils numériques du quotidien", "Insertion professionnelle via le numérique",
            "Utilisation sécurisée du numérique", "Compréhension du monde numérique", "Loisirs et créations numériques",
            "Accès internet et matériel informatique");
    private static final String[] FEES = {"Gratuit", "Gratuit", "Gratuit sous condition", "Payant", "Gratuit|Payant"};
    private static final String[] MODALITIES = {"Accompagnement individuel", "Dans un atelier collectif",
            "Dans un atelier collectif|Accompagnement individuel", "À distance|Accompagnement individuel", "En autonomie"};
    private static final String[] HOURS = {"Mo-Fr 09:00-12:00,14:00-18:00", "Tu-Sa 10:00-18:00", "Mo,We,Fr 14:00-17:30",
            "Mo-Th 09:30-12:30; Sa 09:00-12:00"};
    static final String HEADER = "\"id\",\"pivot\",\"nom\",\"commune\",\"code_postal\",\"code_insee\",\"adresse\","
            + "\"complement_adresse\",\"latitude\",\"longitude\",\"typologie\",\"telephone\",\"courriels\",\"site_web\","
            + "\"horaires\",\"presentation_resume\",\"presentation_detail\",\"source\",\"itinerance\",\"structure_parente\","
            + "\"date_maj\",\"services\",\"publics_specifiquement_adresses\",\"prise_en_charge_specifique\","
            + "\"frais_a_charge\",\"dispositif_programmes_nationaux\",\"formations_labels\",\"autres_formations_labels\","
            + "\"modalites_acces\",\"modalites_accompagnement\",\"fiche_acces_libre\",\"prise_rdv\"";

    private DemoCatalogue() {
    }

    /** {@code perCommune} places in each commune, in the v1 CSV format. */
    static String lieuxV1(long seed, List<CommuneCentres.Centre> communes, int perCommune, LocalDate today) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        int n = 0;
        for (CommuneCentres.Centre c : communes) {
            for (int i = 0; i < perCommune; i++) {
                n++;
                String name = KINDS[random.nextInt(KINDS.length)] + " " + NAMES[random.nextInt(NAMES.length)]
                        + " – " + c.name();
                double lat = c.latitude() + (random.nextDouble() - 0.5) * 0.02;
                double lon = c.longitude() + (random.nextDouble() - 0.5) * 0.03;
                String pivot = String.format("%014d", 21930000000000L + n * 1_000L + random.nextInt(900));
                String date = today.minusDays(random.nextInt(700)).toString();
                String summary = "Ateliers et accompagnement individuel pour apprendre à utiliser l’ordinateur, le "
                        + "smartphone et les services en ligne.";
                // The defects of real files, on a few records.
                if (n % 37 == 0) {
                    pivot = "00000000000000";
                }
                if (n % 41 == 0) {
                    date = "1969-12-31";
                }
                if (n % 43 == 0) {
                    summary = summary.repeat(4);
                }
                if (n % 47 == 0) {
                    lat = 43.52609;
                    lon = 5.41423;
                }
                int first = random.nextInt(SERVICES.size());
                int count = 1 + random.nextInt(3);
                StringBuilder s = new StringBuilder();
                for (int k = 0; k < count; k++) {
                    String value = SERVICES.get((first + k) % SERVICES.size());
                    s.append(s.isEmpty() ? "" : "|").append(value);
                }
                String fees = FEES[random.nextInt(FEES.length)];
                String modality = MODALITIES[random.nextInt(MODALITIES.length)];
                String support = n % 3 == 0 ? "Handicaps moteurs|Déficience visuelle" : n % 5 == 0 ? "Illettrisme" : "";
                String acces = n % 4 == 0 ? "https://acceslibre.beta.gouv.fr/app/93/a/lieu/erp/demo-" + n + "/" : "";
                String phone = "+3319900" + String.format("%04d", n % 10_000);
                csv.append(String.join(",", q("demo-93-" + n), q(pivot), q(name), q(c.name()),
                        q(DedicatedTrainings.postcode(c.inseeCode())), q(c.inseeCode()),
                        q((1 + random.nextInt(120)) + " " + STREETS[random.nextInt(STREETS.length)]), q(""),
                        q(String.format(java.util.Locale.ROOT, "%.5f", lat)),
                        q(String.format(java.util.Locale.ROOT, "%.5f", lon)), q("ASSO"), q(phone),
                        q("contact" + n + "@demo.parcours.test"), q("https://lieu-" + n + ".demo.parcours.test/"),
                        q(HOURS[random.nextInt(HOURS.length)]), q(summary), q(""), q("Démo Parcours"),
                        q(n % 9 == 0 ? "Itinérant" : "Fixe"), q(""), q(date), q(s.toString()), q(""), q(support),
                        q(fees), q(n % 2 == 0 ? "Conseillers numériques" : ""), q(""), q(""),
                        q("Se présenter|Téléphoner"), q(modality), q(acces), q(""))).append('\n');
            }
        }
        return csv.toString();
    }

    /** A few data·inclusion services (one per commune of every other one), as a JSON array. */
    static String dataInclusion(long seed, List<CommuneCentres.Centre> communes, LocalDate today) {
        Random random = new Random(seed + 1);
        String[][] thematiques = {{"numerique--maitriser-les-fondamentaux-du-numerique"},
                {"numerique--acceder-a-des-services-en-ligne"},
                {"numerique--favoriser-mon-insertion-professionnelle", "numerique--maitriser-les-fondamentaux-du-numerique"},
                {"numerique--prendre-en-main-un-smartphone-ou-une-tablette"}};
        StringBuilder json = new StringBuilder("[");
        int n = 0;
        for (int i = 0; i < communes.size(); i += 2) {
            CommuneCentres.Centre c = communes.get(i);
            n++;
            String[] t = thematiques[random.nextInt(thematiques.length)];
            json.append(n == 1 ? "" : ",").append(String.format(java.util.Locale.ROOT, """
                    {"source":"demo-dora","structure_id":"demo-dora--s%d","id":"demo-dora--svc%d",\
                    "nom":"Atelier numérique pour l’emploi – %s","description":"Apprendre à créer sa messagerie, \
                    déposer un CV en ligne et suivre ses candidatures.","date_maj":"%s","thematiques":[%s],\
                    "frais":["%s"],"modes_accueil":["en-presentiel"],"adresse":"%d place de la Mairie",\
                    "code_postal":"%s","code_insee":"%s","commune":"%s","latitude":%.5f,"longitude":%.5f,\
                    "telephone":"01 99 00 %02d %02d","courriel":"atelier%d@demo.parcours.test",\
                    "horaires_accueil":"Tu,Th 14:00-17:00"}""", n, n, c.name(), today.minusDays(random.nextInt(300)),
                    String.join(",", java.util.Arrays.stream(t).map(x -> "\"" + x + "\"").toList()),
                    random.nextInt(4) == 0 ? "payant" : "gratuit", 1 + random.nextInt(40),
                    DedicatedTrainings.postcode(c.inseeCode()), c.inseeCode(), c.name(),
                    c.latitude() + (random.nextDouble() - 0.5) * 0.01, c.longitude() + (random.nextDouble() - 0.5) * 0.01,
                    n % 100, (n * 7) % 100, n));
        }
        return json.append(']').toString();
    }

    private static String q(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
