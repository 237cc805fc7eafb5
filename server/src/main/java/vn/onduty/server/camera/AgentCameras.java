package vn.onduty.server.camera;

import java.util.List;

/**
 * The answer to {@code GET /api/agent/cameras}: the cameras one agent watches, with credentials and zones, for
 * that agent only. {@code version} is a digest of the rest, so it changes whenever anything in it does.
 */
public record AgentCameras(String version, List<AgentCamera> cameras) {

    public record AgentCamera(long id, String name, String url, String username, String password, int timeoutSeconds,
                              boolean enabled, List<AgentZone> zones) {
        @Override
        public String toString() {
            return "AgentCamera[id=" + id + ", name=" + name + "]";
        }
    }

    public record AgentZone(long id, long counterId, String counterName, List<List<Double>> polygon,
                            boolean calibrated) {}
}
