package vn.onduty.server.fingerprint;

import java.time.Instant;

/** A command for an agent and how far it has got; the admin's page polls it while enrolling. */
public record AgentCommand(long id, long agentId, long sensorId, String type, Long staffId, Integer slot,
                           Long enrollmentId, String status, String step, String message, Integer resultSlot,
                           String error, Instant createdAt, Instant updatedAt, Instant finishedAt) {

    public boolean finished() {
        return status.equals("DONE") || status.equals("FAILED") || status.equals("CANCELLED");
    }
}
