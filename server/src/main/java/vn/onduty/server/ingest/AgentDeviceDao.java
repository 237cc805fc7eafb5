package vn.onduty.server.ingest;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * A sensor's first report, and how many sensors an agent has brought into being; a later report is stored by the
 * heartbeat's one statement ({@code ingest.HeartbeatDao}, migration 0262).
 */
public interface AgentDeviceDao {

    @SqlQuery("select name from sensor where agent_id = :agentId")
    List<String> sensorNames(@Bind("agentId") long agentId);

    /**
     * Serialises the creation of an agent's sensors, so that two requests naming new ones cannot both pass the limit.
     * NO KEY UPDATE: the agent's events, which reference the row, are not held up by it.
     */
    @SqlQuery("select id from device_agent where id = :agentId for no key update")
    long lockAgent(@Bind("agentId") long agentId);

    /** The sensor's first report creates it; a later one changes nothing here (no row lock, no write). */
    @SqlUpdate("""
            insert into sensor (agent_id, name, port, connected, capacity, templates, unrecognised_touches,
                                duplicates_ignored, last_error, status_at)
            values (:agentId, :name, :port, :connected, :capacity, :templates, :unrecognised, :duplicates,
                    :lastError, :at)
            on conflict (agent_id, name) do nothing
            """)
    void insertFirstSensorStatus(@Bind("agentId") long agentId, @Bind("name") String name, @Bind("port") String port,
                                 @Bind("connected") boolean connected, @Bind("capacity") Integer capacity,
                                 @Bind("templates") Integer templates, @Bind("unrecognised") long unrecognised,
                                 @Bind("duplicates") long duplicates, @Bind("lastError") String lastError,
                                 @Bind("at") Instant at);
}
