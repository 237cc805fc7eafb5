package vn.onduty.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a batch from a device agent against docs/agent-protocol.md, record by record, naming each
 * problem by index ({@code events[3].slot: must be 0 or more}). One bad record refuses the batch.
 */
final class EventBatchValidator {

    static final Set<String> FINGERPRINT_TYPES = Set.of("punch", "unrecognised_touch", "enrollment_result", "slot_deleted");
    static final Set<String> CAMERA_TYPES = Set.of("occupancy", "zone_attention", "zone_calibrated");
    static final Set<String> TYPES = Set.of("punch", "unrecognised_touch", "enrollment_result", "slot_deleted",
            "occupancy", "zone_attention", "zone_calibrated");
    static final Set<String> STATES = Set.of("occupied", "empty", "unknown");
    static final Set<String> UNKNOWN_REASONS = Set.of("agent_start", "stream_lost", "global_change", "not_calibrated",
            "camera_removed");
    private static final Pattern STREAM = Pattern.compile("[a-z0-9._-]{1,64}");

    private EventBatchValidator() {}

    /** The parsed events, or the list of problems. */
    record Result(List<AgentEvent> events, List<String> problems) {}

    static Result validate(JsonNode body, int maxEvents) {
        List<String> problems = new ArrayList<>();
        JsonNode events = body == null ? null : body.get("events");
        if (events == null || !events.isArray()) {
            return new Result(List.of(), List.of("events: must be an array"));
        }
        List<AgentEvent> out = new ArrayList<>(events.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            String where = "events[" + i + "]";
            if (e == null || !e.isObject()) {
                problems.add(where + ": must be an object");
                continue;
            }
            int before = problems.size();
            String stream = text(e, "stream");
            if (stream == null || !STREAM.matcher(stream).matches()) {
                problems.add(where + ".stream: must be 1-64 characters a-z, 0-9, '.', '_' or '-'");
            }
            Long seq = longValue(e, "seq");
            if (seq == null || seq < 1) {
                problems.add(where + ".seq: must be an integer of 1 or more");
            }
            String type = text(e, "type");
            if (type == null || !TYPES.contains(type)) {
                problems.add(where + ".type: must be one of " + String.join(", ", TYPES.stream().sorted().toList()));
            }
            Instant at = null;
            String atText = text(e, "at");
            try {
                at = atText == null ? null : Instant.parse(atText);
            } catch (DateTimeParseException ex) {
                at = null;
            }
            if (at == null) {
                problems.add(where + ".at: must be an ISO-8601 instant such as 2026-11-26T00:31:05.123Z");
            }
            if (type != null && TYPES.contains(type)) {
                checkFields(e, type, where, problems);
            }
            if (stream != null && seq != null) {
                Integer first = seen.putIfAbsent(stream + "#" + seq, i);
                if (first != null) {
                    problems.add(where + ": repeats stream '" + stream + "' seq " + seq + " of events[" + first + "]");
                }
            }
            if (problems.size() == before) {
                out.add(new AgentEvent(stream, seq, type, at, e));
            }
        }
        if (events.size() > maxEvents) {
            problems.add(0, "events: at most " + maxEvents + " per batch");
        }
        return new Result(out, problems);
    }

    private static void checkFields(JsonNode e, String type, String where, List<String> problems) {
        if (CAMERA_TYPES.contains(type)) {
            checkCameraFields(e, type, where, problems);
            return;
        }
        String sensor = text(e, "sensor");
        if (sensor == null || sensor.isBlank() || sensor.length() > 100) {
            problems.add(where + ".sensor: must be the sensor's name (1-100 characters)");
        }
        switch (type) {
            case "punch" -> {
                nonNegativeInt(e, "slot", where, problems);
                nonNegativeInt(e, "score", where, problems);
            }
            case "enrollment_result" -> {
                positiveLong(e, "commandId", where, problems);
                Boolean ok = bool(e, "ok");
                if (ok == null) {
                    problems.add(where + ".ok: must be true or false");
                } else if (ok) {
                    nonNegativeInt(e, "slot", where, problems);
                }
            }
            case "slot_deleted" -> {
                positiveLong(e, "commandId", where, problems);
                nonNegativeInt(e, "slot", where, problems);
                if (bool(e, "ok") == null) {
                    problems.add(where + ".ok: must be true or false");
                }
            }
            default -> { }
        }
    }

    /** Camera events: on stream camera-<cameraId>, naming the camera, the zone and (mostly) its counter. */
    private static void checkCameraFields(JsonNode e, String type, String where, List<String> problems) {
        positiveLong(e, "cameraId", where, problems);
        positiveLong(e, "zoneId", where, problems);
        Long cameraId = longValue(e, "cameraId");
        String stream = text(e, "stream");
        if (cameraId != null && stream != null && !stream.equals("camera-" + cameraId)) {
            problems.add(where + ".stream: events of camera " + cameraId + " go on stream camera-" + cameraId);
        }
        switch (type) {
            case "occupancy" -> {
                positiveLong(e, "counterId", where, problems);
                String state = text(e, "state");
                if (state == null || !STATES.contains(state)) {
                    problems.add(where + ".state: must be occupied, empty or unknown");
                }
                JsonNode score = e.get("score");
                if (score != null && !score.isNull() && (!score.isNumber() || !Double.isFinite(score.doubleValue()))) {
                    problems.add(where + ".score: must be a number or null");
                }
                JsonNode reasonNode = e.get("reason");
                String reason = text(e, "reason");
                if ("unknown".equals(state)) {
                    if (reason == null || !UNKNOWN_REASONS.contains(reason)) {
                        problems.add(where + ".reason: must say why the state is unknown: one of "
                                + String.join(", ", UNKNOWN_REASONS.stream().sorted().toList()));
                    }
                } else if (state != null && reasonNode != null && !reasonNode.isNull()) {
                    problems.add(where + ".reason: must be null when the state is " + state);
                }
            }
            case "zone_attention" -> {
                positiveLong(e, "counterId", where, problems);
                String reason = text(e, "reason");
                if (reason == null || reason.isBlank() || reason.length() > 100) {
                    problems.add(where + ".reason: must say why (1-100 characters), e.g. recalibrate");
                }
            }
            case "zone_calibrated" -> {
                positiveLong(e, "commandId", where, problems);
                Boolean ok = bool(e, "ok");
                if (ok == null) {
                    problems.add(where + ".ok: must be true or false");
                } else if (ok) {
                    nonNegativeInt(e, "samples", where, problems);
                    for (String field : List.of("mean", "sd", "threshold")) {
                        JsonNode n = e.get(field);
                        if (n == null || !n.isNumber() || !Double.isFinite(n.doubleValue())
                                || (field.equals("sd") && n.doubleValue() < 0)) {
                            problems.add(where + "." + field + ": must be a number" + (field.equals("sd") ? " of 0 or more" : ""));
                        }
                    }
                }
            }
            default -> { }
        }
    }

    private static void nonNegativeInt(JsonNode e, String field, String where, List<String> problems) {
        JsonNode n = e.get(field);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 0) {
            problems.add(where + "." + field + ": must be an integer of 0 or more");
        }
    }

    private static void positiveLong(JsonNode e, String field, String where, List<String> problems) {
        Long v = longValue(e, field);
        if (v == null || v < 1) {
            problems.add(where + "." + field + ": must be an integer of 1 or more");
        }
    }

    static String text(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    static Long longValue(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
    }

    static Boolean bool(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n != null && n.isBoolean() ? n.booleanValue() : null;
    }
}
