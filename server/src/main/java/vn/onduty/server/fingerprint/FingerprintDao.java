package vn.onduty.server.fingerprint;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Sensor.class)
@RegisterConstructorMapper(Enrollment.class)
@RegisterConstructorMapper(AgentCommand.class)
public interface FingerprintDao {

    String SENSOR = """
            select s.id, s.agent_id, a.name as agent_name, a.site_id, s.name, s.port, s.connected, s.capacity,
                   s.templates, s.unrecognised_touches, s.duplicates_ignored, s.last_error, s.status_at,
                   a.last_seen_at as agent_last_seen_at,
                   (select count(*) from enrollment e where e.sensor_id = s.id and e.removed_at is null) as enrolled,
                   (select count(*) from punch p where p.sensor_id = s.id and p.staff_id is null
                       and not exists (select 1 from punch_resolution r where r.punch_id = p.id)) as unresolved_punches
              from sensor s join device_agent a on a.id = s.agent_id
            """;
    String COMMAND = """
            select id, agent_id, sensor_id, type, staff_id, slot, enrollment_id, status, step, message, result_slot,
                   error, created_at, updated_at, finished_at, camera_id, zone_id, seconds, result::text as result
              from agent_command
            """;

    @SqlQuery(SENSOR + " where (cast(:siteId as bigint) is null or a.site_id = :siteId) order by a.site_id, a.name, s.name")
    List<Sensor> sensors(@Bind("siteId") Long siteId);

    @SqlQuery(SENSOR + " where s.id = :id")
    Optional<Sensor> sensor(@Bind("id") long id);

    @SqlQuery("""
            select e.id, e.sensor_id, e.slot, e.staff_id, st.full_name as staff_name, st.code as staff_code,
                   e.enrolled_at, e.removed_at, e.command_id
              from enrollment e join staff st on st.id = e.staff_id
             where e.sensor_id = :sensorId and e.removed_at is null
             order by e.slot
            """)
    List<Enrollment> liveEnrollments(@Bind("sensorId") long sensorId);

    @SqlQuery("""
            select e.id, e.sensor_id, e.slot, e.staff_id, st.full_name as staff_name, st.code as staff_code,
                   e.enrolled_at, e.removed_at, e.command_id
              from enrollment e join staff st on st.id = e.staff_id
             where e.id = :id
            """)
    Optional<Enrollment> enrollment(@Bind("id") long id);

    @SqlQuery("""
            insert into agent_command (agent_id, sensor_id, type, staff_id, created_by)
            values (:agentId, :sensorId, 'enroll', :staffId, :userId)
            returning id
            """)
    long createEnroll(@Bind("agentId") long agentId, @Bind("sensorId") long sensorId, @Bind("staffId") long staffId,
                      @Bind("userId") long userId);

    @SqlQuery("""
            insert into agent_command (agent_id, sensor_id, type, slot, enrollment_id, staff_id, created_by)
            values (:agentId, :sensorId, 'delete_slot', :slot, :enrollmentId, :staffId, :userId)
            returning id
            """)
    long createDelete(@Bind("agentId") long agentId, @Bind("sensorId") long sensorId, @Bind("slot") int slot,
                      @Bind("enrollmentId") long enrollmentId, @Bind("staffId") long staffId, @Bind("userId") long userId);

    @SqlQuery(COMMAND + " where id = :id")
    Optional<AgentCommand> command(@Bind("id") long id);

    @SqlQuery(COMMAND + " where sensor_id = :sensorId and status in ('PENDING', 'IN_PROGRESS') order by id")
    List<AgentCommand> openCommands(@Bind("sensorId") long sensorId);

    @SqlUpdate("""
            update agent_command set status = 'CANCELLED', updated_at = now(), finished_at = now()
             where id = :id and status in ('PENDING', 'IN_PROGRESS')
            """)
    int cancel(@Bind("id") long id);
}
