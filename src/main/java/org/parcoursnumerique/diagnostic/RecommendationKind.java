package org.parcoursnumerique.diagnostic;

import java.util.List;

/**
 * What a diagnostic recommends, one value per kind. Fixed in code because later stages
 * (equipment, connection, training, certification) read these values.
 */
public enum RecommendationKind {
    EQUIPMENT, CONNECTION, TRAINING, CERTIFICATION;

    /** The values a recommendation of this kind may take (names of the matching enum). */
    public List<String> allowedValues() {
        return switch (this) {
            case EQUIPMENT -> names(EquipmentType.values());
            case CONNECTION -> names(ConnectionNeed.values());
            case TRAINING -> names(TrainingLevel.values());
            case CERTIFICATION -> names(CertificationFit.values());
        };
    }

    /** The value when no rule of the referential matched. */
    public String defaultValue() {
        return switch (this) {
            case EQUIPMENT -> EquipmentType.NONE.name();
            case CONNECTION -> ConnectionNeed.NO.name();
            case TRAINING -> TrainingLevel.NONE.name();
            case CERTIFICATION -> CertificationFit.NONE.name();
        };
    }

    public boolean accepts(String value) {
        return value != null && allowedValues().contains(value);
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }
}
