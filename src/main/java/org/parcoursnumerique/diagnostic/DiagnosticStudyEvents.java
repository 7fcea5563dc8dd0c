package org.parcoursnumerique.diagnostic;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.StreamingQueries;
import org.parcoursnumerique.shared.StudyEventSource;
import org.springframework.stereotype.Component;

/**
 * The diagnostic's events in the study dataset, on the day each diagnostic was completed: the plan's
 * recommendations (the mediator's adjustment where there is one, never its reason) and the answers
 * to the common core's closed questions (choices and scales: codes, never a typed text).
 */
@Component
class DiagnosticStudyEvents implements StudyEventSource {

    private final StreamingQueries queries;
    private final CommonCore core;

    DiagnosticStudyEvents(StreamingQueries queries, CommonCore core) {
        this.queries = queries;
        this.core = core;
    }

    @Override
    public List<Kind> kinds() {
        return List.of(new Kind("recommendation", "diagnostic"), new Kind("core_answer", "diagnostic"));
    }

    @Override
    public void events(long programmeId, Sink sink) {
        queries.stream("""
                SELECT d.beneficiary_id, d.completed_at, r.kind, COALESCE(r.adjusted_value, r.computed_value)
                FROM recommendation r JOIN diagnostic d ON d.id = r.diagnostic_id
                JOIN beneficiary_v b ON b.id = d.beneficiary_id
                WHERE b.programme_id = :p AND d.status = 'COMPLETED'""", Map.of("p", programmeId),
                rs -> sink.accept(rs.getLong(1), "recommendation", day(rs.getObject(2, OffsetDateTime.class)),
                        rs.getString(3), rs.getString(4)));
        Map<Long, Set<String>> closed = new HashMap<>();
        queries.stream("""
                SELECT d.beneficiary_id, d.completed_at, d.referential_id, a.question_key, a.answer_value
                FROM diagnostic_answer a JOIN diagnostic d ON d.id = a.diagnostic_id
                JOIN beneficiary_v b ON b.id = d.beneficiary_id
                WHERE b.programme_id = :p AND d.status = 'COMPLETED'""", Map.of("p", programmeId), rs -> {
                    String key = rs.getString(4);
                    if (closed.computeIfAbsent(rs.getLong(3), core::closedKeys).contains(key)) {
                        sink.accept(rs.getLong(1), "core_answer", day(rs.getObject(2, OffsetDateTime.class)), key,
                                rs.getString(5));
                    }
                });
    }

    private static LocalDate day(OffsetDateTime at) {
        return at == null ? null : at.atZoneSameInstant(PageContext.ZONE).toLocalDate();
    }
}
