package vn.onduty.server.ingest;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Set-based SQL for a whole batch at once: a handful of statements however many events it holds,
 * which is what lets one agent push thousands of punches a second.
 */
@RegisterConstructorMapper(IngestDao.StoredKey.class)
@RegisterConstructorMapper(IngestDao.ZoneRef.class)
public interface IngestDao {

    record StoredKey(String stream, long seq) {}

    /** What a camera event must agree with: the zone's camera, that camera's site, the zone's counter. */
    record ZoneRef(long zoneId, long cameraId, long siteId, long counterId) {}

    /** Inserts the events not seen before and returns their keys; known ones are left as they are. */
    @SqlQuery("""
            insert into agent_event (agent_id, stream, seq, type, at, payload)
            select :agentId, e.stream, e.seq, e.type, e.at, e.payload
              from unnest(cast(:streams as text[]), cast(:seqs as bigint[]), cast(:types as text[]),
                          cast(:ats as timestamptz[]), cast(:payloads as jsonb[]))
                   as e(stream, seq, type, at, payload)
            on conflict (agent_id, stream, seq) do nothing
            returning stream, seq
            """)
    List<StoredKey> insertEvents(@Bind("agentId") long agentId, @Bind("streams") String[] streams,
                                 @Bind("seqs") Long[] seqs, @Bind("types") String[] types,
                                 @Bind("ats") String[] ats, @Bind("payloads") String[] payloads);

    @SqlUpdate("""
            insert into sensor (agent_id, name)
            select :agentId, n from unnest(cast(:names as text[])) as n
            on conflict (agent_id, name) do nothing
            """)
    void ensureSensors(@Bind("agentId") long agentId, @Bind("names") String[] names);

    /** Each punch goes to the officer whose enrollment held (sensor, slot) at the moment of the touch. */
    @SqlUpdate("""
            insert into punch (agent_id, stream, seq, sensor_id, slot, score, at, staff_id, enrollment_id, time_flag)
            select :agentId, e.stream, e.seq, s.id, e.slot, e.score, e.at, en.staff_id, en.id, e.time_flag
              from unnest(cast(:streams as text[]), cast(:seqs as bigint[]), cast(:sensors as text[]),
                          cast(:slots as integer[]), cast(:scores as integer[]), cast(:ats as timestamptz[]),
                          cast(:flags as text[]))
                   as e(stream, seq, sensor, slot, score, at, time_flag)
              join sensor s on s.agent_id = :agentId and s.name = e.sensor
              left join lateral (
                    select x.id, x.staff_id from enrollment x
                     where x.sensor_id = s.id and x.slot = e.slot and x.enrolled_at <= e.at
                       and (x.removed_at is null or x.removed_at > e.at)
                     order by x.enrolled_at desc
                     limit 1) en on true
            """)
    int insertPunches(@Bind("agentId") long agentId, @Bind("streams") String[] streams, @Bind("seqs") Long[] seqs,
                      @Bind("sensors") String[] sensors, @Bind("slots") Integer[] slots,
                      @Bind("scores") Integer[] scores, @Bind("ats") String[] ats, @Bind("flags") String[] flags);

    @SqlQuery("""
            select z.id as zone_id, z.camera_id, c.site_id, z.counter_id
              from camera_zone z join camera c on c.id = z.camera_id
             where z.id = any(:zoneIds)
            """)
    List<ZoneRef> zones(@Bind("zoneIds") Long[] zoneIds);

    @SqlQuery("select site_id from camera where id = :id")
    Optional<Long> cameraSite(@Bind("id") long id);

    @SqlQuery("select id from sensor where agent_id = :agentId and name = :name")
    Optional<Long> sensorId(@Bind("agentId") long agentId, @Bind("name") String name);

    /**
     * Ends the slot's live enrollment where the new one begins; a live enrollment that began after {@code at} (a
     * result arriving late, after a newer enrollment of the slot) stays live: the newer one is the slot's holder.
     */
    @SqlUpdate("""
            update enrollment set removed_at = cast(:at as timestamptz)
             where sensor_id = :sensorId and slot = :slot and removed_at is null
               and enrolled_at <= cast(:at as timestamptz)
            """)
    int closeLiveEnrollment(@Bind("sensorId") long sensorId, @Bind("slot") int slot, @Bind("at") String at);

    /**
     * Records an enrollment from {@code at}. When a newer enrollment of the same slot is already stored (this
     * result arrived late), this one ended when that one began: the sensor overwrote the slot then.
     */
    @SqlQuery("""
            insert into enrollment (sensor_id, slot, staff_id, enrolled_at, removed_at, command_id)
            values (:sensorId, :slot, :staffId, cast(:at as timestamptz),
                    (select min(n.enrolled_at) from enrollment n
                      where n.sensor_id = :sensorId and n.slot = :slot and n.enrolled_at > cast(:at as timestamptz)),
                    :commandId)
            returning id
            """)
    long insertEnrollment(@Bind("sensorId") long sensorId, @Bind("slot") int slot, @Bind("staffId") long staffId,
                          @Bind("at") String at, @Bind("commandId") long commandId);

    @SqlUpdate("""
            update enrollment set removed_at = greatest(enrolled_at, cast(:at as timestamptz))
             where id = :id and removed_at is null
            """)
    int removeEnrollment(@Bind("id") long id, @Bind("at") String at);

    /** Punches that arrived before the enrollment result but were touched after it now find their officer. */
    @SqlUpdate("""
            update punch set staff_id = :staffId, enrollment_id = :enrollmentId
             where sensor_id = :sensorId and slot = :slot and staff_id is null and at >= cast(:at as timestamptz)
               and at < coalesce((select e.removed_at from enrollment e where e.id = :enrollmentId), 'infinity')
               and not exists (select 1 from punch_resolution r where r.punch_id = punch.id)
            """)
    int attachEarlierUnresolved(@Bind("sensorId") long sensorId, @Bind("slot") int slot, @Bind("at") String at,
                                @Bind("staffId") long staffId, @Bind("enrollmentId") long enrollmentId);
}
