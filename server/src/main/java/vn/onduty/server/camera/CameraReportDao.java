package vn.onduty.server.camera;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What a heartbeat's cameras part reads and writes when it names a camera without a stored report, apart from
 * {@link CameraDao}: JDBI prepares every method of an interface each time one is attached. A steady heartbeat's later
 * reports are stored by its one statement ({@code ingest.HeartbeatDao}, migration 0262).
 */
public interface CameraReportDao {

    /** A camera of the agent's site, the agent that watches it (null: none), and whether a report of it is stored. */
    record Watched(long id, Long agentId, boolean reported) {}

    /** The mapper is on the method, where only this query needs it. */
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
}
