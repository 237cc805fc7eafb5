package vn.onduty.server.agentcommand;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The only writer of {@code agent_command}: every status change is one statement here, guarded by the
 * states it may start from, so a transition that is no longer allowed changes no row (and the caller says why).
 * Package-private: other features go through {@link AgentCommands}, which holds the rules around them.
 *
 * <p>"Overdue" is {@link #OVERDUE}: queued longer than {@code expireSeconds} ago (a calibration gets its sampling
 * time on top). An overdue command is expired by {@link #expireOverdue}; until that has run, the guards below treat
 * it as expired already, so it is never handed over, progressed or cancelled.
 */
@RegisterConstructorMapper(AgentCommand.class)
@RegisterConstructorMapper(ListedCommand.class)
interface AgentCommandDao {

    String SELECT = """
            select id, agent_id, sensor_id, type, staff_id, slot, enrollment_id, status, step, message, result_slot,
                   error, created_at, updated_at, finished_at, camera_id, zone_id, seconds, result::text as result,
                   handed_over_at, snapshot_id
              from agent_command
            """;
    String OPEN = "status in ('PENDING', 'IN_PROGRESS')";
    String OVERDUE = "created_at + (:expireSeconds + coalesce(seconds, 0)) * interval '1 second' <= :now";

    @SqlQuery(SELECT + " where id = :id")
    Optional<AgentCommand> find(@Bind("id") long id);

    /** The row locked until the end of the transaction: a result, a snapshot or a cancel waits for another. */
    @SqlQuery(SELECT + " where id = :id for update")
    Optional<AgentCommand> lock(@Bind("id") long id);

    @SqlQuery(SELECT + " where sensor_id = :sensorId and " + OPEN + " order by id")
    List<AgentCommand> openOfSensor(@Bind("sensorId") long sensorId);

    @SqlQuery(SELECT + " where camera_id = :cameraId and " + OPEN + " order by id")
    List<AgentCommand> openOfCamera(@Bind("cameraId") long cameraId);

    @SqlQuery(SELECT + " where camera_id = :cameraId and type = :type and zone_id is not distinct from :zoneId and "
            + OPEN + " order by id")
    List<AgentCommand> openOfCamera(@Bind("cameraId") long cameraId, @Bind("type") String type,
                                    @Bind("zoneId") Long zoneId);

    @SqlQuery(SELECT + " where sensor_id = :sensorId order by id desc limit 1")
    Optional<AgentCommand> latestOfSensor(@Bind("sensorId") long sensorId);

    /** The newest command of that type for the camera, and (when given) that zone. */
    @SqlQuery(SELECT + """
             where camera_id = :cameraId and type = :type and (cast(:zoneId as bigint) is null or zone_id = :zoneId)
             order by id desc limit 1
            """)
    Optional<AgentCommand> latestOfCamera(@Bind("cameraId") long cameraId, @Bind("type") String type,
                                          @Bind("zoneId") Long zoneId);

    @SqlQuery("""
            insert into agent_command (agent_id, sensor_id, type, staff_id, slot, enrollment_id, camera_id, zone_id,
                                       seconds, snapshot_id, created_by, created_at, updated_at)
            values (:c.agentId, :c.sensorId, :c.type, :c.staffId, :c.slot, :c.enrollmentId, :c.cameraId, :c.zoneId,
                    :c.seconds, :c.snapshotId, :c.createdBy, :now, :now)
            returning id
            """)
    long queue(@BindMethods("c") NewCommand c, @Bind("now") Instant now);

    /** Records that the agent has been given these commands, the first time only. */
    @SqlUpdate("update agent_command set handed_over_at = :now where id = any(:ids) and handed_over_at is null")
    int markHandedOver(@Bind("ids") Long[] ids, @Bind("now") Instant now);

    /** What the agent is to work on: its open commands that are not overdue, oldest first. */
    @SqlQuery("""
            select c.id, c.type, s.name as sensor, c.staff_id, c.slot, c.camera_id, c.zone_id, c.seconds, c.snapshot_id
              from (select * from agent_command where agent_id = :agentId and\s""" + OPEN + " and not (" + OVERDUE + """
                   )) c
              left join sensor s on s.id = c.sensor_id
             order by c.id
            """)
    List<ListedCommand> handedOver(@Bind("agentId") long agentId, @Bind("now") Instant now,
                            @Bind("expireSeconds") long expireSeconds);

    /** A step reported by the command's own agent: PENDING or IN_PROGRESS to IN_PROGRESS. */
    @SqlUpdate("""
            update agent_command
               set status = 'IN_PROGRESS', step = :step, message = :message, updated_at = :now,
                   handed_over_at = coalesce(handed_over_at, :now)
             where id = :id and agent_id = :agentId and\s""" + OPEN + " and not (" + OVERDUE + ")")
    int progress(@Bind("id") long id, @Bind("agentId") long agentId, @Bind("step") String step,
                 @Bind("message") String message, @Bind("now") Instant now, @Bind("expireSeconds") long expireSeconds);

    /** The agent gave up on the command (step {@code failed}): its message is the error. */
    @SqlUpdate("""
            update agent_command
               set status = 'FAILED', step = 'failed', message = null, error = :error, updated_at = :now,
                   finished_at = :now, handed_over_at = coalesce(handed_over_at, :now)
             where id = :id and agent_id = :agentId and\s""" + OPEN + " and not (" + OVERDUE + ")")
    int giveUp(@Bind("id") long id, @Bind("agentId") long agentId, @Bind("error") String error,
               @Bind("now") Instant now, @Bind("expireSeconds") long expireSeconds);

    /**
     * Ends the command as its agent's result says. Also from CANCELLED and EXPIRED: a late result still tells what
     * the device did. Never from DONE or FAILED: the first result stands.
     */
    @SqlUpdate("""
            update agent_command
               set status = :o.status, step = :o.step, message = null, result_slot = :o.resultSlot, error = :o.error,
                   enrollment_id = coalesce(:o.enrollmentId, enrollment_id), result = cast(:o.result as jsonb),
                   updated_at = :now, finished_at = :now
             where id = :id and status not in ('DONE', 'FAILED')
            """)
    int finish(@Bind("id") long id, @BindMethods("o") CommandOutcome outcome, @Bind("now") Instant now);

    @SqlUpdate("update agent_command set status = 'CANCELLED', updated_at = :now, finished_at = :now where id = :id and "
            + OPEN + " and not (" + OVERDUE + ")")
    int cancel(@Bind("id") long id, @Bind("now") Instant now, @Bind("expireSeconds") long expireSeconds);

    /**
     * Expires the overdue open commands, all of them or only those of one command, sensor or camera (a null
     * narrows nothing). Rows another transaction holds are skipped, not waited for: that one is applying a
     * result or a cancel, and a sweep must never deadlock with it. @return the expired commands' ids
     */
    @SqlQuery("""
            update agent_command set status = 'EXPIRED', updated_at = :now, finished_at = :now
             where id in (select id from agent_command
                           where\s""" + OPEN + " and " + OVERDUE + """
                             and (cast(:id as bigint) is null or id = :id)
                             and (cast(:sensorId as bigint) is null or sensor_id = :sensorId)
                             and (cast(:cameraId as bigint) is null or camera_id = :cameraId)
                           order by id
                             for update skip locked)
            returning id
            """)
    List<Long> expireOverdue(@Bind("now") Instant now, @Bind("expireSeconds") long expireSeconds,
                             @Bind("id") Long id, @Bind("sensorId") Long sensorId, @Bind("cameraId") Long cameraId);
}
