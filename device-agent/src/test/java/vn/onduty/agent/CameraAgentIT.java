package vn.onduty.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.camera.CameraList;
import vn.onduty.agent.sim.CounterVideo;

/**
 * The whole agent with a camera from the server's list: a generated video file as the camera, the
 * protocol's events, heartbeat, snapshot and calibration commands, a camera taken away, and a restart
 * while the server is down that watches the cameras of the list kept on disk.
 */
class CameraAgentIT {

    @TempDir
    static Path videos;
    private static Path emptySeat;

    @TempDir
    Path dir;
    private FakeAgentServer server;
    private AgentConfig config;
    private AgentMain.Running agent;

    @BeforeAll
    static void writeVideo() throws Exception {
        emptySeat = videos.resolve("empty-seat.mp4");
        CounterVideo.write(emptySeat, new CounterVideo.Scene(320, 180, 5, 1, Duration.ofSeconds(20), List.of(
                new CounterVideo.Seat(0.1, 0.3, 0.4, 0.8, List.<double[]>of(new double[] {0, 20}))), -1, 1, 200_000));
    }

    @BeforeEach
    void start() throws Exception {
        server = FakeAgentServer.start();
        server.cameras(cameraList("v1", true));
        config = new AgentConfig(new AgentConfig.ServerConfig(server.url(), FakeAgentServer.TOKEN),
                new AgentConfig.OutboxConfig(dir.resolve("outbox.db"), 500), 0, 1, 1, List.of(),
                new AgentConfig.CameraConfig(5, dir.resolve("cameras"), false, 60, 15, 90, 120));
        agent = AgentMain.start(config, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        agent.close();
        server.close();
    }

    /** The cameras' part of the agent's own /health, as its admin port serves it. */
    private JsonNode localCameraHealth() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.adminPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body()).path("cameras");
    }

    private static String cameraList(String version, boolean enabled) {
        return """
                {"version": "%s", "cameras": [
                  {"id": 3, "name": "Sảnh A", "url": "%s", "username": "viewer", "password": "secret",
                   "timeoutSeconds": 5, "enabled": %s,
                   "zones": [{"id": 11, "counterId": 7, "counterName": "Quầy 1",
                              "polygon": [[0.1,0.3],[0.4,0.3],[0.4,0.8],[0.1,0.8]], "calibrated": false}]}]}
                """.formatted(version, emptySeat.toUri(), enabled);
    }

    private static void eventually(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<JsonNode> occupancy() {
        return server.storedEvents("camera-3").stream().filter(e -> e.path("type").asText().equals("occupancy")).toList();
    }

    @Test
    void startsEveryZoneUnknownThenSaysWhyAndReportsTheCameraInTheHeartbeat() throws Exception {
        eventually(Duration.ofSeconds(20), () -> occupancy().size() >= 2, "two occupancy events");

        JsonNode start = occupancy().get(0);
        assertThat(start.path("seq").asLong()).isEqualTo(1);
        assertThat(start.path("cameraId").asLong()).isEqualTo(3);
        assertThat(start.path("zoneId").asLong()).isEqualTo(11);
        assertThat(start.path("counterId").asLong()).isEqualTo(7);
        assertThat(start.path("state").asText()).isEqualTo("unknown");
        assertThat(start.path("reason").asText()).isEqualTo("agent_start");
        assertThat(occupancy().get(1).path("reason").asText()).isEqualTo("not_calibrated");

        eventually(Duration.ofSeconds(20), () -> server.heartbeats().stream()
                .anyMatch(h -> h.path("cameras").path(0).path("connected").asBoolean()), "a heartbeat with the camera connected");
        JsonNode camera = server.heartbeats().stream()
                .filter(h -> h.path("cameras").path(0).path("connected").asBoolean()).findFirst().orElseThrow()
                .path("cameras").get(0);
        assertThat(camera.path("id").asLong()).isEqualTo(3);
        assertThat(camera.path("zones").get(0).path("id").asLong()).isEqualTo(11);
        assertThat(camera.path("zones").get(0).path("state").asText()).isEqualTo("unknown");
        assertThat(camera.toString()).doesNotContain("secret");

        eventually(Duration.ofSeconds(20), () -> server.cameraNotModified() >= 1, "an unchanged list answered 304");
    }

    @Test
    void theZonesAreUnknownFromTheAgentsStartBeforeItsFirstHeartbeat() throws Exception {
        eventually(Duration.ofSeconds(20), () -> !occupancy().isEmpty() && !server.heartbeats().isEmpty(),
                "agent_start and a heartbeat");

        // The server's crash rule ends the state a killed agent left open at its last heartbeat before
        // agent_start: were the new run's first heartbeat earlier, it would be taken for the old run's
        // last, and the time the agent was down would count as the old state.
        Instant agentStart = Instant.parse(occupancy().get(0).path("at").asText());
        Instant firstHeartbeat = Instant.parse(server.heartbeats().get(0).path("at").asText());
        assertThat(occupancy().get(0).path("reason").asText()).isEqualTo("agent_start");
        assertThat(agentStart).as("agent_start against the first heartbeat").isBefore(firstHeartbeat);
    }

    @Test
    void uploadsASnapshotAsJpeg() throws Exception {
        eventually(Duration.ofSeconds(20), () -> agent.cameras().runningCount() == 1, "camera running");
        server.commands(List.of(Map.of("id", 9, "type", "camera_snapshot", "cameraId", 3)));

        eventually(Duration.ofSeconds(20), () -> server.snapshots().containsKey("3?commandId=9"), "snapshot uploaded");
        byte[] jpeg = server.snapshots().get("3?commandId=9");
        assertThat(jpeg.length).isBetween(1_000, 2 * 1024 * 1024);
        assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
        assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
    }

    @Test
    void aSnapshotOfAnUnknownCameraIsReportedFailed() throws Exception {
        eventually(Duration.ofSeconds(20), () -> agent.cameras().runningCount() == 1, "camera running");
        server.commands(List.of(Map.of("id", 12, "type", "camera_snapshot", "cameraId", 99)));

        eventually(Duration.ofSeconds(20), () -> server.progress().stream().anyMatch(p -> p.startsWith("12:failed:")),
                "failed step");
        assertThat(server.snapshots()).isEmpty();
    }

    @Test
    void calibratesAZoneOnCommandAndThenJudgesIt() throws Exception {
        eventually(Duration.ofSeconds(20), () -> agent.cameras().runningCount() == 1, "camera running");
        server.commands(List.of(Map.of("id", 10, "type", "calibrate_zone", "cameraId", 3, "zoneId", 11, "seconds", 5)));

        eventually(Duration.ofSeconds(30), () -> server.storedEvents("camera-3").stream()
                .anyMatch(e -> e.path("type").asText().equals("zone_calibrated")), "zone_calibrated");
        JsonNode calibrated = server.storedEvents("camera-3").stream()
                .filter(e -> e.path("type").asText().equals("zone_calibrated")).findFirst().orElseThrow();
        assertThat(calibrated.path("ok").asBoolean()).as(calibrated.toString()).isTrue();
        assertThat(calibrated.path("commandId").asLong()).isEqualTo(10);
        assertThat(calibrated.path("samples").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(calibrated.path("threshold").asDouble()).isGreaterThan(calibrated.path("mean").asDouble());
        eventually(Duration.ofSeconds(10), () -> server.progress().stream().anyMatch(p -> p.startsWith("10:sampling:0/5 s")),
                "the sampling step");
        assertThat(server.progress()).anyMatch(p -> p.startsWith("10:started:"));
        assertThat(dir.resolve("cameras").resolve("camera-3-zone-11.pgm")).exists();
    }

    @Test
    void calibratesAZoneFromTheSnapshotTheCommandNames() throws Exception {
        eventually(Duration.ofSeconds(20), () -> agent.cameras().runningCount() == 1, "camera running");
        server.snapshotImage(41, vn.onduty.agent.camera.FrameSources.snapshotJpeg(new vn.onduty.agent.camera.CameraSpec(
                3, "snapshot", emptySeat.toString(), null, null, 5, true, List.of())));
        server.commands(List.of(Map.of("id", 14, "type", "calibrate_zone", "cameraId", 3, "zoneId", 11, "snapshotId", 41)));

        eventually(Duration.ofSeconds(30), () -> server.storedEvents("camera-3").stream()
                .anyMatch(e -> e.path("type").asText().equals("zone_calibrated")), "zone_calibrated");
        JsonNode calibrated = server.storedEvents("camera-3").stream()
                .filter(e -> e.path("type").asText().equals("zone_calibrated")).findFirst().orElseThrow();
        assertThat(calibrated.path("ok").asBoolean()).as(calibrated.toString()).isTrue();
        assertThat(calibrated.path("commandId").asLong()).isEqualTo(14);
        assertThat(calibrated.path("snapshotId").asLong()).isEqualTo(41);
        assertThat(calibrated.path("samples").asInt()).isEqualTo(1);
        assertThat(calibrated.path("threshold").asDouble()).isEqualTo(0.15);
        assertThat(server.snapshotFetches()).containsExactly("3/41?commandId=14");
        assertThat(dir.resolve("cameras").resolve("camera-3-zone-11.properties")).content().contains("snapshotId=41");
    }

    @Test
    void aServerThatNamesTheListsVersionInHeartbeatAnswersIsAskedForTheListOnlyWhenItChanged() throws Exception {
        // An agent whose periodic check would come every 2 s, on a server that names the version every second.
        agent.close();
        server.announceCameras(true);
        agent = AgentMain.start(new AgentConfig(config.server(), config.outbox(), 0, 1, 1, List.of(),
                new AgentConfig.CameraConfig(2, dir.resolve("cameras"), false, 60, 15, 90, 120)), Clock.systemUTC());
        eventually(Duration.ofSeconds(20), () -> agent.cameras().runningCount() == 1, "camera running");
        int started = server.heartbeats().size();
        eventually(Duration.ofSeconds(10), () -> server.heartbeats().size() >= started + 2, "two heartbeats");
        // Whatever the start asked (the check at start, unless a heartbeat answer came first) is over by now.
        int asked = server.cameraPolls();
        int heartbeats = server.heartbeats().size();
        eventually(Duration.ofSeconds(10), () -> server.heartbeats().size() >= heartbeats + 3, "three more heartbeats");
        assertThat(server.cameraPolls()).as("the named version is the one running: no periodic check, nothing asked")
                .isEqualTo(asked);

        server.cameras(cameraList("v2", false));

        eventually(Duration.ofSeconds(10), () -> agent.cameras().runningCount() == 0,
                "the new list fetched after a heartbeat answer named it");
        assertThat(server.cameraPolls()).isEqualTo(asked + 1);
    }

    @Test
    void aCameraTakenAwayClosesItsZonesAsUnknown() throws Exception {
        eventually(Duration.ofSeconds(20), () -> occupancy().size() >= 2, "zone started");
        server.cameras(cameraList("v2", false));

        eventually(Duration.ofSeconds(30), () -> occupancy().stream()
                .anyMatch(e -> e.path("reason").asText().equals("camera_removed")), "camera_removed");
        assertThat(agent.cameras().runningCount()).isZero();
        assertThat(occupancy()).extracting(e -> e.path("at").asText()).isSorted();
    }

    @Test
    void restartedWhileTheServerIsDownItWatchesTheCamerasOfTheListKeptOnDisk() throws Exception {
        eventually(Duration.ofSeconds(20), () -> agent.cameras().runningCount() == 1, "camera running from the server's list");
        Path kept = dir.resolve("cameras").resolve("camera-list.json");
        assertThat(kept).exists();
        assertThat(Files.getPosixFilePermissions(kept)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        agent.close();
        int pollsBefore = server.cameraPolls();
        int notModifiedBefore = server.cameraNotModified();
        server.takeDown(FakeAgentServer.Down.DROP_CONNECTION);

        agent = AgentMain.start(config, Clock.systemUTC());

        assertThat(agent.cameras().runningCount()).as("started from the kept list, before the server answered").isEqualTo(1);
        assertThat(agent.cameras().version()).isEqualTo("v1");
        eventually(Duration.ofSeconds(20), () -> agent.cameras().statuses().get(0).get("state").equals("streaming")
                && ((Long) agent.cameras().statuses().get(0).get("framesAnalysed")) > 0, "the kept camera streaming");
        JsonNode local = localCameraHealth();
        assertThat(local.get(0).path("id").asLong()).isEqualTo(3);
        assertThat(local.get(0).path("state").asText()).isEqualTo("streaming");
        assertThat(local.toString()).doesNotContain("secret");
        assertThat(agent.outbox().pending(100)).as("this run's agent_start waits in the outbox")
                .anyMatch(e -> e.stream().equals("camera-3") && "agent_start".equals(e.fields().get("reason")));

        server.bringUp();
        eventually(Duration.ofSeconds(20), () -> server.cameraPolls() > pollsBefore, "a poll once the server is back");
        eventually(Duration.ofSeconds(20), () -> server.cameraNotModified() > notModifiedBefore,
                "the kept version answered 304");
        assertThat(agent.cameras().runningCount()).isEqualTo(1);

        server.cameras(cameraList("v2", false));
        eventually(Duration.ofSeconds(30), () -> agent.cameras().runningCount() == 0, "the new list applied");
        assertThat(keptVersion(kept)).as("the new list kept in place of the old").isEqualTo("v2");
    }

    private static String keptVersion(Path kept) throws Exception {
        return CameraList.parse(new ObjectMapper().readTree(kept.toFile()).path("answer")).version();
    }

    /**
     * FFmpeg's "Could not open input" repeats the URL with the user and password the agent put in it. The agent's
     * heartbeat, its /health, the snapshot command's failed step and its own log lines carry the URL without them.
     */
    @Test
    void aCameraThatCannotBeOpenedIsReportedWithoutItsPassword() throws Exception {
        String planted = "Pl4nted-mat-khau-9931";
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "rtsp://127.0.0.1:" + closed + "/Streaming/Channels/102";
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            server.cameras("""
                    {"version": "pw", "cameras": [
                      {"id": 4, "name": "Sảnh B", "url": "%s", "username": "viewer", "password": "%s",
                       "timeoutSeconds": 1, "enabled": true, "zones": []}]}
                    """.formatted(url, planted));
            eventually(Duration.ofSeconds(30), () -> server.heartbeats().stream()
                    .anyMatch(h -> h.path("cameras").path(0).path("lastError").isTextual()), "a heartbeat with the error");
            server.commands(List.of(Map.of("id", 13, "type", "camera_snapshot", "cameraId", 4)));
            eventually(Duration.ofSeconds(30), () -> server.progress().stream().anyMatch(p -> p.startsWith("13:failed:")),
                    "the snapshot's failed step");
            JsonNode local = localCameraHealth();

            String error = server.heartbeats().stream().map(h -> h.path("cameras").path(0).path("lastError"))
                    .filter(JsonNode::isTextual).findFirst().orElseThrow().asText();
            assertThat(error).as("the error still says which stream").contains(url);
            assertThat(server.progress()).filteredOn(p -> p.startsWith("13:failed:")).singleElement().asString()
                    .contains("127.0.0.1:" + closed);
            assertThat(server.heartbeats().toString()).doesNotContain(planted);
            assertThat(server.progress().toString()).doesNotContain(planted);
            assertThat(local.toString()).doesNotContain(planted);
            assertThat(logs.list).as("log lines were captured").isNotEmpty();
            assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(
                    e.getThrowableProxy()))).doesNotContain(planted));
        } finally {
            root.detachAppender(logs);
        }
    }

    /**
     * Issue 14, point 1: the server refuses the zone events of a camera another agent watches. The agent logs each
     * with the server's reason and parks it in its outbox's rejected table, so its other events keep flowing.
     */
    @Test
    void zoneEventsOfACameraAnotherAgentWatchesAreLoggedAndParkedWithTheServersReason() throws Exception {
        server.watchedByAnotherAgent(3);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            eventually(Duration.ofSeconds(30), () -> agent.outbox().rejectedCount() >= 2, "two refused events parked");
        } finally {
            root.detachAppender(logs);
        }

        var parked = agent.outbox().rejected(10);
        assertThat(parked).allSatisfy(r -> {
            assertThat(r.event().stream()).isEqualTo("camera-3");
            assertThat(r.reason()).contains("camera 3 is watched by agent Máy trạm 2 #7");
        });
        assertThat(parked).extracting(r -> r.event().fields().get("reason")).contains("agent_start");
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("refused")
                .contains("camera 3 is watched by agent Máy trạm 2 #7"));
        assertThat(server.storedEvents("camera-3")).isEmpty();
        assertThat(agent.outbox().pendingCount()).as("nothing stuck behind them").isZero();
    }
}
