package org.parcoursnumerique.shared;

import java.time.LocalDate;
import java.util.List;

/**
 * A module's events in the pseudonymised study dataset (ADR 0042): its milestones, recommendations,
 * answers or exits, read from its own tables, as codes only. The study module collects every bean
 * of this type, keeps the rows of the people whose consent covers the study and replaces the
 * person's id by the campaign's keyed hash; a new stage adds a source without touching it.
 *
 * <p>An implementation streams its rows (a {@code RowCallbackHandler}, never a list of them all) and
 * never writes free text, names, contact details or staff identifiers: an event is a code, a date,
 * and an item and a value taken from a closed list that its {@link Kind} documents.
 */
public interface StudyEventSource {

    /** Where the rows go: the person's id (replaced before it is written), the event and its codes. */
    @FunctionalInterface
    interface Sink {
        void accept(long beneficiaryId, String event, LocalDate date, String item, String value);
    }

    /**
     * One kind of event, for the data dictionary: the message keys {@code study.event.<event>},
     * {@code study.event.<event>.item} and {@code study.event.<event>.value} describe it in French.
     */
    record Kind(String event, String module) {
    }

    /** The kinds of event this source writes. */
    List<Kind> kinds();

    /** Streams every event of the programme's people to {@code sink}, in any order. */
    void events(long programmeId, Sink sink);
}
