package vn.onduty.server.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.camera.CameraReport;
import vn.onduty.server.camera.CameraService;
import vn.onduty.server.db.Commits;

/**
 * An agent's heartbeat (docs/agent-protocol.md): its clock, its sensors' and its cameras' state, and the heartbeat
 * itself for the crash rule, stored in one transaction. A refused heartbeat (a sensor over the limit, a camera of
 * another site) stores nothing, and a steady one costs one connection and one commit, which does not wait for the
 * disk ({@link Commits#withoutWaitingForDisk}: the next heartbeat repeats it): every agent sends one every 15 s, and
 * each part in a transaction of its own made the heartbeat the fleet's largest cost (docs/benchmarks.md, "Fleet").
 */
public final class HeartbeatService {

    private final Jdbi jdbi;
    private final IngestService sensors;
    private final CameraService cameras;

    public HeartbeatService(Jdbi jdbi, IngestService sensors, CameraService cameras) {
        this.jdbi = jdbi;
        this.sensors = sensors;
        this.cameras = cameras;
    }

    /**
     * @param sensorStatus null when the heartbeat says nothing of sensors (an agent without any, or an older one)
     * @param cameraReports null or empty when it says nothing of cameras
     * @return the version of the agent's camera list, read in the same transaction: the answer tells the agent whether
     *         to fetch the list, which spares every agent a check of its own every 30 s
     */
    public String record(Caller agent, Instant at, Instant received, List<SensorStatus> sensorStatus,
                         List<CameraReport> cameraReports) {
        // The agent's row first, then its sensors' (as event ingest locks them), then the heartbeat and cameras.
        return jdbi.inTransaction(h -> {
            // State the agent sends again in 15 s, not events it was told are stored: an OS crash may lose the last one.
            Commits.withoutWaitingForDisk(h);
            HeartbeatDao dao = h.attach(HeartbeatDao.class);
            dao.recordClock(agent.id(), Duration.between(received, at).toMillis(), received);
            if (sensorStatus != null) {
                sensors.recordSensorStatus(dao, agent, at, sensorStatus);
            }
            dao.recordHeartbeat(agent.id(), at);
            cameras.recordHeartbeat(dao, agent, at, received, cameraReports);
            return dao.agentCamerasVersion(agent.id());
        });
    }
}
