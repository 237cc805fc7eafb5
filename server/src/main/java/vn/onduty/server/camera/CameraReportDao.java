package vn.onduty.server.camera;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What a heartbeat's cameras part reads and writes, apart from {@link CameraDao}: a heartbeat comes every 15 s from
 * every agent, and JDBI prepares every method of an interface each time one is attached, so the heartbeat attaches
 * only what it runs ({@code ingest.HeartbeatDao}, docs/benchmarks.md, "Fleet").
 */
public interface CameraReportDao {

    /** A camera of the agent's site, the agent that watches it (null: none), and whether a report of it is stored. */
    record Watched(long id, Long agentId, boolean reported) {}

    /** The mapper on the method: an interface extending this one ({@code ingest.HeartbeatDao}) attaches it. */
    @SqlQuery("""
            select c.id, c.agent_id, s.camera_id is not null as reported
              from camera c left join camera_status s on s.camera_id = c.id
             where c.site_id = :siteId
            """)
    @RegisterConstructorMapper(Watched.class)
    List<Watched> camerasOfSite(@Bind("siteId") long siteId);

    /**
     * The reports of one heartbeat as rows, from the JSON array {@link CameraService} makes of them: one statement
     * for all of an agent's cameras, where one per camera cost most of a heartbeat's CPU (docs/benchmarks.md, "Fleet").
     */
    String REPORTS = """
            jsonb_to_recordset(cast(:reports as jsonb)) as r(camera_id bigint, state text, connected boolean,
                last_frame_at timestamptz, frames_analysed bigint, keyframes_per_minute double precision,
                reconnects bigint, last_error text, zones jsonb, codec text, width integer, height integer,
                keyframe_interval_seconds double precision, analysis text, cpu_percent double precision)
            """;

    /** Each camera's first report: stored whole. A later one changes nothing here (no row lock, no write). */
    @SqlUpdate("""
            insert into camera_status (camera_id, agent_id, state, connected, last_frame_at, frames_analysed,
                                       keyframes_per_minute, reconnects, last_error, zones, reported_at, received_at,
                                       codec, width, height, keyframe_interval_seconds, analysis, cpu_percent)
            select r.camera_id, :agentId, r.state, r.connected, r.last_frame_at, r.frames_analysed,
                   r.keyframes_per_minute, r.reconnects, r.last_error, r.zones, :reportedAt, :receivedAt,
                   r.codec, r.width, r.height, r.keyframe_interval_seconds, r.analysis, r.cpu_percent
              from\s""" + REPORTS + """
             order by r.camera_id
            on conflict (camera_id) do nothing
            """)
    void insertFirstStatuses(@Bind("agentId") long agentId, @Bind("reports") String reports,
                             @Bind("reportedAt") Instant reportedAt, @Bind("receivedAt") Instant receivedAt);

    /**
     * A later report replaces the stored one (never by an older {@code at}) when what people read from it changed:
     * the state, the error, the stream's shape, which agent reports it, or its zones' states; otherwise only once the
     * stored one is {@code refreshSeconds} old, which refreshes the counters (frames, CPU) and keeps the camera from
     * looking silent. A steady camera thus costs a write every few heartbeats, not every one.
     */
    @SqlUpdate("""
            update camera_status s
               set agent_id = :agentId, state = r.state, connected = r.connected, last_frame_at = r.last_frame_at,
                   frames_analysed = r.frames_analysed, keyframes_per_minute = r.keyframes_per_minute,
                   reconnects = r.reconnects, last_error = r.last_error, zones = r.zones,
                   reported_at = :reportedAt, received_at = :receivedAt, codec = r.codec, width = r.width,
                   height = r.height, keyframe_interval_seconds = r.keyframe_interval_seconds, analysis = r.analysis,
                   cpu_percent = r.cpu_percent
              from\s""" + REPORTS + """
             where s.camera_id = r.camera_id and s.reported_at <= :reportedAt
               and (s.received_at <= cast(:receivedAt as timestamptz) - :refreshSeconds * interval '1 second'
                    or (s.agent_id, s.state, s.connected, s.last_error, s.codec, s.width, s.height, s.analysis)
                       is distinct from (cast(:agentId as bigint), r.state, r.connected, r.last_error, r.codec, r.width,
                                         r.height, r.analysis)
                    or jsonb_path_query_array(s.zones, '$[*].id') || jsonb_path_query_array(s.zones, '$[*].state')
                       || jsonb_path_query_array(s.zones, '$[*].since')
                       is distinct from
                       jsonb_path_query_array(r.zones, '$[*].id') || jsonb_path_query_array(r.zones, '$[*].state')
                       || jsonb_path_query_array(r.zones, '$[*].since'))
            """)
    int updateStatuses(@Bind("agentId") long agentId, @Bind("reports") String reports,
                       @Bind("reportedAt") Instant reportedAt, @Bind("receivedAt") Instant receivedAt,
                       @Bind("refreshSeconds") long refreshSeconds);
}
