package vn.onduty.server.ingest;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What the agent's heartbeat writes: each sensor's latest state. */
public interface AgentDeviceDao {

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
