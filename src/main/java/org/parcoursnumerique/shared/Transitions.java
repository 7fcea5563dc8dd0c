package org.parcoursnumerique.shared;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transition table of a stage's status: which {@code from → to} moves are allowed; any other
 * is refused with a {@link ConflictException} whose message key is {@code <prefix>.<FROM>} (a French
 * text in messages.properties saying why, from that state, the action cannot be done). States not
 * given any move are final. A stage declares its table once, next to its status enum:
 *
 * <pre>{@code
 * static final Transitions<Status> TABLE = Transitions.of(Status.class, "equipment.conflict")
 *         .allow(ORDERED, DELIVERED, CANCELLED)
 *         .allow(DELIVERED, LENT)
 *         .build();
 * }</pre>
 *
 * and its aggregate records its moves with {@link #pending(StageTransition.Factory)}; the
 * repository appends them to the stage's log with a {@link TransitionLog}. ADR 0023.
 */
public final class Transitions<S extends Enum<S>> {

    private final Map<S, Set<S>> allowed;
    private final String conflictPrefix;

    private Transitions(Map<S, Set<S>> allowed, String conflictPrefix) {
        this.allowed = allowed;
        this.conflictPrefix = conflictPrefix;
    }

    /** Starts the table of {@code type}; refusals say {@code conflictPrefix + "." + from.name()}. */
    public static <S extends Enum<S>> Builder<S> of(Class<S> type, String conflictPrefix) {
        return new Builder<>(type, conflictPrefix);
    }

    public boolean allows(S from, S to) {
        return allowed.get(from).contains(to);
    }

    /** The states {@code from} may become (empty for a final state). */
    public Set<S> next(S from) {
        return allowed.get(from);
    }

    /** Refuses a move the table does not allow, with the message key of the state it starts from. */
    public void check(S from, S to) {
        if (!allows(from, to)) {
            throw new ConflictException(conflictPrefix + "." + from.name());
        }
    }

    /** A list of checked moves for one aggregate, to be appended to the log when it is saved. */
    public <T extends StageTransition<S>> Pending<S, T> pending(StageTransition.Factory<S, T> factory) {
        return new Pending<>(this, factory);
    }

    public static final class Builder<S extends Enum<S>> {
        private final Class<S> type;
        private final String conflictPrefix;
        private final Map<S, Set<S>> allowed;

        private Builder(Class<S> type, String conflictPrefix) {
            this.type = type;
            this.conflictPrefix = conflictPrefix;
            this.allowed = new EnumMap<>(type);
        }

        /** Allows {@code from} to become each of {@code to} (itself included when a move keeps the state). */
        @SafeVarargs
        public final Builder<S> allow(S from, S... to) {
            Set<S> next = allowed.computeIfAbsent(from, k -> EnumSet.noneOf(type));
            Collections.addAll(next, to);
            return this;
        }

        public Transitions<S> build() {
            Map<S, Set<S>> table = new EnumMap<>(type);
            for (S state : type.getEnumConstants()) {
                table.put(state, Collections.unmodifiableSet(allowed.getOrDefault(state, EnumSet.noneOf(type))));
            }
            return new Transitions<>(Collections.unmodifiableMap(table), conflictPrefix);
        }
    }

    /** The moves made on one aggregate since it was loaded, each checked against the table. */
    public static final class Pending<S extends Enum<S>, T extends StageTransition<S>> {
        private final Transitions<S> table;
        private final StageTransition.Factory<S, T> factory;
        private final List<T> moves = new ArrayList<>();

        private Pending(Transitions<S> table, StageTransition.Factory<S, T> factory) {
            this.table = table;
            this.factory = factory;
        }

        /** Checks {@code from → to}, records it and returns the new state (throws, recording nothing, if refused). */
        public S move(S from, S to, Long by, OffsetDateTime at, String note) {
            table.check(from, to);
            moves.add(factory.of(from, to, at, by, note));
            return to;
        }

        /**
         * Checks and records a transition the stage built itself (with its extra columns), returning
         * its new state; nothing is recorded if the table refuses it.
         */
        public S move(T transition) {
            table.check(transition.from(), transition.to());
            moves.add(transition);
            return transition.to();
        }

        public List<T> list() {
            return List.copyOf(moves);
        }
    }
}
