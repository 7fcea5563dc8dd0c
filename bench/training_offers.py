#!/usr/bin/env python3
"""Writes N offers in the schéma des lieux de médiation numérique v1.0.2 CSV format (the richest of the
standards: 32 columns, multi-values with |), spread over France around the 93 communes' centres, with
the defects real files have on 1 % of records. Usage: training_offers.py N SEED OUT.csv [OUT_COPY.csv]
The second file holds the same rows as the table's columns, for COPY."""
import csv, random, sys
n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
copy_out = sys.argv[4] if len(sys.argv) > 4 else None
rnd = random.Random(seed)
SERVICES = ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien",
            "Insertion professionnelle via le numérique", "Utilisation sécurisée du numérique",
            "Parentalité et éducation avec le numérique", "Loisirs et créations numériques",
            "Compréhension du monde numérique", "Accès internet et matériel informatique"]
COMMUNES = [("93066", "Saint-Denis", "93200", 48.9362, 2.3574), ("93048", "Montreuil", "93100", 48.8638, 2.4485),
            ("93008", "Bobigny", "93000", 48.9077, 2.4397), ("93005", "Aulnay-sous-Bois", "93600", 48.9386, 2.4975),
            ("93051", "Noisy-le-Grand", "93160", 48.8486, 2.5525), ("75056", "Paris", "75011", 48.8566, 2.3522),
            ("69123", "Lyon", "69003", 45.7640, 4.8357), ("13055", "Marseille", "13001", 43.2965, 5.3698)]
HEADER = ["id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude",
          "longitude", "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
          "presentation_detail", "source", "itinerance", "structure_parente", "date_maj", "services",
          "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
          "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
          "modalites_accompagnement", "fiche_acces_libre", "prise_rdv"]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL)
    w.writerow(HEADER)
    c = open(copy_out, "w", newline="", encoding="utf-8") if copy_out else None
    cw = csv.writer(c) if c else None
    for i in range(1, n + 1):
        insee, commune, cp, lat, lon = COMMUNES[i % len(COMMUNES)] if i % 3 else COMMUNES[i % 5]
        lat += rnd.uniform(-0.03, 0.03); lon += rnd.uniform(-0.04, 0.04)
        name = f"Lieu de médiation {i} – {commune}"
        services = "|".join(rnd.sample(SERVICES, rnd.randint(1, 3)))
        pivot = "00000000000000" if i % 100 == 0 else f"{21930000000000 + i:014d}"
        date = "1969-12-31" if i % 101 == 0 else f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
        row = [f"bench-{i}", pivot, name, commune, cp, insee, f"{1 + i % 200} rue de la Gare", "", f"{lat:.5f}",
               f"{lon:.5f}", "ASSO", f"+3319900{i % 10000:04d}", f"lieu{i}@exemple.test", f"https://lieu{i}.exemple.test/",
               "Mo-Fr 09:00-12:00,14:00-18:00", "Ateliers numériques pour tous.", "", "Bench", "Fixe", "", date, services,
               "", "Handicaps moteurs" if i % 4 == 0 else "", "Gratuit" if i % 3 else "Payant", "", "", "",
               "Se présenter", "Dans un atelier collectif", "", ""]
        w.writerow(row)
        if cw:
            cw.writerow(["Bench", f"bench-{i}", "lieux-v1", name, name.lower(), pivot, row[6], cp, insee, commune,
                         f"{lat:.5f}", f"{lon:.5f}", row[11], row[12], row[13], row[14], row[15],
                         "true" if i % 3 else "false", "-"])
    if c:
        c.close()
