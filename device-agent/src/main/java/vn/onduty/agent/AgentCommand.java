package vn.onduty.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Work an admin asked for on the web, as {@code GET /api/agent/commands} lists it, e.g.
 * {@code {"id": 7, "type": "enroll", "sensor": "cua-chinh", "staffId": 12}}.
 *
 * @param sensor the sensor's name from agent.yml; null when the command names none
 * @param fields the command's other fields ({@code staffId}, {@code slot}, ...)
 */
public record AgentCommand(long id, String type, String sensor, Map<String, Object> fields) {

    public static final String ENROLL = "enroll";
    public static final String DELETE_SLOT = "delete_slot";
    public static final String CAMERA_SNAPSHOT = "camera_snapshot";
    public static final String CALIBRATE_ZONE = "calibrate_zone";

    public AgentCommand {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A whole-number field such as {@code staffId} or {@code slot}; empty when absent or not a whole number. */
    public OptionalLong number(String field) {
        Object value = fields.get(field);
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return OptionalLong.of(((Number) value).longValue());
        }
        return OptionalLong.empty();
    }

    public Optional<String> text(String field) {
        return fields.get(field) instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
