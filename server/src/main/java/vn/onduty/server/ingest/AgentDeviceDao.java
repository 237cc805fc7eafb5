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

    /**
     * A later report replaces the stored one (never by an older {@code at}) when anything in it changed, otherwise
     * only once the stored one is {@code refreshSeconds} old: a steady sensor costs no write on most heartbeats, and
     * its {@code status_at} stays well within the two minutes the sensors page calls it online.
     */
    @SqlUpdate("""
            update sensor
               set port = :port, connected = :connected, capacity = :capacity, templates = :templates,
                   unrecognised_touches = :unrecognised, duplicates_ignored = :duplicates, last_error = :lastError,
                   status_at = :at
             where agent_id = :agentId and name = :name and (status_at is null or status_at <= :at)
               and (status_at is null or status_at <= cast(:at as timestamptz) - :refreshSeconds * interval '1 second'
                    or (port, connected, capacity, templates, unrecognised_touches, duplicates_ignored, last_error)
                       is distinct from (:port, :connected, :capacity, :templates, :unrecognised, :duplicates, :lastError))
            """)
    int updateSensorStatus(@Bind("agentId") long agentId, @Bind("name") String name, @Bind("port") String port,
                           @Bind("connected") boolean connected, @Bind("capacity") Integer capacity,
                           @Bind("templates") Integer templates, @Bind("unrecognised") long unrecognised,
                           @Bind("duplicates") long duplicates, @Bind("lastError") String lastError,
                           @Bind("at") Instant at, @Bind("refreshSeconds") long refreshSeconds);
}
