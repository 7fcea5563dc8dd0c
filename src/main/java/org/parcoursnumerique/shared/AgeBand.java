package org.parcoursnumerique.shared;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;

/**
 * Age bands at the first referral (the programme's publics: under 26, 26 to 44, 45 to 54, 55 and
 * more), with the age whose 1st of January stands for the band once a person is anonymised. The
 * study dataset gives the band, never the birth date.
 */
public enum AgeBand {
    UNDER_26(0, 20, "UNDER_26"), FROM_26_TO_44(26, 35, "26_44"), FROM_45_TO_54(45, 50, "45_54"), FROM_55(55, 60, "55_PLUS");

    private final int from;
    private final int representative;
    private final String code;

    AgeBand(int from, int representative, String code) {
        this.from = from;
        this.representative = representative;
        this.code = code;
    }

    /** The code stored and exported: {@code UNDER_26}, {@code 26_44}, {@code 45_54}, {@code 55_PLUS}. */
    public String code() {
        return code;
    }

    /** The age that stands for the band (an anonymised person's birth date gives it on entry). */
    public int representative() {
        return representative;
    }

    public static AgeBand of(int age) {
        AgeBand band = UNDER_26;
        for (AgeBand b : values()) {
            if (age >= b.from) {
                band = b;
            }
        }
        return band;
    }

    /** The band of a person born on {@code birthDate} who entered the programme at {@code enteredAt} (Paris time). */
    public static AgeBand atEntry(LocalDate birthDate, OffsetDateTime enteredAt) {
        LocalDate entered = enteredAt.atZoneSameInstant(PageContext.ZONE).toLocalDate();
        return of(Period.between(birthDate, entered).getYears());
    }
}
