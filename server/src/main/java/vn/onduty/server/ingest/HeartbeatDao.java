package vn.onduty.server.ingest;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * An agent's heartbeat as one statement (migration 0262's {@code agent_heartbeat}), alone in its interface: JDBI
 * prepares every method of an interface each time one is attached, and every agent sends a heartbeat every 15 s.
 */
public interface HeartbeatDao {

    /**
     * Stores the heartbeat and returns the version of the agent's camera list; or, unless {@code prepared}, returns
     * null having stored nothing when it names a sensor or a camera report that is not stored yet, or a camera of
     * another site (the caller then checks and creates them, and calls this again with {@code prepared}).
     *
     * @param sensors JSON array of the sensors' reports, null for none
     * @param cameras JSON array of the cameras' reports, null for none
     */
    @SqlQuery("""
            select agent_heartbeat(:agentId, :siteId, :offsetMillis, cast(:received as timestamptz),
                                   cast(:at as timestamptz), cast(:sensors as jsonb), cast(:cameras as jsonb),
                                   :sensorRefreshSeconds, :cameraRefreshSeconds, :prepared)
            """)
    String record(@Bind("agentId") long agentId, @Bind("siteId") long siteId, @Bind("offsetMillis") long offsetMillis,
                  @Bind("received") Instant received, @Bind("at") Instant at, @Bind("sensors") String sensors,
                  @Bind("cameras") String cameras, @Bind("sensorRefreshSeconds") long sensorRefreshSeconds,
                  @Bind("cameraRefreshSeconds") long cameraRefreshSeconds, @Bind("prepared") boolean prepared);
}
