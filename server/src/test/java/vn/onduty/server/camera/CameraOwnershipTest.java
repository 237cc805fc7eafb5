package vn.onduty.server.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose occupancy events count for a camera, before and after it moves to another agent. */
class CameraOwnershipTest {

    static final Instant MOVE = Instant.parse("2026-11-26T03:00:00Z");

    @Test
    void aCameraThatNeverMovedTakesOnlyItsAgentsEvents() {
        CameraOwnership camera = new CameraOwnership(1L, List.of());

        assertThat(camera.accepts(1, MOVE)).isTrue();
        assertThat(camera.accepts(2, MOVE)).isFalse();
        assertThat(new CameraOwnership(null, List.of()).accepts(1, MOVE)).as("a camera nobody watches").isFalse();
    }

    @Test
    void afterAMoveTheOldAgentsEarlierEventsStillCountAndItsLaterOnesDoNot() {
        CameraOwnership camera = new CameraOwnership(2L, List.of(new CameraOwnership.Move(1L, 2L, MOVE)));

        assertThat(camera.accepts(1, MOVE.minusSeconds(60))).isTrue();
        assertThat(camera.accepts(1, MOVE)).isFalse();
        assertThat(camera.accepts(1, MOVE.plusSeconds(3600))).isFalse();
        assertThat(camera.movedAwayFrom(1, MOVE.plusSeconds(1))).contains(MOVE);
        assertThat(camera.movedAwayFrom(1, MOVE.minusSeconds(1))).isEmpty();
        assertThat(camera.movedAwayFrom(3, MOVE.plusSeconds(1))).isEmpty();
    }

    @Test
    void theNewAgentIsBelievedFromTheMoveAndAFewMinutesBeforeForItsClock() {
        CameraOwnership camera = new CameraOwnership(2L, List.of(new CameraOwnership.Move(1L, 2L, MOVE)));

        assertThat(camera.accepts(2, MOVE)).isTrue();
        assertThat(camera.accepts(2, MOVE.minus(CameraOwnership.CLOCK_TOLERANCE))).isTrue();
        assertThat(camera.accepts(2, MOVE.minus(CameraOwnership.CLOCK_TOLERANCE).minusSeconds(1))).isFalse();
    }

    @Test
    void movedAwayAndBackTheAgentSpeaksForItsOwnStretchesOnly() {
        CameraOwnership camera = new CameraOwnership(1L, List.of(new CameraOwnership.Move(1L, 2L, MOVE),
                new CameraOwnership.Move(2L, 1L, MOVE.plusSeconds(7200))));

        assertThat(camera.ownerAt(MOVE.minusSeconds(1))).isEqualTo(1L);
        assertThat(camera.ownerAt(MOVE.plusSeconds(3600))).isEqualTo(2L);
        assertThat(camera.accepts(1, MOVE.plusSeconds(3600))).isFalse();
        assertThat(camera.accepts(2, MOVE.plusSeconds(3600))).isTrue();
        assertThat(camera.accepts(2, MOVE.plusSeconds(7300))).isFalse();
        assertThat(camera.movedAwayFrom(1, MOVE.plusSeconds(7300))).isEmpty();
    }
}
