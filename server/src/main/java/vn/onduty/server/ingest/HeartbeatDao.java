package vn.onduty.server.ingest;

import vn.onduty.server.camera.CameraReportDao;
import vn.onduty.server.camera.CameraVersionDao;
import vn.onduty.server.occupancy.AgentHeartbeatDao;
import vn.onduty.server.org.agent.AgentClockDao;

/**
 * Every statement a heartbeat runs, each kept with the feature it belongs to, attached once per heartbeat. JDBI
 * prepares every method of an interface on each attach: the heartbeat attached five DAOs with 65 methods between them,
 * every 15 s per agent, and those attaches were a third of its server CPU in a profile of an idle fleet
 * (docs/benchmarks.md, "Fleet"); this one has ten,
 * the last the camera list's version the answer names.
 */
public interface HeartbeatDao extends AgentClockDao, AgentDeviceDao, AgentHeartbeatDao, CameraReportDao,
        CameraVersionDao {}
