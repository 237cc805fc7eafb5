package vn.onduty.server.fingerprint;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(Sensor.class)
@RegisterConstructorMapper(Enrollment.class)
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

    /** Holds the sensor until the transaction ends: one command queued per sensor at a time. */
    @SqlQuery("select id from sensor where id = :id for update")
    Optional<Long> lockSensor(@Bind("id") long id);
}
