package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OccupancyStateMachineTest {

    private static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");
    private static final double THRESHOLD = 0.1;
    private static final double HIGH = 0.4;
    private static final double LOW = 0.01;
    private static final double BETWEEN = 0.09;

    private final OccupancyStateMachine machine = new OccupancyStateMachine(OccupancyStateMachine.Settings.defaults(),
            ZoneState.UNKNOWN, Transition.AGENT_START, T0);
    private final List<Transition> transitions = new ArrayList<>();

    /** Feeds one keyframe every 2 s from second {@code from} (inclusive) to {@code to} (exclusive). */
    private void feed(int from, int to, double score) {
        for (int s = from; s < to; s += 2) {
            sample(s, score, false);
        }
    }

    private void sample(int second, double score, boolean motionless) {
        machine.observe(T0.plusSeconds(second), score, THRESHOLD, motionless).ifPresent(transitions::add);
    }

    private static Transition occupied(int second) {
        return new Transition(ZoneState.OCCUPIED, T0.plusSeconds(second), HIGH, null);
    }

    @Test
    void becomesOccupiedOnlyAfterFifteenSecondsOfHighScores() {
        feed(0, 16, HIGH);
        assertThat(transitions).isEmpty();

        sample(16, HIGH, false);

        assertThat(transitions).containsExactly(occupied(0));
        assertThat(machine.state()).isEqualTo(ZoneState.OCCUPIED);
    }

    @Test
    void becomesEmptyOnlyAfterNinetySecondsOfLowScoresAndDatesItFromTheirStart() {
        feed(0, 20, HIGH);
        feed(20, 108, LOW);
        assertThat(transitions).extracting(Transition::state).containsExactly(ZoneState.OCCUPIED);

        feed(108, 112, LOW);

        assertThat(transitions).hasSize(2);
        assertThat(transitions.get(1).state()).isEqualTo(ZoneState.EMPTY);
        assertThat(transitions.get(1).at()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void aVisitorPassingAnEmptySeatDoesNotMakeItOccupied() {
        feed(0, 100, LOW);
        feed(100, 110, HIGH);
        feed(110, 200, LOW);

        assertThat(transitions).extracting(Transition::state).containsExactly(ZoneState.EMPTY);
    }

    @Test
    void anOfficerLeaningOutForAKeyframeDoesNotRestartTheDwell() {
        feed(0, 8, HIGH);
        sample(8, LOW, false);
        sample(10, LOW, false);
        feed(12, 18, HIGH);

        assertThat(transitions).containsExactly(occupied(0));
    }

    @Test
    void aContraryRunLongerThanTheGapBreaksTheDwellAndStartsItsOwn() {
        feed(0, 8, HIGH);
        feed(8, 16, LOW);
        feed(16, 32, HIGH);
        assertThat(transitions).isEmpty();

        sample(32, HIGH, false);

        assertThat(transitions).containsExactly(occupied(16));
    }

    @Test
    void aShortAbsenceIsMergedIntoTheOccupiedInterval() {
        feed(0, 20, HIGH);
        feed(20, 80, LOW);
        feed(80, 200, HIGH);

        assertThat(transitions).extracting(Transition::state).containsExactly(ZoneState.OCCUPIED);
    }

    @Test
    void scoresBetweenTheThresholdsNeitherStartNorBreakARun() {
        feed(0, 20, HIGH);
        feed(20, 200, BETWEEN);

        assertThat(transitions).extracting(Transition::state).containsExactly(ZoneState.OCCUPIED);

        feed(200, 292, LOW);
        assertThat(transitions).extracting(Transition::state).containsExactly(ZoneState.OCCUPIED, ZoneState.EMPTY);
    }

    @Test
    void aLostStreamIsUnknownAtOnceNeverEmpty() {
        feed(0, 20, HIGH);

        Optional<Transition> lost = machine.unknown(T0.plusSeconds(21), Transition.STREAM_LOST);

        assertThat(lost).hasValue(new Transition(ZoneState.UNKNOWN, T0.plusSeconds(21), HIGH, Transition.STREAM_LOST));
        assertThat(machine.unknown(T0.plusSeconds(25), Transition.STREAM_LOST)).isEmpty();
        assertThat(transitions).extracting(Transition::state).doesNotContain(ZoneState.EMPTY);
    }

    @Test
    void aGlobalChangeForgetsTheRunUnderWayAndTheStateIsEstablishedAgain() {
        feed(0, 80, LOW);
        machine.unknown(T0.plusSeconds(80), Transition.GLOBAL_CHANGE).ifPresent(transitions::add);
        feed(82, 170, LOW);
        assertThat(transitions).extracting(Transition::state).containsExactly(ZoneState.UNKNOWN);

        feed(170, 174, LOW);

        assertThat(transitions).extracting(Transition::state).containsExactly(ZoneState.UNKNOWN, ZoneState.EMPTY);
        assertThat(transitions.get(1).at()).isEqualTo(T0.plusSeconds(82));
    }

    @Test
    void theStartOfAStateNeverPrecedesTheStartOfThePreviousOne() {
        feed(0, 10, HIGH);
        machine.unknown(T0.plusSeconds(10), Transition.GLOBAL_CHANGE).ifPresent(transitions::add);
        feed(10, 40, HIGH);

        assertThat(transitions).extracting(Transition::at).isSorted();
        assertThat(transitions.get(1).at()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void differentButMotionlessForTwoHoursAsksForAttentionOnce() {
        for (int s = 0; s < 7200; s += 2) {
            sample(s, HIGH, true);
            assertThat(machine.takeAttention()).as("at %d s", s).isFalse();
        }
        sample(7200, HIGH, true);
        assertThat(machine.takeAttention()).isTrue();

        sample(7202, HIGH, true);
        assertThat(machine.takeAttention()).isFalse();
    }

    @Test
    void movementResetsTheAttentionClock() {
        for (int s = 0; s < 7000; s += 2) {
            sample(s, HIGH, true);
        }
        sample(7000, HIGH, false);
        for (int s = 7002; s <= 7300; s += 2) {
            sample(s, HIGH, true);
        }
        assertThat(machine.takeAttention()).isFalse();
    }

    @Test
    void onlyASettledEmptySeatMayTeachTheReference() {
        feed(0, 100, LOW);
        assertThat(machine.settledEmpty()).isTrue();

        sample(100, HIGH, false);
        assertThat(machine.settledEmpty()).isFalse();

        feed(102, 120, HIGH);
        assertThat(machine.state()).isEqualTo(ZoneState.OCCUPIED);
        assertThat(machine.settledEmpty()).isFalse();
    }

    @Test
    void dwellTimesComeFromTheSettings() {
        OccupancyStateMachine quick = new OccupancyStateMachine(new OccupancyStateMachine.Settings(Duration.ofSeconds(4),
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofHours(2), 0.7), ZoneState.UNKNOWN,
                Transition.AGENT_START, T0);

        assertThat(quick.observe(T0, HIGH, THRESHOLD, false)).isEmpty();
        assertThat(quick.observe(T0.plusSeconds(4), HIGH, THRESHOLD, false)).hasValueSatisfying(t ->
                assertThat(t.state()).isEqualTo(ZoneState.OCCUPIED));
    }
}
