package vn.onduty.server.ingest;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What the agent-facing endpoints read and write besides events: sensor status and commands. */
@RegisterConstructorMapper(AgentDeviceDao.PendingCommand.class)
public interface AgentDeviceDao {

    record PendingCommand(long id, String type, String sensor, Long staffId, Integer slot, Long cameraId, Long zoneId,
                          Integer seconds) {}

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

    @SqlQuery("""
            select c.id, c.type, s.name as sensor, c.staff_id, c.slot, c.camera_id, c.zone_id, c.seconds
              from agent_command c left join sensor s on s.id = c.sensor_id
             where c.agent_id = :agentId and c.status in ('PENDING', 'IN_PROGRESS')
             order by c.id
            """)
    List<PendingCommand> pendingCommands(@Bind("agentId") long agentId);

    @SqlUpdate("""
            update agent_command set status = 'IN_PROGRESS', step = :step, message = :message, updated_at = now()
             where id = :id and agent_id = :agentId and status in ('PENDING', 'IN_PROGRESS')
            """)
    int progress(@Bind("id") long id, @Bind("agentId") long agentId, @Bind("step") String step,
                 @Bind("message") String message);

    /** The agent gave up on the command (step {@code failed}): its message is the error. */
    @SqlUpdate("""
            update agent_command set status = 'FAILED', step = 'failed', message = null, error = :message,
                   updated_at = now(), finished_at = now()
             where id = :id and agent_id = :agentId and status in ('PENDING', 'IN_PROGRESS')
            """)
    int fail(@Bind("id") long id, @Bind("agentId") long agentId, @Bind("message") String message);
}
