package org.parcoursnumerique.equipment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class EquipmentUnitTests {

    @Test
    void imeiIsCheckedWithItsLuhnDigit() {
        assertThat(DeviceRules.imeiValid("356938035643809")).isTrue();
        assertThat(DeviceRules.imeiValid("356938035643808")).isFalse();
        assertThat(DeviceRules.imeiValid("35693803564380")).isFalse();
        assertThat(DeviceRules.imeiValid("35693803564380A")).isFalse();
        Random random = new Random(9);
        for (int i = 0; i < 1000; i++) {
            String body = String.format("%014d", Math.floorMod(random.nextLong(), 100_000_000_000_000L));
            String imei = body + DeviceRules.luhnDigit(body);
            assertThat(DeviceRules.imeiValid(imei)).as(imei).isTrue();
            int wrong = (DeviceRules.luhnDigit(body) + 1 + random.nextInt(9)) % 10;
            assertThat(DeviceRules.imeiValid(body + wrong)).isFalse();
        }
    }

    @Test
    void deviceTypesAreReadFromCodesAndFrenchNames() {
        assertThat(DeviceType.parse("LAPTOP")).contains(DeviceType.LAPTOP);
        assertThat(DeviceType.parse("Ordinateur portable")).contains(DeviceType.LAPTOP);
        assertThat(DeviceType.parse(" téléphone ")).contains(DeviceType.SMARTPHONE);
        assertThat(DeviceType.parse("Tablette")).contains(DeviceType.TABLET);
        assertThat(DeviceType.parse("unité centrale")).contains(DeviceType.DESKTOP);
        assertThat(DeviceType.parse("grille-pain")).isEmpty();
    }

    @Test
    void theTransitionTableFollowsTheDeviceLife() {
        var t = DeviceStatus.TRANSITIONS;
        assertThat(t.allows(DeviceStatus.RECEIVED, DeviceStatus.READY)).isTrue();
        assertThat(t.allows(DeviceStatus.READY, DeviceStatus.RESERVED)).isTrue();
        assertThat(t.allows(DeviceStatus.RESERVED, DeviceStatus.HANDED_OVER)).isTrue();
        assertThat(t.allows(DeviceStatus.HANDED_OVER, DeviceStatus.IN_REPAIR)).isTrue();
        assertThat(t.allows(DeviceStatus.IN_REPAIR, DeviceStatus.RETURNED)).isTrue();
        assertThat(t.allows(DeviceStatus.RETURNED, DeviceStatus.RECYCLED)).isTrue();
        assertThat(t.allows(DeviceStatus.RECEIVED, DeviceStatus.HANDED_OVER)).isFalse();
        assertThat(t.next(DeviceStatus.RECYCLED)).isEmpty();
        assertThat(t.next(DeviceStatus.LOST)).isEmpty();
        assertThat(t.next(DeviceStatus.STOLEN)).isEmpty();
    }

    @Test
    void gradesMayNotCallADeviceNew() {
        assertThat(ForbiddenWords.found("Comme neuf, aucune rayure")).isTrue();
        assertThat(ForbiddenWords.found("État NEUF")).isTrue();
        assertThat(ForbiddenWords.found("remis à neuf")).isTrue();
        assertThat(ForbiddenWords.found("Très bon état, traces d’usage à peine visibles")).isFalse();
        assertThat(ForbiddenWords.found("neuve batterie")).isFalse();
    }

    /**
     * Decree 2022-190 forbids "comme neuf", "état neuf" and "à neuf" for refurbished goods: no template,
     * message, migration or demo data may use them.
     */
    @Test
    void theWordsForbiddenForRefurbishedGoodsAppearNowhere() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> roots = List.of(Path.of("src/main/jte"), Path.of("src/main/resources/messages.properties"),
                Path.of("src/main/resources/db/migration"), Path.of("src/main/java/org/parcoursnumerique/demo"),
                Path.of("src/main/java/org/parcoursnumerique/equipment"), Path.of("docs"));
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (f.getFileName().toString().equals("ForbiddenWords.java")) {
                        continue; // the list itself
                    }
                    String text = plain(Files.readString(f, StandardCharsets.UTF_8));
                    for (String w : List.of("comme neuf", "etat neuf", " a neuf")) {
                        if (text.contains(w)) {
                            found.add(f + ": " + w);
                        }
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    private static String plain(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[\\s\\u00a0\\u202f]+", " ");
    }
}
