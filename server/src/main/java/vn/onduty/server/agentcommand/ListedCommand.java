package vn.onduty.server.agentcommand;

/** A command as its agent is given it in {@code GET /api/agent/commands}: the sensor by its name in agent.yml. */
public record ListedCommand(long id, String type, String sensor, Long staffId, Integer slot, Long cameraId, Long zoneId,
                            Integer seconds, Long snapshotId) {}
