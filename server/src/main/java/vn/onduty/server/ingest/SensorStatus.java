package vn.onduty.server.ingest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** One sensor's state in the agent's heartbeat (docs/agent-protocol.md); the latest report wins. */
public record SensorStatus(@NotBlank @Size(max = 100) String name, @Size(max = 200) String port,
                           boolean connected, Integer capacity, Integer templates,
                           long unrecognisedTouches, long duplicatesIgnored, @Size(max = 1000) String lastError) {}
