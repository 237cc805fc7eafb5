package vn.onduty.server.occupancy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one zone's occupancy events, in time order, into intervals: each event starts a new state
 * that lasts until the next event (an event repeating the current state and reason changes nothing).
 * The crash rule: an {@code unknown}/{@code agent_start} event after a known state means the agent died
 * somewhere in between; that state ends at the agent's last heartbeat before the event (never before
 * the state began) and {@code unknown} ({@link #AGENT_CRASH}) covers the rest, but only when that state
 * was the same agent's: another agent starting says nothing of the first one's health (a camera moved to it
 * has ended the old agent's state at the move, {@link #CAMERA_MOVED}). A pure function of its inputs, so the
 * same events give the same intervals whatever order their batches arrived in.
 */
public final class OccupancyTimeline {

    public static final String AGENT_START = "agent_start";
    /** The reason of the unknown stretch the server itself infers between a crash and the restart. */
    public static final String AGENT_CRASH = "agent_crash";
    /** The reason of the unknown stretch that starts where an admin gave the camera to another agent. */
    public static final String CAMERA_MOVED = "camera_moved";

    private OccupancyTimeline() {}

    /** An occupancy event as the timeline needs it. */
    public record Change(long agentId, Instant at, String state, String reason) {}

    /** A stretch of one state; {@code end} null while it lasts. */
    public record Span(String state, String reason, Instant start, Instant end) {}

    /** The agent's last heartbeat strictly before a moment. */
    @FunctionalInterface
    public interface Heartbeats {
        Optional<Instant> lastBefore(long agentId, Instant at);
    }

    /**
     * @param changes the zone's events from some point on, ordered by time (ties in a fixed order)
     * @param firstIsSettled whether the first change is already in place with whatever came before it
     *     (the crash rule is not applied to it again)
     */
    public static List<Span> derive(List<Change> changes, boolean firstIsSettled, Heartbeats heartbeats) {
        List<Span> out = new ArrayList<>();
        String state = null;
        String reason = null;
        Instant start = null;
        long stateAgent = 0;
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            boolean crashRule = AGENT_START.equals(c.reason()) && state != null && !state.equals("unknown")
                    && stateAgent == c.agentId() && !(i == 0 && firstIsSettled);
            if (crashRule) {
                Instant last = heartbeats.lastBefore(c.agentId(), c.at()).orElse(start);
                if (last.isBefore(start)) {
                    last = start;
                }
                if (last.isAfter(c.at())) {
                    last = c.at();
                }
                if (last.isAfter(start)) {
                    out.add(new Span(state, reason, start, last));
                    start = last;
                }
                state = "unknown";
                reason = AGENT_CRASH;
            }
            if (state != null && state.equals(c.state()) && Objects.equals(reason, c.reason())) {
                continue;
            }
            if (state != null && c.at().isAfter(start)) {
                out.add(new Span(state, reason, start, c.at()));
            }
            state = c.state();
            reason = c.reason();
            start = c.at();
            stateAgent = c.agentId();
        }
        if (state != null) {
            out.add(new Span(state, reason, start, null));
        }
        return out;
    }
}
