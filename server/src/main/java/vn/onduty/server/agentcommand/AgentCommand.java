package vn.onduty.server.agentcommand;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.time.Instant;
import java.util.Map;

/**
 * A command for an agent and how far it has got; the admin's page polls it while it runs. A fingerprint
 * command names a sensor; a camera command names a camera (and, to calibrate, a zone and how many seconds).
 * Its status is one of {@link #PENDING} (queued), {@link #IN_PROGRESS} (the agent reported a step),
 * {@link #DONE}, {@link #FAILED}, {@link #CANCELLED} (by an admin) or {@link #EXPIRED} (no agent finished it in
 * time); {@link AgentCommands} says which transitions are allowed.
 *
 * @param handedOverAt when its agent first received it in {@code GET /api/agent/commands}; null until then
 * @param result       what a finished camera command reported, as JSON (the calibration statistics); else null
 * @param snapshotId   the snapshot a calibrate_zone command takes as the empty seat; null when it samples
 */
public record AgentCommand(long id, long agentId, Long sensorId, String type, Long staffId, Integer slot,
                           Long enrollmentId, String status, String step, String message, Integer resultSlot,
                           String error, Instant createdAt, Instant updatedAt, Instant finishedAt,
                           Long cameraId, Long zoneId, Integer seconds, @JsonRawValue String result,
                           Instant handedOverAt, Long snapshotId) {

    public static final String PENDING = "PENDING";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";
    public static final String EXPIRED = "EXPIRED";

    private static final ObjectReader READER = new ObjectMapper().readerFor(Map.class);

    /** Waiting for its agent or in its hands: the only states an agent is given it in, or may report on. */
    public boolean open() {
        return status.equals(PENDING) || status.equals(IN_PROGRESS);
    }

    public boolean finished() {
        return !open();
    }

    public boolean forCamera() {
        return cameraId != null;
    }

    /** {@link #result} read as values, for the pages; empty when there is none. */
    @JsonIgnore
    public Map<String, Object> resultValues() {
        if (result == null) {
            return Map.of();
        }
        try {
            return READER.readValue(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agent_command.result of " + id + " is not a JSON object", e);
        }
    }
}
