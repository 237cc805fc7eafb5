package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.onduty.agent.camera.KeyframeCadence.Analysis;

/** How the keyframe interval is learned from passing packets, and when keyframes alone are enough to analyse. */
class KeyframeCadenceTest {

    private static final long S = 1_000_000;

    /** Feeds keyframes every {@code gop} seconds and a packet every 200 ms between them, from {@code start}. */
    private static long play(KeyframeCadence cadence, double gop, int keyframes, long start) {
        long t = start;
        for (int k = 0; k < keyframes; k++) {
            cadence.keyframe(t);
            for (long p = t + S / 5; p < t + (long) (gop * S); p += S / 5) {
                cadence.packet(p);
            }
            t += (long) (gop * S);
        }
        return t;
    }

    @Test
    void nothingIsKnownBeforeTheFirstKeyframeAndTheAnalysisIsBounded() {
        KeyframeCadence cadence = new KeyframeCadence();
        cadence.packet(5 * S);

        assertThat(cadence.analysis()).isEqualTo(Analysis.BOUNDED);
        assertThat(cadence.longestSeconds()).isNull();
        assertThat(cadence.longestInterval()).isZero();
    }

    @Test
    void keyframesTwoSecondsApartAreAnalysedAloneOnceTwoIntervalsShowIt() {
        KeyframeCadence cadence = new KeyframeCadence();
        play(cadence, 2, 2, 0);
        assertThat(cadence.analysis()).as("one interval proves little").isEqualTo(Analysis.BOUNDED);

        cadence.keyframe(4 * S);

        assertThat(cadence.analysis()).isEqualTo(Analysis.KEYFRAMES);
        assertThat(cadence.longestSeconds()).isEqualTo(2.0);
        assertThat(cadence.longestInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void keyframesTwentyFiveSecondsApartAreTooSparseAndTheGapShowsWhileItRuns() {
        KeyframeCadence cadence = new KeyframeCadence();
        cadence.keyframe(0);
        for (long p = S / 5; p <= 12 * S; p += S / 5) {
            cadence.packet(p);
        }
        assertThat(cadence.longestSeconds()).as("the gap so far").isEqualTo(12.0);

        long end = play(cadence, 25, 3, 25 * S);
        cadence.keyframe(end);

        assertThat(cadence.analysis()).isEqualTo(Analysis.BOUNDED);
        assertThat(cadence.longestSeconds()).isEqualTo(25.0);
        assertThat(cadence.longestInterval()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void aGopThatStretchesSwitchesToBoundedWhileTheLongGapRunsAndBackWhenShortOnesReturn() {
        KeyframeCadence cadence = new KeyframeCadence();
        long t = play(cadence, 2, 4, 0);
        cadence.keyframe(t);
        assertThat(cadence.analysis()).isEqualTo(Analysis.KEYFRAMES);

        // A smart codec stretches the GOP while the scene is still: 4.2 s without a keyframe.
        cadence.packet(t + 4 * S);
        assertThat(cadence.analysis()).isEqualTo(Analysis.KEYFRAMES);
        cadence.packet(t + 4 * S + S / 5);
        assertThat(cadence.analysis()).isEqualTo(Analysis.BOUNDED);

        t = play(cadence, 10, 1, t);
        play(cadence, 2, 1, t);
        assertThat(cadence.analysis()).as("one short interval after a long one").isEqualTo(Analysis.BOUNDED);
        cadence.keyframe(t + 2 * S);
        cadence.keyframe(t + 4 * S);
        assertThat(cadence.analysis()).isEqualTo(Analysis.KEYFRAMES);
        assertThat(cadence.longestSeconds()).as("the long one is still among the latest").isEqualTo(10.0);
    }

    @Test
    void aRestartForgetsTheGapButKeepsWhatWasLearned() {
        KeyframeCadence cadence = new KeyframeCadence();
        play(cadence, 1, 3, 0);
        cadence.keyframe(3 * S);
        assertThat(cadence.analysis()).isEqualTo(Analysis.KEYFRAMES);

        // Reconnected: the camera's clock starts elsewhere; no interval spans the two connections.
        cadence.restart();
        cadence.keyframe(900 * S);
        cadence.packet(900 * S + S / 2);

        assertThat(cadence.analysis()).isEqualTo(Analysis.KEYFRAMES);
        assertThat(cadence.longestSeconds()).isEqualTo(1.0);
    }

    @Test
    void timesThatGoBackwardsAreNoInterval() {
        KeyframeCadence cadence = new KeyframeCadence();
        cadence.keyframe(50 * S);
        cadence.keyframe(2 * S);
        cadence.keyframe(4 * S);

        assertThat(cadence.longestSeconds()).isEqualTo(2.0);
    }
}
