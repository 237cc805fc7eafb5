package vn.onduty.server.occupancy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Occupancy events, the intervals derived from them, and the heartbeats the crash rule reads. */
@RegisterConstructorMapper(OccupancyDao.ChangeRow.class)
@RegisterConstructorMapper(OccupancyDao.ZoneRef.class)
@RegisterConstructorMapper(OccupancyInterval.class)
@RegisterConstructorMapper(OccupancyDao.BoardRow.class)
public interface OccupancyDao {

    record ChangeRow(long agentId, Instant at, String state, String reason) {}

    record ZoneRef(long id, long cameraId, long counterId) {}

    /** A live zone of a site with its open interval (if any) and its camera's latest report. */
    record BoardRow(long zoneId, long cameraId, String cameraName, boolean cameraEnabled, long counterId,
                    int counterNumber, String counterName, String state, String reason, Instant since,
                    Instant statusReceivedAt, Boolean connected) {}

    @SqlUpdate("""
            insert into occupancy_event (agent_id, stream, seq, camera_id, zone_id, counter_id, state, reason, score, at)
            select :agentId, e.stream, e.seq, e.camera_id, e.zone_id, e.counter_id, e.state, e.reason, e.score, e.at
              from unnest(cast(:streams as text[]), cast(:seqs as bigint[]), cast(:cameraIds as bigint[]),
                          cast(:zoneIds as bigint[]), cast(:counterIds as bigint[]), cast(:states as text[]),
                          cast(:reasons as text[]), cast(:scores as double precision[]), cast(:ats as timestamptz[]))
                   as e(stream, seq, camera_id, zone_id, counter_id, state, reason, score, at)
            """)
    int insertEvents(@Bind("agentId") long agentId, @Bind("streams") String[] streams, @Bind("seqs") Long[] seqs,
                     @Bind("cameraIds") Long[] cameraIds, @Bind("zoneIds") Long[] zoneIds,
                     @Bind("counterIds") Long[] counterIds, @Bind("states") String[] states,
                     @Bind("reasons") String[] reasons, @Bind("scores") Double[] scores, @Bind("ats") String[] ats);

    /** The camera's live zones, locked in id order as {@link #lockZones} locks them. */
    @SqlQuery("""
            select id, camera_id, counter_id from camera_zone
             where camera_id = :cameraId and removed_at is null order by id for update
            """)
    List<ZoneRef> lockLiveZonesOfCamera(@Bind("cameraId") long cameraId);

    /** In id order: two batches touching the same zones wait for each other instead of deadlocking. */
    @SqlQuery("select id, camera_id, counter_id from camera_zone where id = any(:ids) order by id for update")
    List<ZoneRef> lockZones(@Bind("ids") Long[] ids);

    @SqlQuery("select max(at) from occupancy_event where zone_id = :zoneId and at < :before")
    Optional<Instant> previousEventAt(@Bind("zoneId") long zoneId, @Bind("before") Instant before);

    /**
     * The zone's events from {@code from} on, with each move of its camera to another agent as the old agent's last
     * word: unknown, {@code camera_moved}. A move before the zone's first event has nothing to end and is left out.
     */
    @SqlQuery("""
            select agent_id, at, state, reason from (
                select agent_id, at, state, reason, stream, seq from occupancy_event
                 where zone_id = :zoneId and at >= :from
                union all
                select m.from_agent_id, m.moved_at, 'unknown', 'camera_moved', '', 0
                  from camera_move m join camera_zone z on z.camera_id = m.camera_id
                 where z.id = :zoneId and m.from_agent_id is not null and m.moved_at >= :from
                   and exists (select 1 from occupancy_event e where e.zone_id = :zoneId and e.at < m.moved_at)
            ) changes
             order by at, agent_id, stream, seq
            """)
    List<ChangeRow> changesFrom(@Bind("zoneId") long zoneId, @Bind("from") Instant from);

    /**
     * The start of the event-made interval holding {@code at}: the crash rule's inferred ones start between events. As
     * a range containing the moment, which the zone's exclusion index (migration 0044) finds among the zone's history.
     */
    @SqlQuery("""
            select started_at from occupancy_interval
             where zone_id = :zoneId and tstzrange(started_at, ended_at, '[)') @> cast(:at as timestamptz)
               and reason is distinct from 'agent_crash'
            """)
    Optional<Instant> eventIntervalStartAt(@Bind("zoneId") long zoneId, @Bind("at") Instant at);

    /**
     * The range condition is implied by the start's and is there for the zone's exclusion index (migration 0044): with
     * the zone alone it would read every interval of the zone's history on each batch of ingest (docs/growth.md).
     */
    @SqlUpdate("""
            delete from occupancy_interval
             where zone_id = :zoneId and started_at >= :from
               and tstzrange(started_at, ended_at, '[)') && tstzrange(cast(:from as timestamptz), null, '[)')
            """)
    int deleteIntervalsFrom(@Bind("zoneId") long zoneId, @Bind("from") Instant from);

    /** With the range condition (implied by the others) for the zone's exclusion index, as {@link #deleteIntervalsFrom}. */
    @SqlUpdate("""
            update occupancy_interval set ended_at = :at
             where zone_id = :zoneId and started_at < :at and (ended_at is null or ended_at > :at)
               and tstzrange(started_at, ended_at, '[)') @> cast(:at as timestamptz)
            """)
    int endIntervalSpanning(@Bind("zoneId") long zoneId, @Bind("at") Instant at);

    @SqlUpdate("""
            insert into occupancy_interval (zone_id, counter_id, camera_id, state, reason, started_at, ended_at)
            select :zoneId, :counterId, :cameraId, i.state, i.reason, i.started_at, i.ended_at
              from unnest(cast(:states as text[]), cast(:reasons as text[]), cast(:starts as timestamptz[]),
                          cast(:ends as timestamptz[])) as i(state, reason, started_at, ended_at)
            """)
    void insertIntervals(@Bind("zoneId") long zoneId, @Bind("counterId") long counterId,
                         @Bind("cameraId") long cameraId, @Bind("states") String[] states,
                         @Bind("reasons") String[] reasons, @Bind("starts") String[] starts,
                         @Bind("ends") String[] ends);

    @SqlQuery("select max(at) from agent_heartbeat where agent_id = :agentId and at < :before")
    Optional<Instant> lastHeartbeatBefore(@Bind("agentId") long agentId, @Bind("before") Instant before);

    @SqlQuery("""
            select i.id, i.zone_id, i.counter_id, i.camera_id, i.state, i.reason, i.started_at as start,
                   i.ended_at as "end"
              from (select distinct unnest(cast(:counterIds as bigint[])) as id) k
              join occupancy_interval i on i.counter_id = k.id
                   and tstzrange(i.started_at, i.ended_at, '[)')
                       && tstzrange(cast(:from as timestamptz), cast(:to as timestamptz), '[)')
             order by i.counter_id, i.started_at, i.zone_id
            """)
    List<OccupancyInterval> intervals(@Bind("counterIds") Long[] counterIds, @Bind("from") Instant from,
                                      @Bind("to") Instant to);

    @SqlQuery("""
            select z.id as zone_id, c.id as camera_id, c.name as camera_name, c.enabled as camera_enabled,
                   k.id as counter_id, k.number as counter_number, k.name as counter_name,
                   i.state, i.reason, i.started_at as since, s.received_at as status_received_at, s.connected
              from camera_zone z
              join camera c on c.id = z.camera_id
              join counter k on k.id = z.counter_id
              left join occupancy_interval i on i.zone_id = z.id and i.ended_at is null
              left join camera_status s on s.camera_id = c.id
             where c.site_id = :siteId and z.removed_at is null
             order by k.number, z.id
            """)
    List<BoardRow> board(@Bind("siteId") long siteId);

    /** Counters of a site that have, or had, a zone in some camera: the ones occupancy can say something about. */
    @SqlQuery("""
            select distinct z.counter_id from camera_zone z join camera c on c.id = z.camera_id
             where c.site_id = :siteId
            """)
    List<Long> watchedCounters(@Bind("siteId") long siteId);
}
