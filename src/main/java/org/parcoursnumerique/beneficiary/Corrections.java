package org.parcoursnumerique.beneficiary;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The history of corrections of a person's identity and contact details (rectification, ADR 0019):
 * one row per changed field, with the value before and after, who and when. Written in the
 * transaction of the correction; the values are erased by the retention job, who and when stay.
 */
@Component
class Corrections {

    enum Field { LAST_NAME, FIRST_NAME, BIRTH_DATE, PHONE, EMAIL, PREFERRED_CHANNEL, ADDRESS }

    enum Origin { REFERRAL_IDENTITY, CONTACT_FORM }

    /** One corrected field as shown; values null once erased (or when the field was empty). */
    record Correction(long id, String field, String beforeValue, String afterValue, String origin,
                      String correctedBy, String correctedByOrganisation, OffsetDateTime correctedAt) {
    }

    static final int MAX_VALUE = 700;

    private final JdbcClient jdbc;
    private final Clock clock;

    Corrections(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the field when its value changed; returns whether it did. */
    boolean record(long beneficiaryId, Field field, Object before, Object after, Origin origin, Long by) {
        String b = text(before);
        String a = text(after);
        if (Objects.equals(b, a)) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO beneficiary_correction (beneficiary_id, field, before_value, after_value, origin, corrected_by,
                    corrected_at)
                VALUES (:id, :field, :before, :after, :origin, :by, :now)""")
                .param("id", beneficiaryId).param("field", field.name()).param("before", b).param("after", a)
                .param("origin", origin.name()).param("by", by).param("now", OffsetDateTime.now(clock)).update();
        return true;
    }

    /** Every correction of the person, latest first. */
    List<Correction> history(long beneficiaryId) {
        return jdbc.sql("""
                SELECT c.id, c.field, c.before_value, c.after_value, c.origin, u.display_name AS corrected_by,
                       o.name AS corrected_by_organisation, c.corrected_at
                FROM beneficiary_correction c
                LEFT JOIN user_account_v u ON u.id = c.corrected_by
                LEFT JOIN organisation_v o ON o.id = u.organisation_id
                WHERE c.beneficiary_id = :id ORDER BY c.corrected_at DESC, c.id DESC""")
                .param("id", beneficiaryId).query(Correction.class).list();
    }

    /** Erases the values (the person's former identity and contact), keeping what changed, who and when. */
    void erase(List<Long> beneficiaryIds) {
        jdbc.sql("""
                UPDATE beneficiary_correction SET before_value = NULL, after_value = NULL
                WHERE beneficiary_id IN (:ids) AND (before_value IS NOT NULL OR after_value IS NOT NULL)""")
                .param("ids", beneficiaryIds).update();
    }

    /** Stored form: ISO dates, text as typed, cut to the column. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value instanceof LocalDate d ? d.toString() : value.toString().strip();
        if (s.isEmpty()) {
            return null;
        }
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) : s;
    }
}
