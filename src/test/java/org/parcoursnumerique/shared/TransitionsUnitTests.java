package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class TransitionsUnitTests {

    enum Lending { ORDERED, DELIVERED, LENT, RETURNED, CANCELLED }

    record Move(Lending from, Lending to, OffsetDateTime at, Long by, String note) implements StageTransition<Lending> {
    }

    static final Transitions<Lending> TABLE = Transitions.of(Lending.class, "lending.conflict")
            .allow(Lending.ORDERED, Lending.DELIVERED, Lending.CANCELLED)
            .allow(Lending.DELIVERED, Lending.LENT)
            .allow(Lending.LENT, Lending.RETURNED, Lending.LENT)
            .build();

    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-01T10:00:00+01:00");

    @Test
    void onlyTheDeclaredMovesAreAllowedAndStatesWithoutMovesAreFinal() {
        assertThat(TABLE.allows(Lending.ORDERED, Lending.DELIVERED)).isTrue();
        assertThat(TABLE.allows(Lending.ORDERED, Lending.LENT)).isFalse();
        assertThat(TABLE.allows(Lending.LENT, Lending.LENT)).as("a move that keeps the state").isTrue();
        assertThat(TABLE.next(Lending.RETURNED)).isEmpty();
        assertThat(TABLE.next(Lending.CANCELLED)).isEmpty();
        assertThat(TABLE.next(Lending.ORDERED)).containsExactlyInAnyOrder(Lending.DELIVERED, Lending.CANCELLED);
    }

    @Test
    void aRefusedMoveIsAConflictNamedAfterTheStateItStartsFrom() {
        assertThatThrownBy(() -> TABLE.check(Lending.RETURNED, Lending.LENT))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("lending.conflict.RETURNED"));
    }

    @Test
    void pendingMovesAreRecordedInOrderAndARefusedOneRecordsNothing() {
        var pending = TABLE.pending(Move::new);
        Lending state = Lending.ORDERED;
        state = pending.move(state, Lending.DELIVERED, 7L, NOW, null);
        state = pending.move(state, Lending.LENT, 8L, NOW, "prêt de 6 mois");
        Lending before = state;
        assertThatThrownBy(() -> pending.move(before, Lending.CANCELLED, 8L, NOW, null))
                .isInstanceOf(ConflictException.class);
        assertThat(state).isEqualTo(Lending.LENT);
        assertThat(pending.list()).containsExactly(new Move(Lending.ORDERED, Lending.DELIVERED, NOW, 7L, null),
                new Move(Lending.DELIVERED, Lending.LENT, NOW, 8L, "prêt de 6 mois"));
    }

    @Test
    void theLogAcceptsOnlyPlainTableAndColumnNames() {
        assertThatThrownBy(() -> new TransitionLog(null, "lending_transition; DROP TABLE x", "lending_id"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransitionLog(null, "lending_transition", "Lending-Id"))
                .isInstanceOf(IllegalArgumentException.class);
        new TransitionLog(null, "lending_transition", "lending_id");
    }
}
