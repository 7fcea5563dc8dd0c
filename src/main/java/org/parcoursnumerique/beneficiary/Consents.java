package org.parcoursnumerique.beneficiary;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's consents: every answer is a new row (never changed, never deleted), so the history
 * stays; what holds now is the latest answer per purpose — and, for sharing the result, per
 * organisation it was given to. A withdrawal is an answer "no", effective at once for every reader
 * of the latest answer (SMS notices, the prescriber's view of the diagnostic, the study).
 */
@Component
class Consents {

    static final Set<String> PURPOSES = Set.of("PATHWAY_PROCESSING", "SHARE_WITH_PRESCRIBER", "EVALUATION_STUDY",
            "SMS_CONTACT");

    /** One answer as recorded; {@code organisationName} only for sharing with a prescriber. */
    record Answer(long id, String purpose, Long organisationId, String organisationName, boolean accepted,
                  String noticeVersion, OffsetDateTime recordedAt, String recordedBy) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Consents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every answer, latest first. A sharing answer that names no organisation was given to the record's referrer. */
    List<Answer> history(long beneficiaryId) {
        return jdbc.sql("""
                SELECT k.id, k.purpose,
                       CASE WHEN k.purpose = 'SHARE_WITH_PRESCRIBER'
                            THEN COALESCE(k.organisation_id, b.referring_organisation_id) END AS organisation_id,
                       o.name AS organisation_name, k.accepted, k.notice_version, k.recorded_at,
                       u.display_name AS recorded_by
                FROM consent k
                JOIN beneficiary b ON b.id = k.beneficiary_id
                LEFT JOIN organisation_v o ON k.purpose = 'SHARE_WITH_PRESCRIBER'
                     AND o.id = COALESCE(k.organisation_id, b.referring_organisation_id)
                LEFT JOIN user_account_v u ON u.id = k.recorded_by
                WHERE k.beneficiary_id = :id ORDER BY k.recorded_at DESC, k.id DESC""")
                .param("id", beneficiaryId).query(Answer.class).list();
    }

    /** What holds now: the latest answer of each purpose (and organisation, for sharing), in a stable order. */
    static List<Answer> current(List<Answer> history) {
        Map<String, Answer> latest = new LinkedHashMap<>();
        for (Answer a : history) {
            latest.putIfAbsent(a.purpose() + "|" + a.organisationId(), a);
        }
        List<Answer> answers = new ArrayList<>(latest.values());
        List<String> order = List.of("PATHWAY_PROCESSING", "SHARE_WITH_PRESCRIBER", "EVALUATION_STUDY", "SMS_CONTACT");
        answers.sort(java.util.Comparator.comparingInt((Answer a) -> order.indexOf(a.purpose()))
                .thenComparing(a -> a.organisationName() == null ? "" : a.organisationName()));
        return answers;
    }

    /** The answer that holds now for this purpose (and organisation), if any. */
    java.util.Optional<Answer> currentAnswer(long beneficiaryId, String purpose, Long organisationId) {
        return current(history(beneficiaryId)).stream()
                .filter(a -> a.purpose().equals(purpose) && java.util.Objects.equals(a.organisationId(), organisationId))
                .findFirst();
    }

    /** Appends an answer under the notice in force today. */
    void record(long beneficiaryId, String purpose, Long organisationId, boolean accepted, long recordedBy) {
        String notice = jdbc.sql("SELECT version FROM information_notice_v ORDER BY published_on DESC, version DESC LIMIT 1")
                .query(String.class).single();
        jdbc.sql("""
                INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at, recorded_by,
                    organisation_id)
                VALUES (:id, :purpose, :notice, :accepted, :now, :by, :org)""")
                .param("id", beneficiaryId).param("purpose", purpose).param("notice", notice)
                .param("accepted", accepted).param("now", OffsetDateTime.now(clock)).param("by", recordedBy)
                .param("org", organisationId).update();
    }
}
