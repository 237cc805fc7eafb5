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
     * every camera's sealed password): a digest of every column the answer is made of (migration 0262), so it changes
     * whenever the answer does; the heartbeat's answer names the same.
     */
    @SqlQuery("select agent_cameras_version(:agentId)")
    String agentCamerasVersion(@Bind("agentId") long agentId);
}
