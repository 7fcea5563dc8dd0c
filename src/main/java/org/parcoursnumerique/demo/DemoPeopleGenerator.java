package org.parcoursnumerique.demo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.parcoursnumerique.programme.Programmes;

/**
 * Fictitious people with a realistic mix: categories and prescriber kinds as in the call,
 * communes of the four territories, ASE youth placed by their district, statuses that follow the
 * age of the referral. Phone numbers come from the range reserved for fiction (06 39 98), emails
 * from example.org.
 */
final class DemoPeopleGenerator {

    record Person(long programmeId, String lastName, String firstName, LocalDate birthDate, String phone,
                  String email, String preferredChannel, String communeInsee, String category, Long aseDistrictId,
                  long referrerId, long territoryId, String status, LocalDate diagnosedOn, OffsetDateTime createdAt,
                  boolean sharesWithPrescriber, boolean joinsStudy, Long recordedBy) {
    }

    private static final String[] CATEGORIES = {"RSA", "LONG_TERM_JOBSEEKER", "YOUNG_MISSION_LOCALE",
            "YOUNG_ADULT_ASE", "SIAE_EMPLOYEE"};
    private static final int[] CATEGORY_WEIGHTS = {45, 20, 20, 5, 10};
    private static final Map<String, List<String>> KINDS_BY_CATEGORY = Map.of(
            "RSA", List.of("PIE", "PIE", "RSA_REFERENT_ASSOCIATION", "CISP", "PDIE_FUNDED_BODY"),
            "LONG_TERM_JOBSEEKER", List.of("FRANCE_TRAVAIL", "FRANCE_TRAVAIL", "CAP_EMPLOI", "PDIE_FUNDED_BODY"),
            "YOUNG_MISSION_LOCALE", List.of("MISSION_LOCALE"),
            "YOUNG_ADULT_ASE", List.of("ASE_SERVICE"),
            "SIAE_EMPLOYEE", List.of("SIAE"));

    private final Random random;
    private final Programmes.Programme programme;
    private final List<Programmes.Territory> territories;
    private final Map<Long, List<String>> communesByTerritory = new HashMap<>();
    private final List<String> allCommunes = new ArrayList<>();
    private final Map<Long, List<Long>> districtsByTerritory = new HashMap<>();
    private final List<DemoDataLoader.Prescriber> prescribers;
    private final long demoPrescriberUser;
    private final long demoPrescriberOrganisation;
    private final long span;

    DemoPeopleGenerator(Random random, Programmes.Programme programme, Programmes programmes,
                        List<DemoDataLoader.Prescriber> prescribers, long demoPrescriberUser,
                        long demoPrescriberOrganisation) {
        this.random = random;
        this.programme = programme;
        this.territories = programmes.territories();
        for (var c : programmes.communes()) {
            if (c.validUntil() == null || c.validUntil().isAfter(programme.diagnosticDeadline())) {
                communesByTerritory.computeIfAbsent(c.territoryId(), k -> new ArrayList<>()).add(c.inseeCode());
                allCommunes.add(c.inseeCode());
            }
        }
        for (var d : programmes.aseDistricts()) {
            districtsByTerritory.computeIfAbsent(d.territoryId(), k -> new ArrayList<>()).add(d.id());
        }
        this.prescribers = prescribers;
        this.demoPrescriberUser = demoPrescriberUser;
        this.demoPrescriberOrganisation = demoPrescriberOrganisation;
        this.span = ChronoUnit.DAYS.between(programme.startsOn().plusMonths(2), programme.diagnosticDeadline());
    }

    Person next() {
        var territory = territories.get(random.nextInt(territories.size()));
        String category = pick(CATEGORIES, CATEGORY_WEIGHTS);
        String commune;
        Long district = null;
        if (category.equals("YOUNG_ADULT_ASE")) {
            List<Long> districts = districtsByTerritory.getOrDefault(territory.id(), List.of());
            if (districts.isEmpty()) {
                category = "RSA";
                commune = any(communesByTerritory.get(territory.id()));
            } else {
                district = any(districts);
                // Their home can be anywhere: the district decides the territory.
                commune = any(allCommunes);
            }
        } else {
            commune = any(communesByTerritory.get(territory.id()));
        }
        String categoryFinal = category;
        List<String> kinds = KINDS_BY_CATEGORY.get(category);
        String kind = any(kinds);
        List<DemoDataLoader.Prescriber> candidates = prescribers.stream()
                .filter(p -> p.kind().equals(kind) && p.territories().contains(territory.code())).toList();
        var referrer = candidates.isEmpty() ? any(prescribers) : any(candidates);

        boolean female = random.nextBoolean();
        String firstName = any(female ? DemoNames.FEMALE : DemoNames.MALE);
        String lastName = any(DemoNames.LAST);
        LocalDate birthDate = birthDate(categoryFinal);
        OffsetDateTime createdAt = programme.startsOn().plusMonths(2).plusDays(random.nextInt((int) span + 1))
                .atTime(8 + random.nextInt(10), random.nextInt(60)).atZone(ZoneId.of("Europe/Paris")).toOffsetDateTime();

        String phone = random.nextInt(100) < 90 ? String.format("063998%04d", random.nextInt(10_000)) : null;
        String email = random.nextInt(100) < 60 ? (ascii(firstName) + "." + ascii(lastName) + random.nextInt(100)
                + "@example.org") : null;
        String channel = phone != null ? (random.nextInt(100) < 75 ? "SMS" : "PHONE") : email != null ? "EMAIL" : "POST";

        long ageDays = ChronoUnit.DAYS.between(createdAt.toLocalDate(), programme.diagnosticDeadline());
        String status = status(ageDays);
        LocalDate diagnosedOn = switch (status) {
            case "DIAGNOSED", "IN_PATHWAY", "COMPLETED" -> createdAt.toLocalDate().plusDays(7 + random.nextInt(28));
            case "DROPPED_OUT" -> random.nextBoolean() ? createdAt.toLocalDate().plusDays(10 + random.nextInt(20)) : null;
            default -> null;
        };
        return new Person(programme.id(), lastName, firstName, birthDate, phone, email, channel, commune, categoryFinal,
                district, referrer.id(), territory.id(), status, diagnosedOn, createdAt, random.nextInt(100) < 92,
                random.nextInt(100) < 80, referrer.id() == demoPrescriberOrganisation ? demoPrescriberUser : null);
    }

    private String status(long daysBeforeDeadline) {
        int r = random.nextInt(100);
        if (daysBeforeDeadline < 20) {
            return r < 50 ? "REFERRED" : r < 80 ? "ACCEPTED" : "DIAGNOSED";
        }
        if (daysBeforeDeadline < 90) {
            return r < 10 ? "REFERRED" : r < 25 ? "ACCEPTED" : r < 55 ? "DIAGNOSED" : r < 90 ? "IN_PATHWAY" : "DROPPED_OUT";
        }
        return r < 3 ? "REFERRED" : r < 8 ? "ACCEPTED" : r < 25 ? "DIAGNOSED" : r < 60 ? "IN_PATHWAY"
                : r < 88 ? "COMPLETED" : "DROPPED_OUT";
    }

    private LocalDate birthDate(String category) {
        LocalDate reference = programme.startsOn();
        int age = switch (category) {
            case "YOUNG_MISSION_LOCALE" -> 16 + random.nextInt(10);
            case "YOUNG_ADULT_ASE" -> 18 + random.nextInt(3);
            default -> 25 + random.nextInt(38);
        };
        return reference.minusYears(age).minusDays(random.nextInt(365));
    }

    private String pick(String[] values, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private <T> T any(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String ascii(String s) {
        return org.parcoursnumerique.shared.Names.normalise(s).replace(" ", "-");
    }
}
