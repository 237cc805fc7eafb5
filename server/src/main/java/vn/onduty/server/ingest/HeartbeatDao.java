package vn.onduty.server.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.sqlobject.SqlObject;

/**
 * An agent's heartbeat as one statement (migration 0264's {@code agent_heartbeat}), alone in its interface: JDBI
 * prepares every method of an interface each time one is attached, and every agent sends a heartbeat every 15 s.
 *
 * <p>The statement is built with the handle, not declared with {@code @SqlQuery} and {@code @Bind}: attaching a
 * declared method looks up a column mapper for each of its ten parameters in a configuration copied for that attach,
 * so nothing of it is kept (jdbi/jdbi#2406), and that was 5 % of an idle fleet's server CPU (docs/benchmarks.md,
 * "Fleet"). Bound by type and read by position here, the statement needs no lookup.
 */
public interface HeartbeatDao extends SqlObject {

    String RECORD = """
            select agent_heartbeat(:agentId, :siteId, :offsetMillis, :received, :at, cast(:sensors as jsonb),
                                   cast(:cameras as jsonb), :sensorRefreshSeconds, :cameraRefreshSeconds, :prepared,
                                   :version)
            """;

    /**
     * Stores the heartbeat and returns the version of the agent's camera list ('' when not {@code version}: the
     * caller knows it); or, unless {@code prepared}, returns null having stored nothing when it names a sensor or a
     * camera report that is not stored yet, or a camera of another site (the caller then checks and creates them, and
     * calls this again with {@code prepared}).
     *
     * @param sensors JSON array of the sensors' reports, null for none
     * @param cameras JSON array of the cameras' reports, null for none
     */
    default String record(long agentId, long siteId, long offsetMillis, Instant received, Instant at, String sensors,
                          String cameras, long sensorRefreshSeconds, long cameraRefreshSeconds, boolean prepared,
                          boolean version) {
        return getHandle().createQuery(RECORD)
                .bind("agentId", agentId)
                .bind("siteId", siteId)
                .bind("offsetMillis", offsetMillis)
                .bind("received", OffsetDateTime.ofInstant(received, ZoneOffset.UTC))
                .bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .bind("sensors", sensors)
                .bind("cameras", cameras)
                .bind("sensorRefreshSeconds", sensorRefreshSeconds)
                .bind("cameraRefreshSeconds", cameraRefreshSeconds)
                .bind("prepared", prepared)
                .bind("version", version)
                .map((rs, ctx) -> rs.getString(1))
                .one();
    }
}
