package vn.onduty.server.occupancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.onduty.server.occupancy.OccupancyTimeline.Change;
import vn.onduty.server.occupancy.OccupancyTimeline.Span;

class OccupancyTimelineTest {

    static final Instant T = Instant.parse("2026-11-26T01:00:00Z");
    static final OccupancyTimeline.Heartbeats NONE = (agent, at) -> Optional.empty();

    @Test
    void eachChangeStartsAStateThatLastsUntilTheNext() {
        List<Span> spans = OccupancyTimeline.derive(List.of(change(0, "occupied", null), change(60, "empty", null)), false, NONE);

        assertThat(spans).containsExactly(new Span("occupied", null, T, T.plusSeconds(60)), new Span("empty", null, T.plusSeconds(60), null));
    }

    @Test
    void aRepeatedStateChangesNothing() {
        List<Span> spans = OccupancyTimeline.derive(List.of(change(0, "empty", null), change(30, "empty", null),
                change(60, "unknown", "stream_lost"), change(90, "unknown", "stream_lost")), false, NONE);

        assertThat(spans).containsExactly(new Span("empty", null, T, T.plusSeconds(60)),
                new Span("unknown", "stream_lost", T.plusSeconds(60), null));
    }

    @Test
    void anAgentStartAfterAKnownStateEndsItAtTheLastHeartbeat() {
        OccupancyTimeline.Heartbeats beats = (agent, at) -> Optional.of(T.plusSeconds(45));

        List<Span> spans = OccupancyTimeline.derive(List.of(change(0, "occupied", null), change(300, "unknown", "agent_start")),
                false, beats);

        assertThat(spans).containsExactly(new Span("occupied", null, T, T.plusSeconds(45)),
                new Span("unknown", "agent_crash", T.plusSeconds(45), T.plusSeconds(300)),
                new Span("unknown", "agent_start", T.plusSeconds(300), null));
    }

    @Test
    void aHeartbeatBeforeTheStateBeganDoesNotMoveItsStart() {
        OccupancyTimeline.Heartbeats beats = (agent, at) -> Optional.of(T.minusSeconds(600));

        List<Span> spans = OccupancyTimeline.derive(List.of(change(0, "empty", null), change(300, "unknown", "agent_start")),
                false, beats);

        assertThat(spans).containsExactly(new Span("unknown", "agent_crash", T, T.plusSeconds(300)),
                new Span("unknown", "agent_start", T.plusSeconds(300), null));
    }

    @Test
    void noCrashIsInferredAfterUnknownOrForAFirstChangeAlreadySettled() {
        OccupancyTimeline.Heartbeats beats = (agent, at) -> Optional.of(T.plusSeconds(10));

        assertThat(OccupancyTimeline.derive(List.of(change(0, "unknown", "stream_lost"), change(300, "unknown", "agent_start")),
                false, beats)).extracting(Span::reason).containsExactly("stream_lost", "agent_start");
        assertThat(OccupancyTimeline.derive(List.of(change(0, "unknown", "agent_start"), change(60, "occupied", null)),
                true, beats)).extracting(Span::state).containsExactly("unknown", "occupied");
    }

    /** Issue 14: a second agent's start replaced the first agent's state by agent_crash while it was healthy. */
    @Test
    void anotherAgentsStartInfersNoCrashOfTheAgentWhoseStateItWas() {
        OccupancyTimeline.Heartbeats beats = (agent, at) -> Optional.of(T.plusSeconds(45));

        List<Span> spans = OccupancyTimeline.derive(List.of(change(0, "occupied", null),
                new Change(2, T.plusSeconds(300), "unknown", "agent_start")), false, beats);

        assertThat(spans).containsExactly(new Span("occupied", null, T, T.plusSeconds(300)),
                new Span("unknown", "agent_start", T.plusSeconds(300), null));
    }

    @Test
    void aMoveEndsTheOldAgentsStateAndTheNewAgentsStartFollowsWithoutACrash() {
        OccupancyTimeline.Heartbeats beats = (agent, at) -> Optional.of(T.plusSeconds(100));

        List<Span> spans = OccupancyTimeline.derive(List.of(change(0, "occupied", null),
                change(120, "unknown", OccupancyTimeline.CAMERA_MOVED), new Change(2, T.plusSeconds(150), "unknown", "agent_start"),
                new Change(2, T.plusSeconds(170), "empty", null)), false, beats);

        assertThat(spans).containsExactly(new Span("occupied", null, T, T.plusSeconds(120)),
                new Span("unknown", "camera_moved", T.plusSeconds(120), T.plusSeconds(150)),
                new Span("unknown", "agent_start", T.plusSeconds(150), T.plusSeconds(170)),
                new Span("empty", null, T.plusSeconds(170), null));
    }

    private static Change change(int seconds, String state, String reason) {
        return new Change(1, T.plusSeconds(seconds), state, reason);
    }
}
