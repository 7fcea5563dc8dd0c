package org.parcoursnumerique.demo;

import org.parcoursnumerique.beneficiary.BeneficiaryDemoData;

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
 * age of the referral. Dates are relative to {@code today}: people were referred between two months
 * after the start of the (shifted) programme and today, those still waiting for triage a few days
 * ago, diagnoses in the past. Who the people are (names, categories, communes, prescribers, contacts)
 * comes from one random stream and their timeline from another, so the same seed gives the same
 * people whatever the day; on the same day it gives exactly the same data. One person at a time:
 * the caller writes them in batches and keeps none. Phone numbers come from the range reserved for fiction (06 39 98, stored as +33 6 39 98…), emails
 * from example.org.
 */
final class DemoPeopleGenerator {


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
    private final Random timeline;
    private final LocalDate today;
    private final OffsetDateTime now;
    private final Programmes.Programme programme;
    private final List<Programmes.Territory> territories;
    private final Map<Long, List<String>> communesByTerritory = new HashMap<>();
    private final List<String> allCommunes = new ArrayList<>();
    private final Map<Long, List<Long>> districtsByTerritory = new HashMap<>();
    private final List<DemoDataLoader.Prescriber> prescribers;
    private final long demoPrescriberUser;
    private final long demoPrescriberOrganisation;
    private final long span;

    DemoPeopleGenerator(long seed, OffsetDateTime now, Programmes.Programme programme, Programmes programmes,
                        List<DemoDataLoader.Prescriber> prescribers, long demoPrescriberUser,
                        long demoPrescriberOrganisation) {
        this.random = new Random(seed);
        this.timeline = new Random(seed + 1);
        this.now = now;
        this.today = now.atZoneSameInstant(ZoneId.of("Europe/Paris")).toLocalDate();
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
        LocalDate first = programme.startsOn().plusMonths(2);
        this.span = Math.max(0, ChronoUnit.DAYS.between(first.isBefore(today) ? first : today.minusMonths(6), today));
    }

    BeneficiaryDemoData.Person next() {
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

        String phone = random.nextInt(100) < 90 ? String.format("+3363998%04d", random.nextInt(10_000)) : null;
        String email = random.nextInt(100) < 60 ? (ascii(firstName) + "." + ascii(lastName) + random.nextInt(100)
                + "@example.org") : null;
        String channel = phone != null ? (random.nextInt(100) < 75 ? "SMS" : "PHONE") : email != null ? "EMAIL" : "POST";
        boolean shares = random.nextInt(100) < 92;
        boolean study = random.nextInt(100) < 80;

        // The timeline, from its own stream: referred some day up to today, at office hours.
        int age = timeline.nextInt((int) span + 1);
        int minute = timeline.nextInt(60);
        OffsetDateTime createdAt = today.minusDays(age).atTime(8 + timeline.nextInt(10), minute)
                .atZone(ZoneId.of("Europe/Paris")).toOffsetDateTime();
        if (createdAt.isAfter(now)) {
            // Referred today, later than now: earlier today instead.
            createdAt = now.minusMinutes(minute + 1L);
        }
        String status = status(age);
        LocalDate diagnosedOn = switch (status) {
            case "DIAGNOSED", "IN_PATHWAY", "COMPLETED" -> diagnosedOn(createdAt.toLocalDate(), age);
            case "DROPPED_OUT" -> timeline.nextBoolean() ? diagnosedOn(createdAt.toLocalDate(), age) : null;
            default -> null;
        };
        return new BeneficiaryDemoData.Person(programme.id(), lastName, firstName, birthDate, phone, email, channel, commune, categoryFinal,
                district, referrer.id(), territory.id(), status, diagnosedOn, createdAt, shares,
                study, referrer.id() == demoPrescriberOrganisation ? demoPrescriberUser : null);
    }

    /**
     * What became of a referral {@code age} days old: still waiting for triage only in its first two
     * weeks (a consortium triages within days), accepted from the fourth day (the history says three days
     * after the referral), diagnosed from the fifth day, further along when older.
     */
    private String status(int age) {
        int r = timeline.nextInt(100);
        if (age < 4) {
            return "REFERRED";
        }
        if (age < 15) {
            return r < 55 ? "REFERRED" : r < 92 ? "ACCEPTED" : age < 5 ? "ACCEPTED" : "DIAGNOSED";
        }
        if (age < 90) {
            return r < 20 ? "ACCEPTED" : r < 55 ? "DIAGNOSED" : r < 92 ? "IN_PATHWAY" : "DROPPED_OUT";
        }
        return r < 3 ? "ACCEPTED" : r < 20 ? "DIAGNOSED" : r < 55 ? "IN_PATHWAY" : r < 85 ? "COMPLETED" : "DROPPED_OUT";
    }

    /** A diagnosis four days to five weeks after the referral, and never later than yesterday. */
    private LocalDate diagnosedOn(LocalDate referred, int age) {
        int latest = Math.max(4, Math.min(35, age - 1));
        return referred.plusDays(4 + timeline.nextInt(latest - 3));
    }

    private LocalDate birthDate(String category) {
        // Ages at the start of this year: the same people from one day to the next.
        LocalDate reference = today.withDayOfYear(1);
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
