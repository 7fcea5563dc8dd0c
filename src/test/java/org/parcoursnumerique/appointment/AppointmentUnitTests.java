package org.parcoursnumerique.appointment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.ConflictException;

class AppointmentUnitTests {

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 12, 8, 13, 30, 0, 0, ZoneOffset.UTC);

    private static Appointment scheduled() {
        return new Appointment(1, 2, 3, AppointmentStatus.SCHEDULED, START, 60, 4, 5, 0, null, 0);
    }

    @Test
    void theTransitionTableAllowsOnlyMovesFromAScheduledAppointment() {
        for (AppointmentStatus from : AppointmentStatus.values()) {
            for (AppointmentStatus to : AppointmentStatus.values()) {
                assertThat(from.canBecome(to)).as(from + " → " + to).isEqualTo(from == AppointmentStatus.SCHEDULED);
            }
        }
    }

    @Test
    void onlyNoShowsExcusesAndCancellationsCanBeFollowedByANewInvitation() {
        assertThat(AppointmentStatus.NO_SHOW.canBeReinvited()).isTrue();
        assertThat(AppointmentStatus.EXCUSED.canBeReinvited()).isTrue();
        assertThat(AppointmentStatus.CANCELLED.canBeReinvited()).isTrue();
        assertThat(AppointmentStatus.SCHEDULED.canBeReinvited()).isFalse();
        assertThat(AppointmentStatus.ATTENDED.canBeReinvited()).isFalse();
    }

    @Test
    void attendanceIsRecordedFromTheStartTimeOnNotEarlierTheSameDay() {
        var a = scheduled();
        // 23:30 the evening before in Paris (UTC+1 in December): too early.
        assertThatThrownBy(() -> a.markAttended(9, START.minusHours(15), null))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("appointment.conflict.tooEarly"));
        assertThatThrownBy(() -> a.markNoShow(9, START.minusDays(1), null)).isInstanceOf(ConflictException.class);
        // The same morning, before the time: the person may still come, so neither is recorded yet.
        assertThatThrownBy(() -> a.markNoShow(9, START.minusHours(3), null))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("appointment.conflict.tooEarly"));
        assertThatThrownBy(() -> a.markAttended(9, START.minusMinutes(1), null)).isInstanceOf(ConflictException.class);
        assertThat(a.started(START.minusMinutes(1))).isFalse();
        assertThat(a.started(START)).isTrue();
        a.markAttended(9, START, "venue à l’heure");
        assertThat(a.status).isEqualTo(AppointmentStatus.ATTENDED);
        assertThat(a.pendingTransitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AppointmentStatus.SCHEDULED);
            assertThat(t.to()).isEqualTo(AppointmentStatus.ATTENDED);
            assertThat(t.note()).isEqualTo("venue à l’heure");
        });
    }

    @Test
    void aClosedAppointmentRefusesAnyOtherChangeWithAFrenchReason() {
        var a = scheduled();
        a.markNoShow(9, START.plusHours(2), null);
        assertThatThrownBy(() -> a.markAttended(9, START.plusHours(3), null))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("appointment.conflict.NO_SHOW"));
        assertThatThrownBy(() -> a.cancel(9, START.plusHours(3), null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> a.reschedule(START.plusDays(7), 60, 4, 5, 9, START.plusHours(3)))
                .isInstanceOf(ConflictException.class);
        a.checkReinvitable();
    }

    @Test
    void anAttendedAppointmentCannotBeFollowedByANewInvitation() {
        var a = scheduled();
        a.markAttended(9, START, null);
        assertThatThrownBy(a::checkReinvitable).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.messageKey()).isEqualTo("appointment.conflict.notReinvitable"));
        assertThatThrownBy(scheduled()::checkReinvitable).isInstanceOf(ConflictException.class);
    }

    @Test
    void movingAnAppointmentUpdatesItsCalendarEventAndForgetsThePreviousReminder() {
        var a = new Appointment(1, 2, 3, AppointmentStatus.SCHEDULED, START, 60, 4, 5, 2, START.minusDays(2), 0);
        a.reschedule(START.plusDays(7), 90, 6, 7, 9, START.minusDays(1));
        assertThat(a.status).isEqualTo(AppointmentStatus.SCHEDULED);
        assertThat(a.sequence).isEqualTo(3);
        assertThat(a.reminderSentAt).isNull();
        assertThat(a.startsAt).isEqualTo(START.plusDays(7));
        assertThat(a.durationMinutes).isEqualTo(90);
        assertThat(a.structureId).isEqualTo(6);
        assertThat(a.mediatorId).isEqualTo(7);
    }

    @Test
    void cancellingRaisesTheSequenceSoThatCalendarsRemoveTheEvent() {
        var a = scheduled();
        a.cancel(9, START.minusDays(3), "structure fermée");
        assertThat(a.status).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(a.sequence).isEqualTo(1);
    }

    @Test
    void theDateIsWrittenInWordsInParisTime() {
        assertThat(AppointmentNotices.when(START.toInstant())).isEqualTo("mardi 8 décembre à 14 h 30");
        assertThat(AppointmentNotices.when(OffsetDateTime.of(2026, 7, 6, 8, 0, 0, 0, ZoneOffset.UTC).toInstant()))
                .isEqualTo("lundi 6 juillet à 10 h");
    }
}
