package vn.onduty.server.org.agent;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What a heartbeat says of the agent's clock, written apart from {@link AgentDao}: every agent sends one every 15 s,
 * and JDBI prepares every method of an interface each time one is attached ({@code ingest.HeartbeatDao}).
 */
public interface AgentClockDao {

    /**
     * The agent's clock against the server's, from a heartbeat ({@code offset} = the agent's time minus the server's
     * at receipt): written when it moved by more than a second or was last written more than five minutes ago, so a
     * heartbeat every 15 s is not a write every 15 s. Kept for the agent's page; not audited: a measurement, not a
     * change.
     */
    @SqlUpdate("""
            update device_agent set clock_offset_ms = :offset, clock_checked_at = :now
             where id = :id
               and (clock_checked_at is null or clock_checked_at < cast(:now as timestamptz) - interval '5 minutes'
                    or abs(clock_offset_ms - :offset) > 1000)
            """)
    int recordClock(@Bind("id") long id, @Bind("offset") long offsetMillis, @Bind("now") Instant now);
}
