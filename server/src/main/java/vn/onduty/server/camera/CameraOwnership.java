package vn.onduty.server.camera;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which agent speaks for a camera at a moment, from its agent now and its moves (table camera_move). Occupancy and
 * zone events are taken only from the agent that watched the camera when they happened: the old agent's events from
 * before a move still count (it may deliver them late), nobody else's do. The agent a camera was moved to is also
 * believed a few minutes before the move ({@link #CLOCK_TOLERANCE}): its clock may run behind the server's, which
 * dates the move.
 */
public final class CameraOwnership {

    /** How far an agent's clock may run behind the server's before its first events of a new camera are refused. */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    /** A change of the camera's agent; null is "no agent". */
    public record Move(Long fromAgentId, Long toAgentId, Instant at) {}

    private final Long currentAgentId;
    private final List<Move> moves;

    /** @param moves the camera's moves, oldest first */
    public CameraOwnership(Long currentAgentId, List<Move> moves) {
        this.currentAgentId = currentAgentId;
        this.moves = List.copyOf(moves);
    }

    /** The agent that watched the camera at {@code at}; null when none did. */
    public Long ownerAt(Instant at) {
        Move last = null;
        for (Move m : moves) {
            if (m.at().isAfter(at)) {
                break;
            }
            last = m;
        }
        if (last != null) {
            return last.toAgentId();
        }
        return moves.isEmpty() ? currentAgentId : moves.get(0).fromAgentId();
    }

    /** Whether an event the agent dated {@code at} speaks for the camera. */
    public boolean accepts(long agentId, Instant at) {
        Long owner = ownerAt(at);
        if (owner != null && owner == agentId) {
            return true;
        }
        if (currentAgentId == null || currentAgentId != agentId || moves.isEmpty()) {
            return false;
        }
        Move last = moves.get(moves.size() - 1);
        return !at.isBefore(last.at().minus(CLOCK_TOLERANCE));
    }

    /** When the agent stopped watching the camera, if it watched it before {@code at} and not at {@code at}. */
    public Optional<Instant> movedAwayFrom(long agentId, Instant at) {
        Instant lost = null;
        for (Move m : moves) {
            if (m.at().isAfter(at)) {
                break;
            }
            if (m.fromAgentId() != null && m.fromAgentId() == agentId) {
                lost = m.at();
            } else if (m.toAgentId() != null && m.toAgentId() == agentId) {
                lost = null;
            }
        }
        return Optional.ofNullable(lost);
    }

    public Long currentAgentId() {
        return currentAgentId;
    }
}
