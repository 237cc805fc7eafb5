package vn.onduty.server.camera;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Cameras, their zones, their latest status, snapshots and the commands about them. */
@RegisterConstructorMapper(CameraDao.CameraRow.class)
@RegisterConstructorMapper(CameraDao.ZoneRow.class)
@RegisterConstructorMapper(CameraDao.StatusRow.class)
@RegisterConstructorMapper(CameraDao.SnapshotRow.class)
@RegisterConstructorMapper(CameraDao.AgentChoice.class)
@RegisterConstructorMapper(CameraDao.MoveRow.class)
@RegisterConstructorMapper(CameraDao.RefusalRow.class)
public interface CameraDao extends CameraVersionDao {

    /**
     * A stored camera, credentials included (the password sealed, {@link vn.onduty.server.secret.SecretBox}): only
     * {@link CameraService} reads these.
     */
    record CameraRow(long id, long siteId, Long agentId, String name, String url, String username, String passwordSealed,
                     int timeoutSeconds, boolean enabled, String note, Instant createdAt, Instant updatedAt) {
        @Override
        public String toString() {
            return "CameraRow[id=" + id + ", siteId=" + siteId + ", agentId=" + agentId + ", name=" + name + "]";
        }
    }

    /** An agent a camera of its site may be given. */
    record AgentChoice(long id, long siteId, String name, boolean active) {}

    /** A change of a camera's agent (table camera_move). */
    record MoveRow(long cameraId, Long fromAgentId, Long toAgentId, Instant movedAt) {}

    /** Events of the camera refused from one agent that does not watch it. */
    record RefusalRow(long cameraId, long agentId, String agentName, long refused, Instant lastRefusedAt,
                      String lastReason) {}

    record ZoneRow(long id, long cameraId, long counterId, int counterNumber, String counterName, String polygon,
                   boolean calibrated, Integer calibrationSamples, Double calibrationMean, Double calibrationSd,
                   Double calibrationThreshold, Instant calibratedAt, String attentionReason, Instant attentionAt,
                   Instant createdAt, Instant updatedAt, Instant removedAt) {}

    record StatusRow(long cameraId, long agentId, String state, boolean connected, Instant lastFrameAt,
                     Long framesAnalysed, Double keyframesPerMinute, Long reconnects, String lastError, String zones,
                     Instant reportedAt, Instant receivedAt, String codec, Integer width, Integer height,
                     Double keyframeIntervalSeconds, String analysis, Double cpuPercent) {}

    /** A snapshot without its bytes. */
    record SnapshotRow(long id, long cameraId, long commandId, int bytes, Instant takenAt, Instant expiresAt,
                       Instant erasedAt) {}

    String CAMERA = """
            select id, site_id, agent_id, name, url, username, password_sealed, timeout_seconds, enabled, note, created_at,
                   updated_at
              from camera
            """;
    String ZONE = """
            select z.id, z.camera_id, z.counter_id, c.number as counter_number, c.name as counter_name,
                   z.polygon::text as polygon, z.calibrated, z.calibration_samples, z.calibration_mean,
                   z.calibration_sd, z.calibration_threshold, z.calibrated_at, z.attention_reason, z.attention_at,
                   z.created_at, z.updated_at, z.removed_at
              from camera_zone z join counter c on c.id = z.counter_id
            """;
    String STATUS = """
            select camera_id, agent_id, state, connected, last_frame_at, frames_analysed, keyframes_per_minute, reconnects,
                   last_error, zones::text as zones, reported_at, received_at, codec, width, height,
                   keyframe_interval_seconds, analysis, cpu_percent
              from camera_status
            """;

    @SqlQuery(CAMERA + " where (cast(:siteId as bigint) is null or site_id = :siteId) order by site_id, name")
    List<CameraRow> cameras(@Bind("siteId") Long siteId);

    @SqlQuery(CAMERA + " where id = :id")
    Optional<CameraRow> camera(@Bind("id") long id);

    /** The cameras one agent watches: all it is given, and all it may report. */
    @SqlQuery(CAMERA + " where agent_id = :agentId order by name")
    List<CameraRow> camerasOfAgent(@Bind("agentId") long agentId);

    @SqlQuery(CAMERA + " where id = :id for update")
    Optional<CameraRow> lockCamera(@Bind("id") long id);

    @SqlQuery("""
            insert into camera (site_id, agent_id, name, url, username, password_sealed, timeout_seconds, enabled, note)
            values (:siteId, :agentId, :name, :url, :username, :passwordSealed, :timeoutSeconds, :enabled, :note)
            returning id
            """)
    long insertCamera(@Bind("siteId") long siteId, @Bind("agentId") Long agentId, @Bind("name") String name,
                      @Bind("url") String url,
                      @Bind("username") String username, @Bind("passwordSealed") String passwordSealed,
                      @Bind("timeoutSeconds") int timeoutSeconds, @Bind("enabled") boolean enabled,
                      @Bind("note") String note);

    @SqlUpdate("""
            update camera set agent_id = :agentId, name = :name, url = :url, username = :username,
                   password_sealed = :passwordSealed,
                   timeout_seconds = :timeoutSeconds, enabled = :enabled, note = :note, updated_at = now()
             where id = :id
            """)
    void updateCamera(@Bind("id") long id, @Bind("agentId") Long agentId, @Bind("name") String name, @Bind("url") String url,
                      @Bind("username") String username, @Bind("passwordSealed") String passwordSealed,
                      @Bind("timeoutSeconds") int timeoutSeconds, @Bind("enabled") boolean enabled,
                      @Bind("note") String note);

    /** Every camera with a password, locked: the start-up seals what is plain or under a previous key. */
    @SqlQuery(CAMERA + " where password_sealed is not null order by id for update")
    List<CameraRow> lockCamerasWithPassword();

    /** Seals a password again; not a change of the camera's settings, so updated_at stays. */
    @SqlUpdate("update camera set password_sealed = :passwordSealed where id = :id")
    void resealPassword(@Bind("id") long id, @Bind("passwordSealed") String passwordSealed);

    @SqlQuery(ZONE + " where z.camera_id = any(:cameraIds) and z.removed_at is null order by c.number, z.id")
    List<ZoneRow> liveZones(@Bind("cameraIds") Long[] cameraIds);

    @SqlQuery(ZONE + " where z.id = :id")
    Optional<ZoneRow> zone(@Bind("id") long id);

    @SqlQuery(ZONE + " where z.id = :id for update of z")
    Optional<ZoneRow> lockZone(@Bind("id") long id);

    @SqlQuery("""
            insert into camera_zone (camera_id, counter_id, polygon)
            values (:cameraId, :counterId, cast(:polygon as jsonb))
            returning id
            """)
    long insertZone(@Bind("cameraId") long cameraId, @Bind("counterId") long counterId, @Bind("polygon") String polygon);

    /** A new outline makes the agent's empty-seat reference meaningless: the zone needs calibrating again. */
    @SqlUpdate("""
            update camera_zone set polygon = cast(:polygon as jsonb), calibrated = false, updated_at = now()
             where id = :id
            """)
    void updatePolygon(@Bind("id") long id, @Bind("polygon") String polygon);

    @SqlUpdate("update camera_zone set removed_at = now(), updated_at = now() where id = :id and removed_at is null")
    int removeZone(@Bind("id") long id);

    @SqlUpdate("""
            update camera_zone set calibrated = true, calibration_samples = :samples, calibration_mean = :mean,
                   calibration_sd = :sd, calibration_threshold = :threshold, calibrated_at = :at,
                   attention_reason = null, attention_at = null, updated_at = now()
             where id = :id
            """)
    void calibrated(@Bind("id") long id, @Bind("samples") int samples, @Bind("mean") double mean, @Bind("sd") double sd,
                    @Bind("threshold") double threshold, @Bind("at") Instant at);

    /** The latest flag wins; one raised before the last calibration is already answered by it. */
    @SqlUpdate("""
            update camera_zone set attention_reason = :reason, attention_at = :at
             where id = :id and (attention_at is null or attention_at < :at)
               and (calibrated_at is null or calibrated_at < :at)
            """)
    void attention(@Bind("id") long id, @Bind("reason") String reason, @Bind("at") Instant at);

    @SqlQuery(STATUS + " where camera_id = any(:cameraIds)")
    List<StatusRow> statuses(@Bind("cameraIds") Long[] cameraIds);

    @SqlQuery("select id, site_id, name, active from device_agent order by site_id, name, id")
    List<AgentChoice> agents();

    @SqlQuery("select id, site_id, name, active from device_agent where site_id = :siteId order by name, id")
    List<AgentChoice> agentsOfSite(@Bind("siteId") long siteId);

    @SqlQuery("select id, site_id, name, active from device_agent where id = :id")
    Optional<AgentChoice> agent(@Bind("id") long id);

    @SqlUpdate("""
            insert into camera_move (camera_id, from_agent_id, to_agent_id, moved_at, moved_by)
            values (:cameraId, :fromAgentId, :toAgentId, :at, :by)
            """)
    void insertMove(@Bind("cameraId") long cameraId, @Bind("fromAgentId") Long fromAgentId,
                    @Bind("toAgentId") Long toAgentId, @Bind("at") Instant at, @Bind("by") long by);

    /** The moves of these cameras, oldest first per camera. */
    @SqlQuery("""
            select camera_id, from_agent_id, to_agent_id, moved_at from camera_move
             where camera_id = any(:cameraIds) order by camera_id, moved_at, id
            """)
    List<MoveRow> moves(@Bind("cameraIds") Long[] cameraIds);

    /** A camera's latest status was its old agent's: the new one's first report starts afresh. */
    @SqlUpdate("delete from camera_status where camera_id = :cameraId")
    void deleteStatus(@Bind("cameraId") long cameraId);

    @SqlQuery("""
            select r.camera_id, r.agent_id, a.name as agent_name, r.refused, r.last_refused_at, r.last_reason
              from camera_refusal r join device_agent a on a.id = r.agent_id
             where r.camera_id = any(:cameraIds) order by r.camera_id, r.last_refused_at desc
            """)
    List<RefusalRow> refusals(@Bind("cameraIds") Long[] cameraIds);

    @SqlUpdate("""
            insert into camera_refusal (camera_id, agent_id, refused, last_refused_at, last_reason)
            values (:cameraId, :agentId, :count, :at, :reason)
            on conflict (camera_id, agent_id) do update
               set refused = camera_refusal.refused + excluded.refused,
                   last_refused_at = greatest(camera_refusal.last_refused_at, excluded.last_refused_at),
                   last_reason = excluded.last_reason
            """)
    void countRefused(@Bind("cameraId") long cameraId, @Bind("agentId") long agentId, @Bind("count") int count,
                      @Bind("at") Instant at, @Bind("reason") String reason);

    @SqlQuery("""
            insert into camera_snapshot (camera_id, command_id, agent_id, content_type, bytes, image, taken_at, expires_at)
            values (:cameraId, :commandId, :agentId, 'image/jpeg', :bytes, :image, :takenAt, :expiresAt)
            returning id
            """)
    long insertSnapshot(@Bind("cameraId") long cameraId, @Bind("commandId") long commandId,
                        @Bind("agentId") long agentId, @Bind("bytes") int bytes, @Bind("image") byte[] image,
                        @Bind("takenAt") Instant takenAt, @Bind("expiresAt") Instant expiresAt);

    @SqlQuery("""
            select id, camera_id, command_id, bytes, taken_at, expires_at, erased_at from camera_snapshot
             where camera_id = :cameraId and image is not null and expires_at > :now
             order by taken_at desc, id desc limit 1
            """)
    Optional<SnapshotRow> liveSnapshot(@Bind("cameraId") long cameraId, @Bind("now") Instant now);

    /** A snapshot of the camera whose image has not expired, without its bytes. */
    @SqlQuery("""
            select id, camera_id, command_id, bytes, taken_at, expires_at, erased_at from camera_snapshot
             where id = :id and camera_id = :cameraId and image is not null and expires_at > :now
            """)
    Optional<SnapshotRow> snapshot(@Bind("id") long id, @Bind("cameraId") long cameraId, @Bind("now") Instant now);

    @SqlQuery("select image from camera_snapshot where id = :id and image is not null")
    Optional<byte[]> snapshotImage(@Bind("id") long id);

    @SqlUpdate("""
            update camera_snapshot set image = null, erased_at = :now
             where image is not null and expires_at <= :now
            """)
    int eraseExpiredSnapshots(@Bind("now") Instant now);
}
