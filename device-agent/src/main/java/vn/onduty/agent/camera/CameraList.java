package vn.onduty.agent.camera;

import java.util.List;

/** The answer of {@code GET /api/agent/cameras}: this agent's cameras and the version that names them. */
public record CameraList(String version, List<CameraSpec> cameras) {

    public CameraList {
        cameras = List.copyOf(cameras);
    }
}
