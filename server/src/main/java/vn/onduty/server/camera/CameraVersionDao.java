package vn.onduty.server.camera;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The one query of an agent's camera-list check, apart from {@link CameraDao} (which extends it): every agent checks
 * every 30 s, and JDBI prepares every method of an interface each time one is attached, so the check attaches only
 * this (docs/benchmarks.md, "Fleet").
 */
public interface CameraVersionDao {

    /**
     * The version of {@code GET /api/agent/cameras} for this agent, read without building the answer (which opens
     * every camera's sealed password): a digest of every column the answer is made of, so it changes whenever the
     * answer does. A row's text form tells a null from an empty string.
     */
    @SqlQuery("""
            select left(md5(coalesce(string_agg(row(c.id, c.name, c.url, c.username, c.password_sealed, c.timeout_seconds,
                                                    c.enabled, z.id, z.counter_id, k.name, z.polygon::text,
                                                    z.calibrated)::text, ',' order by c.id, z.id), '')), 16)
              from camera c
              left join camera_zone z on z.camera_id = c.id and z.removed_at is null
              left join counter k on k.id = z.counter_id
             where c.agent_id = :agentId
            """)
    String agentCamerasVersion(@Bind("agentId") long agentId);
}
