package vn.onduty.server.ingest;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What the agent's heartbeat writes: each sensor's latest state; and how many sensors an agent has brought into being. */
public interface AgentDeviceDao {

    @SqlQuery("select name from sensor where agent_id = :agentId")
    List<String> sensorNames(@Bind("agentId") long agentId);

    /**
     * Serialises the creation of an agent's sensors, so that two requests naming new ones cannot both pass the limit.
     * NO KEY UPDATE: the agent's events, which reference the row, are not held up by it.
     */
    @SqlQuery("select id from device_agent where id = :agentId for no key update")
    long lockAgent(@Bind("agentId") long agentId);

    @SqlUpdate("""
            insert into sensor (agent_id, name, port, connected, capacity, templates, unrecognised_touches,
                                duplicates_ignored, last_error, status_at)
            values (:agentId, :name, :port, :connected, :capacity, :templates, :unrecognised, :duplicates,
                    :lastError, :at)
            on conflict (agent_id, name) do update
               set port = excluded.port, connected = excluded.connected, capacity = excluded.capacity,
                   templates = excluded.templates, unrecognised_touches = excluded.unrecognised_touches,
                   duplicates_ignored = excluded.duplicates_ignored, last_error = excluded.last_error,
                   status_at = excluded.status_at
             where sensor.status_at is null or sensor.status_at <= excluded.status_at
            """)
    void upsertSensorStatus(@Bind("agentId") long agentId, @Bind("name") String name, @Bind("port") String port,
                            @Bind("connected") boolean connected, @Bind("capacity") Integer capacity,
                            @Bind("templates") Integer templates, @Bind("unrecognised") long unrecognised,
                            @Bind("duplicates") long duplicates, @Bind("lastError") String lastError,
                            @Bind("at") Instant at);
}
