package vn.onduty.server.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cameras, zones and the camera part of the agent protocol, as an admin and an agent send them:
 * {@code aCamera(site).with("password", "…").createdBy(admin)}, {@code occupancy(...)} events,
 * heartbeats with cameras.
 */
public final class Cameras {

    /** Seat i of the demo video: x 0.05+0.25i..0.20+0.25i, y 0.30..0.80. */
    public static List<List<Double>> seat(int i) {
        double x0 = Math.round((0.05 + 0.25 * i) * 100) / 100.0;
        double x1 = Math.round((0.20 + 0.25 * i) * 100) / 100.0;
        return List.of(List.of(x0, 0.30), List.of(x1, 0.30), List.of(x1, 0.80), List.of(x0, 0.80));
    }

    private Cameras() {}

    public static Map<String, Object> aCamera(long siteId) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("siteId", siteId);
        c.put("name", "Camera sảnh " + Org.unique());
        c.put("url", "rtsp://10.0.0.5:554/Streaming/Channels/102");
        c.put("timeoutSeconds", 5);
        c.put("enabled", true);
        return c;
    }

    /** POST /api/cameras, insisting on 201; the camera's id. */
    public static long create(Api admin, Map<String, Object> camera) {
        Reply r = admin.post("/api/cameras", camera);
        if (r.status() != 201) {
            throw new AssertionError("Creating camera " + camera.get("name") + " answered " + r);
        }
        return r.id();
    }

    /** POST /api/cameras/{id}/zones, insisting on 201; the zone's id. */
    public static long zone(Api admin, long cameraId, long counterId, List<List<Double>> polygon) {
        Reply r = admin.post("/api/cameras/" + cameraId + "/zones", Map.of("counterId", counterId, "polygon", polygon));
        if (r.status() != 201) {
            throw new AssertionError("Adding a zone for counter " + counterId + " answered " + r);
        }
        return r.id();
    }

    public static String stream(long cameraId) {
        return "camera-" + cameraId;
    }

    public static Map<String, Object> occupancy(long cameraId, long seq, Instant at, long zoneId, long counterId,
                                                String state, String reason) {
        Map<String, Object> e = event(cameraId, seq, "occupancy", at, zoneId);
        e.put("counterId", counterId);
        e.put("state", state);
        e.put("score", state.equals("occupied") ? 0.084 : 0.01);
        e.put("reason", reason);
        return e;
    }

    public static Map<String, Object> calibrated(long cameraId, long seq, Instant at, long zoneId, long commandId) {
        Map<String, Object> e = event(cameraId, seq, "zone_calibrated", at, zoneId);
        e.put("commandId", commandId);
        e.put("ok", true);
        e.put("samples", 58);
        e.put("mean", 0.012);
        e.put("sd", 0.004);
        e.put("threshold", 0.032);
        return e;
    }

    public static Map<String, Object> attention(long cameraId, long seq, Instant at, long zoneId, long counterId) {
        Map<String, Object> e = event(cameraId, seq, "zone_attention", at, zoneId);
        e.put("counterId", counterId);
        e.put("reason", "recalibrate");
        return e;
    }

    /** A heartbeat reporting these cameras connected, with no sensors. */
    public static Map<String, Object> heartbeat(Instant at, long... cameraIds) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("at", at.toString());
        h.put("agentVersion", "0.1.0");
        h.put("outboxPending", 0);
        List<Map<String, Object>> cameras = new ArrayList<>();
        for (long id : cameraIds) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", id);
            c.put("connected", true);
            c.put("lastFrameAt", at.toString());
            c.put("keyframesPerMinute", 30);
            c.put("reconnects", 2);
            c.put("lastError", null);
            c.put("zones", List.of());
            cameras.add(c);
        }
        h.put("cameras", cameras);
        return h;
    }

    /** One camera of a heartbeat as agent 0.1.0 and later report it; null fields are left out. */
    public static Map<String, Object> report(long id, String state, boolean connected, Instant lastFrameAt,
                                             Long framesAnalysed, String lastError) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        if (state != null) {
            c.put("state", state);
        }
        c.put("connected", connected);
        c.put("lastFrameAt", lastFrameAt == null ? null : lastFrameAt.toString());
        if (framesAnalysed != null) {
            c.put("framesAnalysed", framesAnalysed);
        }
        c.put("keyframesPerMinute", connected ? 30 : 0);
        c.put("reconnects", 0);
        c.put("lastError", lastError);
        c.put("zones", List.of());
        return c;
    }

    /** A heartbeat with these camera reports, with no sensors. */
    @SafeVarargs
    public static Map<String, Object> heartbeatWith(Instant at, Map<String, Object>... reports) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("at", at.toString());
        h.put("agentVersion", "0.1.0");
        h.put("outboxPending", 0);
        h.put("cameras", List.of(reports));
        return h;
    }

    private static Map<String, Object> event(long cameraId, long seq, String type, Instant at, long zoneId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("stream", stream(cameraId));
        e.put("seq", seq);
        e.put("type", type);
        e.put("at", at.toString());
        e.put("cameraId", cameraId);
        e.put("zoneId", zoneId);
        return e;
    }
}
