package vn.onduty.server.occupancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTest {

    static final Instant T = Instant.parse("2026-11-26T00:30:00Z");

    @Test
    void countsEachStateWithinTheSessionsOnlyAndFindsTheLongestEmptySpell() {
        List<Coverage.Window> sessions = List.of(new Coverage.Window(T, T.plusSeconds(3600)),
                new Coverage.Window(T.plusSeconds(7200), T.plusSeconds(9000)));
        List<OccupancyInterval> intervals = List.of(
                interval(1, "occupied", -600, 1200), interval(1, "empty", 1200, 2400), interval(1, "occupied", 2400, 3000),
                interval(1, "empty", 3000, 7800), interval(1, "occupied", 7800, null));

        Coverage.Result r = Coverage.of(sessions, intervals);

        // Session 1: occupied 0–1200 and 2400–3000 (1800 s), empty 1200–2400 and 3000–3600 (1800 s).
        // Session 2: empty 7200–7800 (600 s), occupied 7800–9000 (1200 s).
        assertThat(r.openingSeconds()).isEqualTo(5400);
        assertThat(r.occupiedSeconds()).isEqualTo(3000);
        assertThat(r.emptySeconds()).isEqualTo(2400);
        assertThat(r.unknownSeconds()).isZero();
        assertThat(r.longestEmpty()).isEqualTo(new Coverage.Spell(T.plusSeconds(1200), T.plusSeconds(2400), 20.0));
    }

    @Test
    void anyZoneSeeingTheSeatTakenMakesItOccupiedAndTimeNoZoneKnowsIsUnknown() {
        List<Coverage.Window> sessions = List.of(new Coverage.Window(T, T.plusSeconds(600)));
        List<OccupancyInterval> intervals = List.of(
                interval(1, "empty", 0, 300), interval(2, "occupied", 100, 200), interval(2, "unknown", 200, 400));

        Coverage.Result r = Coverage.of(sessions, intervals);

        assertThat(r.occupiedSeconds()).isEqualTo(100);
        assertThat(r.emptySeconds()).isEqualTo(200);
        assertThat(r.unknownSeconds()).isEqualTo(300);
        assertThat(r.longestEmpty().minutes()).isEqualTo(1.7);
    }

    private static OccupancyInterval interval(long zone, String state, int from, Integer to) {
        return new OccupancyInterval(0, zone, 7, 3, state, state.equals("unknown") ? "stream_lost" : null,
                T.plusSeconds(from), to == null ? null : T.plusSeconds(to));
    }
}
