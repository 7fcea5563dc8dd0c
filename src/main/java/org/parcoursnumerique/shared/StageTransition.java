package org.parcoursnumerique.shared;

import java.time.OffsetDateTime;

/**
 * One change of status of a stage's aggregate (a referral, an appointment, the stages to come), as
 * its transition log stores it: from (null for the creation), to, when, by whom, an optional note.
 * A stage declares a record with these components, so its tests and repository read its own type.
 */
public interface StageTransition<S extends Enum<S>> {

    S from();

    S to();

    OffsetDateTime at();

    Long by();

    String note();

    /**
     * Values of the stage's own extra columns of its log (named when its {@link TransitionLog} is
     * made), e.g. to which structure a referral was entrusted; none by default. Null values allowed.
     */
    default java.util.Map<String, Object> extra() {
        return java.util.Map.of();
    }

    /** Makes a stage's own transition record; usually its canonical constructor ({@code Transition::new}). */
    @FunctionalInterface
    interface Factory<S extends Enum<S>, T extends StageTransition<S>> {
        T of(S from, S to, OffsetDateTime at, Long by, String note);
    }
}
