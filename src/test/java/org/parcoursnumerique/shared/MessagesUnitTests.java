package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.beneficiary.BeneficiaryStatus;
import org.parcoursnumerique.organisation.OrganisationKind;

/** Every text key used by templates and code exists in messages.properties. */
class MessagesUnitTests {

    private static final Pattern TEMPLATE_KEY = Pattern.compile("ctx\\.t\\(\"([a-zA-Z0-9_.]+)\"");
    private static final Pattern TEMPLATE_PREFIX = Pattern.compile("ctx\\.t\\(\"([a-zA-Z0-9_.]+\\.)\" \\+");
    private static final Pattern JAVA_KEY = Pattern.compile(
            "(?:addFlashAttribute\\(\"flash\", |Flash\\.(?:success|warning|error)\\(redirect, |Flash\\.Severity\\.\\w+, |rejectValue\\(\"\\w+\", |reject\\(|text\\()\"([a-zA-Z0-9_.]+)\"");
    private static final Pattern ANNOTATION_KEY = Pattern.compile("message = \"\\{([a-zA-Z0-9_.]+)}\"");

    static Properties messages() throws IOException {
        Properties p = new Properties();
        try (var in = new InputStreamReader(MessagesUnitTests.class.getResourceAsStream("/messages.properties"),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void everyKeyUsedInTemplatesAndCodeExists() throws IOException {
        Properties messages = messages();
        Set<String> missing = new TreeSet<>();
        for (Path file : files(Path.of("src/main/jte"), ".jte")) {
            Matcher m = TEMPLATE_KEY.matcher(Files.readString(file));
            while (m.find()) {
                if (!m.group(1).endsWith(".") && !messages.containsKey(m.group(1))) {
                    missing.add(file.getFileName() + ": " + m.group(1));
                }
            }
        }
        for (Path file : files(Path.of("src/main/java"), ".java")) {
            String source = Files.readString(file);
            for (Pattern pattern : List.of(JAVA_KEY, ANNOTATION_KEY)) {
                Matcher m = pattern.matcher(source);
                while (m.find()) {
                    if (!messages.containsKey(m.group(1))) {
                        missing.add(file.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyValueOfAnEnumeratedListHasItsLabel() throws IOException {
        Properties messages = messages();
        List<String> expected = new ArrayList<>();
        for (Role r : Role.values()) {
            expected.add("role." + r.name());
            expected.add("home.role." + r.name());
        }
        for (OrganisationKind k : OrganisationKind.values()) {
            expected.add("organisationKind." + k.name());
        }
        for (AuditAction a : AuditAction.values()) {
            expected.add("auditAction." + a.name());
        }
        for (BeneficiaryStatus s : BeneficiaryStatus.values()) {
            expected.add("status." + s.name());
        }
        for (String c : List.of("RSA", "LONG_TERM_JOBSEEKER", "YOUNG_MISSION_LOCALE", "YOUNG_ADULT_ASE", "SIAE_EMPLOYEE")) {
            expected.add("category." + c);
        }
        for (String k : List.of("PIE", "RSA_REFERENT_ASSOCIATION", "PDIE_FUNDED_BODY", "CISP", "FRANCE_TRAVAIL",
                "CAP_EMPLOI", "MISSION_LOCALE", "ASE_SERVICE", "SIAE")) {
            expected.add("prescriberKind." + k);
        }
        for (String i : List.of("DIAGNOSED", "EQUIPPED", "CONNECTED_6_MONTHS", "ORIENTED", "CERTIFIED")) {
            expected.add("indicator." + i);
        }
        for (String c : List.of("SMS", "EMAIL", "PHONE", "POST")) {
            expected.add("channel." + c);
        }
        for (String c : List.of("PATHWAY_PROCESSING", "SHARE_WITH_PRESCRIBER", "EVALUATION_STUDY", "SMS_CONTACT")) {
            expected.add("consent." + c);
        }
        for (var s : org.parcoursnumerique.referral.ReferralStatus.values()) {
            expected.add("referralStatus." + s.name());
            expected.add("referral.conflict." + s.name());
        }
        for (var s : org.parcoursnumerique.referral.Referrals.Source.values()) {
            expected.add("referralSource." + s.name());
        }
        for (String s : List.of("IN_TRAINING", "ENTREPRENEURSHIP", "EQUIPMENT_FOR_INSERTION")) {
            expected.add("rsaSituation." + s);
        }
        for (String r : List.of("NOT_ELIGIBLE", "OUT_OF_TERRITORY", "ALREADY_FOLLOWED", "NO_DIGITAL_NEED",
                "DECLINED_BY_PERSON", "UNREACHABLE", "CAPACITY_REACHED", "OTHER")) {
            expected.add("refusalReason." + r);
        }
        for (String r : List.of("NAME_BIRTH", "TWO_FIELDS")) {
            expected.add("duplicateRule." + r);
        }
        for (int status : new int[] {400, 404, 405, 409, 413, 500}) {
            expected.add("error." + status + ".title");
            expected.add("error." + status + ".text");
        }
        assertThat(expected).allSatisfy(key -> assertThat(messages).containsKey(key));
    }

    @Test
    void templatesHoldNoHardCodedFrenchText() throws IOException {
        // Crude but useful: text between tags that starts with a capital letter and is not an expression.
        Pattern text = Pattern.compile(">\\s*([A-ZÉÀ][a-zéèêàçù’' ]{3,})\\s*<");
        List<String> found = new ArrayList<>();
        for (Path file : files(Path.of("src/main/jte"), ".jte")) {
            Matcher m = text.matcher(Files.readString(file));
            while (m.find()) {
                found.add(file.getFileName() + ": " + m.group(1));
            }
        }
        assertThat(found).isEmpty();
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }
}
