package vn.onduty.agent.camera;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The answer of {@code GET /api/agent/cameras}: this agent's cameras and the version that names them. */
public record CameraList(String version, List<CameraSpec> cameras) {

    public CameraList {
        cameras = List.copyOf(cameras);
    }

    /**
     * Reads the answer as the protocol writes it (from the server, or from the agent's copy on disk); a
     * camera or zone that breaks the protocol fails the whole list.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static CameraList parse(JsonNode body) {
        if (!body.path("version").isTextual() || !body.path("cameras").isArray()) {
            throw new IllegalArgumentException("version and cameras are required");
        }
        List<CameraSpec> list = new ArrayList<>();
        for (JsonNode camera : body.path("cameras")) {
            List<ZoneSpec> zones = new ArrayList<>();
            for (JsonNode zone : camera.path("zones")) {
                List<ZoneSpec.Point> polygon = new ArrayList<>();
                for (JsonNode point : zone.path("polygon")) {
                    if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber() || !point.get(1).isNumber()) {
                        throw new IllegalArgumentException("zone " + zone.path("id") + ": a polygon point must be [x, y]");
                    }
                    polygon.add(new ZoneSpec.Point(point.get(0).asDouble(), point.get(1).asDouble()));
                }
                zones.add(new ZoneSpec(required(zone, "id"), required(zone, "counterId"), zone.path("counterName").asText(""),
                        polygon, zone.path("calibrated").asBoolean(false)));
            }
            if (!camera.path("url").isTextual() || camera.path("url").asText().isBlank()) {
                throw new IllegalArgumentException("camera " + camera.path("id") + " has no url");
            }
            list.add(new CameraSpec(required(camera, "id"), camera.path("name").asText(""), camera.path("url").asText(),
                    text(camera.path("username")), text(camera.path("password")), camera.path("timeoutSeconds").asInt(5),
                    camera.path("enabled").asBoolean(true), zones));
        }
        return new CameraList(body.path("version").asText(), list);
    }

    private static long required(JsonNode node, String field) {
        if (!node.path(field).canConvertToLong()) {
            throw new IllegalArgumentException(field + " is required in " + (node.has("id") ? "id " + node.get("id") : "an entry"));
        }
        return node.path(field).asLong();
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
