package vn.onduty.server.fingerprint;

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
 *
 * @param result what a finished camera command reported, as JSON (the calibration statistics); else null
 */
public record AgentCommand(long id, long agentId, Long sensorId, String type, Long staffId, Integer slot,
                           Long enrollmentId, String status, String step, String message, Integer resultSlot,
                           String error, Instant createdAt, Instant updatedAt, Instant finishedAt,
                           Long cameraId, Long zoneId, Integer seconds, @JsonRawValue String result) {

    private static final ObjectReader READER = new ObjectMapper().readerFor(Map.class);

    public boolean finished() {
        return status.equals("DONE") || status.equals("FAILED") || status.equals("CANCELLED");
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
