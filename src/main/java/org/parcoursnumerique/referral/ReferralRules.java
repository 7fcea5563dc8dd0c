package org.parcoursnumerique.referral;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.programme.TerritoryRules;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks a referral from any channel and resolves what it names: the commune (INSEE code or name,
 * following merges), the ASE district, the territory by rule, the contact channel. Every refusal
 * is a {@link ReferralProblem} with a French explanation.
 */
@Component
class ReferralRules {

    static final Set<String> CATEGORIES = Set.of("RSA", "LONG_TERM_JOBSEEKER", "YOUNG_MISSION_LOCALE",
            "YOUNG_ADULT_ASE", "SIAE_EMPLOYEE");
    static final Set<String> RSA_SITUATIONS = Set.of("IN_TRAINING", "ENTREPRENEURSHIP", "EQUIPMENT_FOR_INSERTION");
    static final Set<String> CHANNELS = Set.of("SMS", "EMAIL", "PHONE", "POST");
    static final int NEEDS_MAX = 2000;
    /** Notes of triage and of the prescriber (refusal, withdrawal, messages): the columns hold 2 000. */
    static final int NOTE_MAX = 2000;
    /**
     * Longest value each other text of a referral may have, whatever the channel (form, CSV, API):
     * beyond it the value is refused with its own message instead of being echoed or stored.
     */
    static final java.util.Map<String, Integer> TEXT_MAX = java.util.Map.of(
            "lastName", 100, "firstName", 100, "commune", 100, "aseDistrict", 100, "phone", 30,
            "email", 320, "eligibilityCategory", 60, "rsaSituation", 40, "preferredChannel", 20);
    /** The shape of a French commune's INSEE code (2A/2B for Corsica); a postcode has the same shape. */
    static final java.util.regex.Pattern FRENCH_COMMUNE_CODE = java.util.regex.Pattern.compile("\\d[0-9ABab]\\d{3}");

    /** A referral that passed every rule, with everything resolved. */
    record Checked(String lastName, String firstName, LocalDate birthDate, String communeInsee, String category,
                   String rsaSituation, Long aseDistrictId, long territoryId, String phone, String email,
                   String preferredChannel, String needs, boolean shareWithPrescriber, boolean evaluationStudy) {
    }

    record Outcome(Checked checked, List<ReferralProblem> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private final JdbcClient jdbc;
    private final TerritoryRules territoryRules;
    private final Programmes programmes;

    ReferralRules(JdbcClient jdbc, TerritoryRules territoryRules, Programmes programmes) {
        this.jdbc = jdbc;
        this.territoryRules = territoryRules;
        this.programmes = programmes;
    }

    /**
     * @param askSituation whether the channel asks the RSA situation (the web form does); the situation is
     *                     optional everywhere (a priority of the call, not a condition)
     */
    Outcome check(NewReferral r, long referringOrganisationId, LocalDate today, boolean askSituation) {
        List<ReferralProblem> tooLong = tooLong(r);
        if (!tooLong.isEmpty()) {
            return new Outcome(null, tooLong);
        }
        List<ReferralProblem> problems = new ArrayList<>();
        String lastName = name(r.lastName(), "lastName", problems);
        String firstName = name(r.firstName(), "firstName", problems);

        String category = r.eligibilityCategory() == null ? null : r.eligibilityCategory().strip();
        if (category == null || category.isEmpty()) {
            problems.add(new ReferralProblem("eligibilityCategory", "referral.category.required"));
        } else if (!CATEGORIES.contains(category)) {
            // Say what was not recognised and what is: "not part of the programme" misled people
            // who had written a public of the programme in their own words.
            problems.add(new ReferralProblem("eligibilityCategory", "referral.category.unknown", category,
                    String.join(", ", programmes.eligibilityCategories())));
            category = null;
        }

        LocalDate birthDate = r.birthDate();
        checkBirthDate(birthDate, category, today, problems);

        String rsaSituation = blankToNull(r.rsaSituation());
        if ("RSA".equals(category)) {
            // The situation is a priority of the call, not a condition: optional on every channel.
            if (rsaSituation != null && !RSA_SITUATIONS.contains(rsaSituation)) {
                problems.add(new ReferralProblem("rsaSituation", "referral.rsaSituation.unknown"));
            }
        } else {
            rsaSituation = null;
        }

        String communeInsee = null;
        String commune = blankToNull(r.commune());
        if (commune == null) {
            problems.add(new ReferralProblem("commune", "referral.commune.required"));
        } else {
            communeInsee = resolveCommune(commune, today).orElse(null);
            if (communeInsee == null && "YOUNG_ADULT_ASE".equals(category) && FRENCH_COMMUNE_CODE.matcher(commune).matches()) {
                // ASE young adults may live anywhere in France: their district decides the territory.
                communeInsee = commune.toUpperCase(java.util.Locale.ROOT);
            } else if (communeInsee == null) {
                problems.add(new ReferralProblem("commune", "YOUNG_ADULT_ASE".equals(category)
                        ? "referral.commune.outsideAse" : "referral.commune.outside", commune));
            }
        }

        Long aseDistrictId = null;
        String district = blankToNull(r.aseDistrict());
        if ("YOUNG_ADULT_ASE".equals(category)) {
            if (district == null) {
                problems.add(new ReferralProblem("aseDistrict", "referral.aseDistrict.required"));
            } else {
                aseDistrictId = resolveDistrict(district).orElse(null);
                if (aseDistrictId == null) {
                    problems.add(new ReferralProblem("aseDistrict", "referral.aseDistrict.unknown", district));
                }
            }
        } else if (district != null && category != null) {
            problems.add(new ReferralProblem("aseDistrict", "referral.aseDistrict.onlyAse"));
        }

        String phone = Contacts.normalisePhone(r.phone());
        if (phone != null && !Contacts.isValidPhone(phone)) {
            problems.add(new ReferralProblem("phone", "referral.phone.format"));
        }
        String email = Contacts.normaliseEmail(r.email());
        if (email != null && !Contacts.isValidEmail(email)) {
            problems.add(new ReferralProblem("email", "referral.email.format"));
        }
        String channel = blankToNull(r.preferredChannel());
        if (channel == null) {
            channel = phone != null ? "SMS" : email != null ? "EMAIL" : "POST";
        } else if (!CHANNELS.contains(channel)) {
            problems.add(new ReferralProblem("preferredChannel", "referral.channel.unknown"));
        } else if ((channel.equals("SMS") || channel.equals("PHONE")) && phone == null) {
            problems.add(new ReferralProblem("phone", "referral.phone.neededForChannel"));
        } else if (channel.equals("EMAIL") && email == null) {
            problems.add(new ReferralProblem("email", "referral.email.neededForChannel"));
        }

        String needs = r.needs() == null ? null : r.needs().strip();
        if (needs != null && needs.length() > NEEDS_MAX) {
            problems.add(new ReferralProblem("needs", "referral.needs.size", NEEDS_MAX));
        } else if (needs != null && hasControlCharacters(needs)) {
            problems.add(new ReferralProblem("needs", "referral.text.control"));
        }
        if (needs != null && needs.isEmpty()) {
            needs = null;
        }

        if (!Boolean.TRUE.equals(r.consent())) {
            problems.add(new ReferralProblem("consent", "referral.consent.required"));
        }

        Long territoryId = null;
        if (communeInsee != null && category != null && (!category.equals("YOUNG_ADULT_ASE") || aseDistrictId != null)) {
            territoryId = territoryRules.territoryFor(communeInsee, category.equals("YOUNG_ADULT_ASE"), aseDistrictId)
                    .orElse(null);
            if (territoryId == null) {
                problems.add(new ReferralProblem("commune", "referral.commune.outside", commune));
            } else if (!serves(referringOrganisationId, territoryId)) {
                problems.add(new ReferralProblem("commune", "referral.territory.notServed"));
            }
        }
        if (!problems.isEmpty()) {
            return new Outcome(null, List.copyOf(problems));
        }
        return new Outcome(new Checked(lastName, firstName, birthDate, communeInsee, category, rsaSituation,
                aseDistrictId, territoryId, phone, email, channel, needs,
                // A consent nobody asked for is a no.
                Boolean.TRUE.equals(r.shareWithPrescriber()), Boolean.TRUE.equals(r.evaluationStudy())), List.of());
    }

    /** Every text over its length, each with its own message (nothing else is checked then). */
    static List<ReferralProblem> tooLong(NewReferral r) {
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        texts.put("lastName", r.lastName());
        texts.put("firstName", r.firstName());
        texts.put("commune", r.commune());
        texts.put("aseDistrict", r.aseDistrict());
        texts.put("phone", r.phone());
        texts.put("email", r.email());
        texts.put("eligibilityCategory", r.eligibilityCategory());
        texts.put("rsaSituation", r.rsaSituation());
        texts.put("preferredChannel", r.preferredChannel());
        List<ReferralProblem> problems = new ArrayList<>();
        texts.forEach((field, value) -> {
            int max = TEXT_MAX.get(field);
            if (value != null && value.strip().length() > max) {
                problems.add(new ReferralProblem(field, "referral.text.tooLong", max));
            }
        });
        return problems;
    }

    /** A note of triage or of the prescriber, cleaned, or the message that refuses it as too long. */
    static boolean noteTooLong(String cleanedNote) {
        return cleanedNote != null && cleanedNote.length() > NOTE_MAX;
    }

    /** The birth date's rules: given, not in the future, an age the programme and the category accept. */
    private static void checkBirthDate(LocalDate birthDate, String category, LocalDate today,
                                       List<ReferralProblem> problems) {
        if (birthDate == null) {
            problems.add(new ReferralProblem("birthDate", "referral.birthDate.required"));
        } else if (birthDate.isAfter(today)) {
            problems.add(new ReferralProblem("birthDate", "referral.birthDate.future"));
        } else {
            int age = Period.between(birthDate, today).getYears();
            if (age < 16 || age > 99) {
                problems.add(new ReferralProblem("birthDate", "referral.birthDate.age"));
            } else if ("YOUNG_MISSION_LOCALE".equals(category) && age > 25) {
                problems.add(new ReferralProblem("birthDate", "referral.birthDate.youngMissionLocale"));
            } else if ("YOUNG_ADULT_ASE".equals(category) && (age < 18 || age > 21)) {
                problems.add(new ReferralProblem("birthDate", "referral.birthDate.youngAse"));
            }
        }
    }

    /** A corrected identity, cleaned, or its problems (same rules as a new referral's). */
    record Identity(String lastName, String firstName, LocalDate birthDate, List<ReferralProblem> problems) {
    }

    static Identity identity(String lastName, String firstName, LocalDate birthDate, String category, LocalDate today) {
        List<ReferralProblem> problems = new ArrayList<>();
        String last = name(lastName, "lastName", problems);
        String first = name(firstName, "firstName", problems);
        checkBirthDate(birthDate, category, today, problems);
        return new Identity(last, first, birthDate, problems);
    }

    private static String name(String raw, String field, List<ReferralProblem> problems) {
        String cleaned = Contacts.cleanName(raw);
        if (cleaned == null || cleaned.isEmpty()) {
            problems.add(new ReferralProblem(field, "referral." + field + ".required"));
            return null;
        }
        // Normalising can lengthen a name (ß → ss); the search keys must still fit their columns.
        if (!Contacts.isValidName(cleaned) || Names.normalise(cleaned).length() > 100) {
            problems.add(new ReferralProblem(field, "referral.name.format"));
            return null;
        }
        return cleaned;
    }

    /** INSEE code or name of a commune of the programme's territories, as valid today. */
    Optional<String> resolveCommune(String value, LocalDate today) {
        String v = value.strip();
        Optional<String> code;
        if (v.matches("\\d[0-9AB]\\d{3}")) {
            code = Optional.of(v);
        } else {
            code = programmes.communeCodeByName(v);
        }
        return code.flatMap(c -> territoryRules.currentInseeCode(c, today));
    }

    private Optional<Long> resolveDistrict(String value) {
        String norm = Names.normalise(value);
        return programmes.aseDistricts().stream()
                .filter(d -> d.code().equalsIgnoreCase(value.strip()) || Names.normalise(d.name()).equals(norm))
                .map(Programmes.AseDistrict::id).findFirst();
    }

    private boolean serves(long organisationId, long territoryId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM organisation_territory_v WHERE organisation_id = :org AND territory_id = :territory""")
                .param("org", organisationId).param("territory", territoryId).query(Long.class).single() > 0;
    }

    static boolean hasControlCharacters(String s) {
        // Control characters, noncharacters (U+FFFE…) and lone surrogates: one rule for every text (Names).
        return !Names.isCleanText(s, true);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
