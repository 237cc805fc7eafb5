package vn.onduty.server.agentcommand;

/**
 * A command to queue for an agent ({@link AgentCommands#queue}); the table's checks hold each type to its
 * target: a sensor for {@code enroll} and {@code delete_slot}, a camera (and a zone with seconds or a
 * snapshot, to calibrate).
 */
public record NewCommand(long agentId, Long sensorId, String type, Long staffId, Integer slot, Long enrollmentId,
                         Long cameraId, Long zoneId, Integer seconds, Long snapshotId, long createdBy) {

    public static NewCommand enroll(long agentId, long sensorId, long staffId, long createdBy) {
        return new NewCommand(agentId, sensorId, "enroll", staffId, null, null, null, null, null, null, createdBy);
    }

    public static NewCommand deleteSlot(long agentId, long sensorId, int slot, long enrollmentId, long staffId,
                                        long createdBy) {
        return new NewCommand(agentId, sensorId, "delete_slot", staffId, slot, enrollmentId, null, null, null,
                null, createdBy);
    }

    public static NewCommand snapshot(long agentId, long cameraId, long createdBy) {
        return new NewCommand(agentId, null, "camera_snapshot", null, null, null, cameraId, null, null, null,
                createdBy);
    }

    public static NewCommand calibrate(long agentId, long cameraId, long zoneId, int seconds, long createdBy) {
        return new NewCommand(agentId, null, "calibrate_zone", null, null, null, cameraId, zoneId, seconds,
                null, createdBy);
    }

    /** Calibrate a zone from a snapshot the admin picked because the seat was empty in it. */
    public static NewCommand calibrateFromSnapshot(long agentId, long cameraId, long zoneId, long snapshotId,
                                                   long createdBy) {
        return new NewCommand(agentId, null, "calibrate_zone", null, null, null, cameraId, zoneId, null, snapshotId,
                createdBy);
    }
}
