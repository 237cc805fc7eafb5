package vn.onduty.server.occupancy;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The heartbeats the crash rule reads ({@link OccupancyDao#lastHeartbeatBefore}), written apart from
 * {@link OccupancyDao}: every agent sends one every 15 s, and JDBI prepares every method of an interface each time one
 * is attached, so the heartbeat attaches only what it runs ({@code ingest.HeartbeatDao}).
 */
public interface AgentHeartbeatDao {

    /**
     * Records a heartbeat for the crash rule (when the agent was last heard before a moment): the latest heartbeat is
     * always kept, and a run of heartbeats at most 20 s apart keeps its first one and at most one row in 20 s after.
     * When the row before the new heartbeat has heartbeats at most 20 s away on both sides (it tells nothing the
     * others do not), that row moves to the new time: one row version where inserting the new one and deleting the
     * redundant one cost two, every 15 s per agent. Otherwise the heartbeat is a new row.
     */
    @SqlUpdate("""
            with moved as (
                update agent_heartbeat h set at = :at
                 where h.agent_id = :agentId
                   and h.at = (select max(p.at) from agent_heartbeat p where p.agent_id = :agentId and p.at < :at)
                   and h.at >= cast(:at as timestamptz) - interval '20 seconds'
                   and exists (select 1 from agent_heartbeat q
                                where q.agent_id = :agentId and q.at < h.at and q.at >= h.at - interval '20 seconds')
                   and not exists (select 1 from agent_heartbeat r where r.agent_id = :agentId and r.at = :at)
                returning 1)
            insert into agent_heartbeat (agent_id, at)
            select :agentId, :at where not exists (select 1 from moved)
            on conflict do nothing
            """)
    void recordHeartbeat(@Bind("agentId") long agentId, @Bind("at") Instant at);
}
