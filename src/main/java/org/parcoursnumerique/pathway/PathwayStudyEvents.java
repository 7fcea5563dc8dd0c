package org.parcoursnumerique.pathway;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.shared.StreamingQueries;
import org.parcoursnumerique.shared.StudyEventSource;
import org.springframework.stereotype.Component;

/** The pathway's events in the study dataset: each milestone reached, and early exits by reason (never the text). */
@Component
class PathwayStudyEvents implements StudyEventSource {

    private final StreamingQueries queries;

    PathwayStudyEvents(StreamingQueries queries) {
        this.queries = queries;
    }

    @Override
    public List<Kind> kinds() {
        return List.of(new Kind("milestone", "pathway"), new Kind("early_exit", "pathway"));
    }

    @Override
    public void events(long programmeId, Sink sink) {
        queries.stream("SELECT beneficiary_id, code, reached_on FROM milestone WHERE programme_id = :p",
                Map.of("p", programmeId),
                rs -> sink.accept(rs.getLong(1), "milestone", rs.getObject(3, LocalDate.class), "", rs.getString(2)));
        queries.stream("SELECT beneficiary_id, reason_code, exited_on FROM early_exit WHERE programme_id = :p",
                Map.of("p", programmeId),
                rs -> sink.accept(rs.getLong(1), "early_exit", rs.getObject(3, LocalDate.class), "", rs.getString(2)));
    }
}
