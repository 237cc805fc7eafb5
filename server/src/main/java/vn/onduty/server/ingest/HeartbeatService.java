package vn.onduty.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.camera.CameraListVersions;
import vn.onduty.server.camera.CameraReport;
import vn.onduty.server.camera.CameraReportDao;
import vn.onduty.server.camera.CameraService;
import vn.onduty.server.secret.Credentials;

/**
 * An agent's heartbeat (docs/agent-protocol.md): its clock, its sensors' and its cameras' state, and the heartbeat
 * itself for the crash rule. Every agent sends one every 15 s, so a steady one, whose sensors and cameras are all
 * stored already, is one statement in a transaction of its own (migration 0264's {@code agent_heartbeat}: the writes
 * that changed something, a commit that does not wait for the disk, and the camera list's version unless this instance
 * knows it, {@link CameraListVersions}): as eight statements and a commit, each a round trip, it was most of what an
 * idle fleet cost (docs/benchmarks.md, "Fleet").
 * A heartbeat naming a new sensor or a camera without a stored report takes the other path: one transaction that
 * refuses it (a sensor over the limit, a camera of another site) with nothing stored, or creates the first rows and
 * stores the rest with the same statement.
 */
public final class HeartbeatService {

    /** How old a steady sensor's stored status may grow before a heartbeat refreshes it (online means within 2 min). */
    static final long SENSOR_STATUS_REFRESH_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final IngestService sensors;
    private final CameraService cameras;
    private final CameraListVersions versions;

    public HeartbeatService(Jdbi jdbi, IngestService sensors, CameraService cameras, CameraListVersions versions) {
        this.jdbi = jdbi;
        this.sensors = sensors;
        this.cameras = cameras;
        this.versions = versions;
    }

    /**
     * @param sensorStatus null when the heartbeat says nothing of sensors (an agent without any, or an older one)
     * @param cameraReports null or empty when it says nothing of cameras
     * @return the version of the agent's camera list, read in the same transaction: the answer tells the agent whether
     *         to fetch the list, which spares every agent a check of its own every 30 s
     */
    public String record(Caller agent, Instant at, Instant received, List<SensorStatus> sensorStatus,
                         List<CameraReport> cameraReports) {
        long offset = Duration.between(received, at).toMillis();
        String sensorsJson = sensorStatus == null ? null : sensorsJson(sensorStatus);
        String camerasJson = cameraReports == null || cameraReports.isEmpty() ? null : cameras.reportsJson(cameraReports);
        long cameraRefresh = cameras.statusRefreshSeconds();
        // The camera list's version from memory when this instance knows it, else read by the statement and kept.
        String known = versions.known(agent.id());
        CameraListVersions.Read read = known == null ? versions.reading(agent.id()) : null;
        String steady = jdbi.withExtension(HeartbeatDao.class, dao -> dao.record(agent.id(), agent.agentSiteId(), offset,
                received, at, sensorsJson, camerasJson, SENSOR_STATUS_REFRESH_SECONDS, cameraRefresh, false,
                known == null));
        if (steady != null) {
            return answer(known, read, steady);
        }
        // The agent's row first (locked when a sensor is new), then its sensors', then the cameras', as event ingest.
        String stored = jdbi.inTransaction(h -> {
            if (sensorStatus != null) {
                sensors.createFirstSensors(h.attach(AgentDeviceDao.class), agent, at, sensorStatus);
            }
            if (camerasJson != null) {
                cameras.createFirstReports(h.attach(CameraReportDao.class), agent, at, received, cameraReports);
            }
            return h.attach(HeartbeatDao.class).record(agent.id(), agent.agentSiteId(), offset, received, at,
                    sensorsJson, camerasJson, SENSOR_STATUS_REFRESH_SECONDS, cameraRefresh, true, known == null);
        });
        return answer(known, read, stored);
    }

    /** The version known before the statement (which then answered ''), or the one it read, kept for next time. */
    private String answer(String known, CameraListVersions.Read read, String returned) {
        if (known != null) {
            return known;
        }
        versions.remember(read, returned);
        return returned;
    }

    /** The sensors' reports as migration 0264's {@code agent_heartbeat} reads them, errors without credentials. */
    private static String sensorsJson(List<SensorStatus> sensorStatus) {
        List<Map<String, Object>> rows = sensorStatus.stream().sorted(Comparator.comparing(SensorStatus::name)).map(s -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", s.name());
            row.put("port", s.port());
            row.put("connected", s.connected());
            row.put("capacity", s.capacity());
            row.put("templates", s.templates());
            row.put("unrecognised_touches", s.unrecognisedTouches());
            row.put("duplicates_ignored", s.duplicatesIgnored());
            row.put("last_error", Credentials.scrub(s.lastError()));
            return row;
        }).toList();
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
