package org.parcoursnumerique.followup;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parcoursnumerique.diagnostic.CommonCore;
import org.parcoursnumerique.shared.StreamingQueries;
import org.parcoursnumerique.shared.StudyEventSource;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The follow-ups' answers in the study dataset, on the day they were given: the device, the
 * connection and what happened since (codes), and the common core asked again (closed questions
 * only), each item prefixed by the follow-up ({@code M3:device}, {@code M6:q_usage}); never the
 * needs typed by the person.
 */
@Component
class FollowUpStudyEvents implements StudyEventSource {

    private static final TypeReference<LinkedHashMap<String, List<String>>> CORE = new TypeReference<>() { };

    private final StreamingQueries queries;
    private final CommonCore core;
    private final JsonMapper json;

    FollowUpStudyEvents(StreamingQueries queries, CommonCore core, JsonMapper json) {
        this.queries = queries;
        this.core = core;
        this.json = json;
    }

    @Override
    public List<Kind> kinds() {
        return List.of(new Kind("follow_up_answer", "followup"));
    }

    @Override
    public void events(long programmeId, Sink sink) {
        Map<Long, Set<String>> closed = new HashMap<>();
        queries.stream("""
                SELECT beneficiary_id, stage_code, answered_on, referential_id, device, connection, since, core_answers
                FROM follow_up WHERE programme_id = :p AND status = 'ANSWERED'""", Map.of("p", programmeId), rs -> {
                    long person = rs.getLong(1);
                    String stage = rs.getString(2);
                    LocalDate on = rs.getObject(3, LocalDate.class);
                    String[] fixed = {"device", "connection", "since"};
                    for (int i = 0; i < fixed.length; i++) {
                        String value = rs.getString(5 + i);
                        if (value != null) {
                            sink.accept(person, "follow_up_answer", on, stage + ":" + fixed[i], value);
                        }
                    }
                    Long referential = rs.getObject(4, Long.class);
                    String answers = rs.getString(8);
                    if (answers != null && referential != null) {
                        Set<String> keys = closed.computeIfAbsent(referential, core::closedKeys);
                        json.readValue(answers, CORE).forEach((key, values) -> {
                            if (keys.contains(key)) {
                                values.forEach(v -> sink.accept(person, "follow_up_answer", on, stage + ":" + key, v));
                            }
                        });
                    }
                });
    }
}
