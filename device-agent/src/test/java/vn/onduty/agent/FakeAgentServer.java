package vn.onduty.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * The server side of docs/agent-protocol.md, small enough to read in one sitting: stores events
 * idempotently by (stream, seq), refuses a batch whole with 422 and indexed details, answers 413 above
 * its limits, checks the bearer token. Knobs let a test take it down or make it misbehave.
 */
public final class FakeAgentServer implements AutoCloseable {

    public static final String TOKEN = "agt_test-token";
    private static final Pattern STREAM = Pattern.compile("[a-z0-9._-]{1,64}");
    private static final Set<String> TYPES = Set.of("punch", "unrecognised_touch", "enrollment_result", "slot_deleted",
            "occupancy", "zone_attention", "zone_calibrated");
    private static final Set<String> CAMERA_TYPES = Set.of("occupancy", "zone_attention", "zone_calibrated");
    private static final int MAX_BYTES = 1 << 20;

    /** How the server behaves while a test has taken it down. */
    public enum Down {
        /** Answers every request with 503. */
        UNAVAILABLE,
        /** Closes the connection without answering, as a dropped network would. */
        DROP_CONNECTION,
        /** Stores the batch, then answers 500: the agent never learns it was stored. */
        STORE_THEN_FAIL
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer http;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private String acceptedToken = TOKEN;
    private Down down;
    private int maxEvents = 1000;
    private boolean namePoisonIndex = true;
    private Duration clockOffset = Duration.ZERO;
    /** Cameras another agent watches: their occupancy and zone_attention events are refused as the server does. */
    private final Set<Long> watchedByAnother = new java.util.HashSet<>();
    /** stream → seq → event as stored. */
    private final Map<String, TreeMap<Long, JsonNode>> stored = new TreeMap<>();
    private final Map<String, Integer> timesStored = new LinkedHashMap<>();
    private final List<Integer> eventRequestSizes = new ArrayList<>();
    private final List<Integer> eventStatuses = new ArrayList<>();
    private final List<JsonNode> heartbeats = new ArrayList<>();
    private final List<Map<String, Object>> commands = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();
    private int commandPolls;
    private String lastCommandQuery;
    private volatile Duration holdCommandPolls;
    private JsonNode cameraList;
    private int cameraPolls;
    private boolean announceCameras;
    private int cameraNotModified;
    private final Map<String, byte[]> snapshots = new LinkedHashMap<>();
    /** Snapshots the agent may fetch for a calibration, by id; and the fetches, as "cameraId/snapshotId?query". */
    private final Map<Long, byte[]> snapshotImages = new LinkedHashMap<>();
    private final List<String> snapshotFetches = new ArrayList<>();

    private FakeAgentServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/api/agent/", this::handle);
        http.setExecutor(executor);
        http.start();
    }

    public static FakeAgentServer start() throws IOException {
        return new FakeAgentServer();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    // Knobs -------------------------------------------------------------------------------------------

    public synchronized void takeDown(Down how) {
        down = how;
    }

    public synchronized void bringUp() {
        down = null;
    }

    public synchronized void acceptToken(String token) {
        acceptedToken = token;
    }

    public synchronized void maxEvents(int max) {
        maxEvents = max;
    }

    /** Whether 422 details name the event ({@code events[3].slot: ...}) or only say something is wrong. */
    public synchronized void namePoisonIndex(boolean name) {
        namePoisonIndex = name;
    }

    /** From now on, the camera is another agent's: its occupancy and zone events are refused with the server's reason. */
    public synchronized void watchedByAnotherAgent(long cameraId) {
        watchedByAnother.add(cameraId);
    }

    public synchronized void clockOffset(Duration offset) {
        clockOffset = offset;
    }

    private synchronized boolean noCommands() {
        return commands.isEmpty();
    }

    public synchronized void commands(List<Map<String, Object>> list) {
        commands.clear();
        commands.addAll(list);
    }

    /** Whether heartbeat answers name the camera list's version ({@code camerasVersion}), as the server does. */
    public synchronized void announceCameras(boolean announce) {
        announceCameras = announce;
    }

    /** The answer of GET /api/agent/cameras; its "version" is the entity tag. */
    public synchronized void cameras(String list) throws IOException {
        cameraList = json.readTree(list);
    }

    // What the server saw ----------------------------------------------------------------------------

    /** Snapshots uploaded, by "cameraId?commandId". */
    /** A snapshot the agent may fetch, as a calibrate_zone command with that snapshotId makes it. */
    public synchronized void snapshotImage(long id, byte[] jpeg) {
        snapshotImages.put(id, jpeg);
    }

    public synchronized List<String> snapshotFetches() {
        return List.copyOf(snapshotFetches);
    }

    public synchronized Map<String, byte[]> snapshots() {
        return new LinkedHashMap<>(snapshots);
    }

    public synchronized int cameraPolls() {
        return cameraPolls;
    }

    public synchronized int cameraNotModified() {
        return cameraNotModified;
    }

    /** Every stored event of a stream, in seq order. */
    public synchronized List<JsonNode> storedEvents(String stream) {
        return new ArrayList<>(stored.getOrDefault(stream, new TreeMap<>()).values());
    }

    /** Seqs stored per stream. */
    public synchronized Map<String, List<Long>> storedSeqs() {
        Map<String, List<Long>> seqs = new TreeMap<>();
        stored.forEach((stream, events) -> seqs.put(stream, new ArrayList<>(events.keySet())));
        return seqs;
    }

    public synchronized JsonNode storedEvent(String stream, long seq) {
        return stored.getOrDefault(stream, new TreeMap<>()).get(seq);
    }

    public synchronized int storedCount() {
        return stored.values().stream().mapToInt(Map::size).sum();
    }

    /** How many accepted batches carried this event: 1 unless the agent re-sent it. */
    public synchronized int timesStored(String stream, long seq) {
        return timesStored.getOrDefault(stream + "#" + seq, 0);
    }

    public synchronized List<Integer> eventRequestSizes() {
        return new ArrayList<>(eventRequestSizes);
    }

    public synchronized List<Integer> eventStatuses() {
        return new ArrayList<>(eventStatuses);
    }

    public synchronized List<JsonNode> heartbeats() {
        return new ArrayList<>(heartbeats);
    }

    public synchronized List<String> progress() {
        return new ArrayList<>(progress);
    }

    /** Long polling as the real server does it, roughly: a poll that asks to wait and finds nothing is held this long. */
    public void holdCommandPolls(Duration hold) {
        holdCommandPolls = hold;
    }

    /** The query string of the last command poll (null when it had none). */
    public synchronized String lastCommandQuery() {
        return lastCommandQuery;
    }

    public synchronized int commandPolls() {
        return commandPolls;
    }

    // The protocol -----------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Duration hold = holdCommandPolls;
            String query = exchange.getRequestURI().getQuery();
            if (hold != null && path.equals("/api/agent/commands") && query != null && query.startsWith("wait=")
                    && noCommands()) {
                try {
                    Thread.sleep(hold.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            synchronized (this) {
                if (down == Down.DROP_CONNECTION) {
                    return;
                }
                if (down == Down.UNAVAILABLE) {
                    reply(exchange, 503, error(503, "down for maintenance", List.of()));
                    return;
                }
                if (!("Bearer " + acceptedToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    record(path, 401);
                    reply(exchange, 401, error(401, "Unknown or revoked agent token", List.of()));
                    return;
                }
                if (method.equals("POST") && path.equals("/api/agent/events")) {
                    events(exchange, body);
                } else if (method.equals("POST") && path.equals("/api/agent/heartbeat")) {
                    heartbeats.add(json.readTree(body));
                    ObjectNode answer = json.createObjectNode().put("serverTime", now().toString());
                    if (announceCameras && cameraList != null) {
                        answer.put("camerasVersion", cameraList.path("version").asText());
                    }
                    reply(exchange, 200, answer);
                } else if (method.equals("GET") && path.equals("/api/agent/commands")) {
                    commandPolls++;
                    lastCommandQuery = exchange.getRequestURI().getQuery();
                    reply(exchange, 200, json.valueToTree(Map.of("commands", commands)));
                } else if (method.equals("POST") && path.matches("/api/agent/commands/\\d+/progress")) {
                    JsonNode step = json.readTree(body);
                    progress.add(path.split("/")[4] + ":" + step.path("step").asText() + ":" + step.path("message").asText());
                    reply(exchange, 204, null);
                } else if (method.equals("GET") && path.equals("/api/agent/cameras") && cameraList != null) {
                    cameraPolls++;
                    String tag = "\"" + cameraList.path("version").asText() + "\"";
                    if (tag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        cameraNotModified++;
                        reply(exchange, 304, null);
                    } else {
                        exchange.getResponseHeaders().set("ETag", tag);
                        reply(exchange, 200, cameraList);
                    }
                } else if (method.equals("PUT") && path.matches("/api/agent/cameras/\\d+/snapshot")) {
                    snapshots.put(path.split("/")[4] + "?" + exchange.getRequestURI().getQuery(), body);
                    reply(exchange, 204, null);
                } else if (method.equals("GET") && path.matches("/api/agent/cameras/\\d+/snapshots/\\d+")) {
                    String[] parts = path.split("/");
                    snapshotFetches.add(parts[4] + "/" + parts[6] + "?" + exchange.getRequestURI().getQuery());
                    byte[] jpeg = snapshotImages.get(Long.parseLong(parts[6]));
                    if (jpeg == null) {
                        reply(exchange, 404, error(404, "No snapshot " + parts[6], List.of()));
                    } else {
                        exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                        exchange.sendResponseHeaders(200, jpeg.length);
                        try (var out = exchange.getResponseBody()) {
                            out.write(jpeg);
                        }
                    }
                } else if (method.equals("GET") && path.equals("/api/agent/me")) {
                    reply(exchange, 200, json.createObjectNode().put("agentId", 1).put("name", "Trung tâm test")
                            .put("siteId", 1).put("serverTime", now().toString()));
                } else {
                    reply(exchange, 404, error(404, "no such endpoint " + method + " " + path, List.of()));
                }
            }
        }
    }

    private void events(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode events = json.readTree(body).path("events");
        eventRequestSizes.add(events.size());
        if (events.size() > maxEvents || body.length > MAX_BYTES) {
            record("/api/agent/events", 413);
            reply(exchange, 413, error(413, "at most " + maxEvents + " events and 1 MiB per request", List.of()));
            return;
        }
        List<String> details = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            validate(events.get(i), "events[" + i + "]", details);
        }
        if (!details.isEmpty()) {
            record("/api/agent/events", 422);
            reply(exchange, 422, error(422, "Invalid events", namePoisonIndex ? details : List.of("an event is invalid")));
            return;
        }
        Map<String, Long> acknowledged = new TreeMap<>();
        for (JsonNode event : events) {
            String stream = event.get("stream").asText();
            long seq = event.get("seq").asLong();
            // Idempotent: an event already stored changes nothing.
            stored.computeIfAbsent(stream, s -> new TreeMap<>()).putIfAbsent(seq, event);
            timesStored.merge(stream + "#" + seq, 1, Integer::sum);
            acknowledged.merge(stream, seq, Math::max);
        }
        if (down == Down.STORE_THEN_FAIL) {
            record("/api/agent/events", 500);
            reply(exchange, 500, error(500, "stored, but the answer got lost", List.of()));
            return;
        }
        record("/api/agent/events", 200);
        reply(exchange, 200, json.valueToTree(Map.of("acknowledged", acknowledged)));
    }

    private void validate(JsonNode event, String at, List<String> details) {
        if (!STREAM.matcher(event.path("stream").asText()).matches()) {
            details.add(at + ".stream: must be 1-64 characters [a-z0-9._-]");
        }
        if (!event.path("seq").canConvertToLong() || event.path("seq").asLong() < 1) {
            details.add(at + ".seq: must be 1 or more");
        }
        String type = event.path("type").asText();
        if (!TYPES.contains(type)) {
            details.add(at + ".type: unknown type " + type);
        }
        try {
            Instant.parse(event.path("at").asText());
        } catch (DateTimeParseException e) {
            details.add(at + ".at: must be an ISO-8601 instant");
        }
        if (CAMERA_TYPES.contains(type)) {
            if (!event.path("cameraId").isIntegralNumber() || !event.path("zoneId").isIntegralNumber()) {
                details.add(at + ": cameraId and zoneId are required");
            }
            if (type.equals("occupancy") && event.path("state").asText().equals("unknown") && !event.path("reason").isTextual()) {
                details.add(at + ".reason: required for unknown");
            }
            long camera = event.path("cameraId").asLong();
            if (!type.equals("zone_calibrated") && watchedByAnother.contains(camera)) {
                details.add(at + ".cameraId: camera " + camera + " is watched by agent Máy trạm 2 #7 at "
                        + event.path("at").asText() + ", not by this agent (Máy trạm 1 #1)");
            }
            return;
        }
        if (event.path("sensor").asText().isBlank()) {
            details.add(at + ".sensor: must not be blank");
        }
        boolean needsSlot = type.equals("punch") || type.equals("slot_deleted")
                || (type.equals("enrollment_result") && event.path("ok").asBoolean());
        if (needsSlot && (!event.path("slot").isIntegralNumber() || event.path("slot").asLong() < 0)) {
            details.add(at + ".slot: must be 0 or more");
        }
        if (type.equals("punch") && (!event.path("score").isIntegralNumber() || event.path("score").asLong() < 0)) {
            details.add(at + ".score: must be 0 or more");
        }
        if ((type.equals("enrollment_result") || type.equals("slot_deleted"))
                && (!event.path("commandId").isIntegralNumber() || !event.path("ok").isBoolean())) {
            details.add(at + ": commandId and ok are required");
        }
    }

    private void record(String path, int status) {
        if (path.equals("/api/agent/events")) {
            eventStatuses.add(status);
        }
    }

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }

    private ObjectNode error(int code, String message, List<String> details) {
        ObjectNode error = json.createObjectNode().put("code", code).put("message", message);
        details.forEach(error.putArray("details")::add);
        return error;
    }

    private void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
