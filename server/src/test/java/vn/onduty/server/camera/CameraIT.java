package vn.onduty.server.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Cameras.aCamera;
import static vn.onduty.server.testing.Cameras.seat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aSupervisorAccount;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Jpegs;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Cameras and zones from both sides: the admin's API (credentials never come back, polygons are
 * checked, one zone per counter) and the agent's (its site's cameras with a version and 304, snapshot
 * uploads only for a pending command, calibration results).
 */
class CameraIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CameraIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String SECRET = "Mk-camera-7731-bi-mat";
    static final String VIEWER = "nguoi-xem-sanh";
    static final Instant AT = Instant.parse("2026-11-26T01:15:00Z");

    static Api admin;
    static long site;
    static long otherSite;
    static long counter1;
    static long counter2;
    static long otherCounter;
    static DeviceAgent agent;
    static DeviceAgent otherAgent;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        otherSite = aSite().createdBy(admin);
        counter1 = aCounter(site).createdBy(admin);
        counter2 = aCounter(site).createdBy(admin);
        otherCounter = aCounter(otherSite).createdBy(admin);
        agent = DeviceAgent.register(APP, admin, site);
        otherAgent = DeviceAgent.register(APP, admin, otherSite);
    }

    @Test
    void credentialsAreStoredButNeverInAnAnswerTheAuditOrALogLine() {
        // Production logs at INFO; OnDuty's own code is watched down to DEBUG. (Jetty's DEBUG dumps raw
        // request buffers, passwords of every login included, and is never switched on in production.)
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("vn.onduty");
        Level level = root.getLevel();
        Level ourLevel = ours.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.INFO);
        ours.setLevel(Level.DEBUG);
        LoggerFactory.getLogger("vn.onduty.server.camera.CameraIT").debug("capturing log lines");
        List<Reply> answers;
        long id;
        try {
            Map<String, Object> body = aCamera(site);
            body.put("username", VIEWER);
            body.put("password", SECRET);
            Reply created = admin.post("/api/cameras", body);
            id = created.id();
            body.put("password", SECRET + "-moi");
            body.put("name", "Camera sảnh B " + Org.unique());
            Reply updated = admin.put("/api/cameras/" + id, body);
            Reply badUrl = admin.put("/api/cameras/" + id, Map.of("siteId", site, "name", "X",
                    "url", "rtsp://" + VIEWER + ":" + SECRET + "@10.0.0.5/102"));
            answers = List.of(created, updated, badUrl, admin.get("/api/cameras/" + id), admin.get("/api/cameras"),
                    admin.get("/api/cameras?siteId=" + site), admin.get("/api/audit?entityType=camera&entityId=" + id));
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            assertThat(updated.status()).as("%s", updated).isEqualTo(200);
            assertThat(badUrl.status()).as("%s", badUrl).isEqualTo(422);
            assertThat(badUrl.json().get("details").toString()).contains("url");
            JsonNode agentView = agent.api().get("/api/agent/cameras").json();
            assertThat(camera(agentView, id).get("password").asText()).as("the site's agent gets it").isEqualTo(SECRET + "-moi");
            assertThat(camera(agentView, id).get("username").asText()).isEqualTo(VIEWER);
        } finally {
            root.setLevel(level);
            ours.setLevel(ourLevel);
            root.detachAppender(logs);
        }
        for (Reply r : answers) {
            assertThat(r.body()).as("%s", r.request()).doesNotContain(SECRET).doesNotContain(VIEWER);
        }
        assertThat(answers.get(0).json().get("hasPassword").asBoolean()).isTrue();
        assertThat(answers.get(0).json().get("hasUsername").asBoolean()).isTrue();
        assertThat(answers.get(0).json().has("password")).isFalse();
        assertThat(DB.rows("select coalesce(before::text, '') || coalesce(after::text, '') as detail from audit_event"))
                .extracting(r -> (String) r.get("detail"))
                .allSatisfy(detail -> assertThat(detail).doesNotContain(SECRET).doesNotContain(VIEWER));
        assertThat(DB.count("audit_event", "action = 'camera.password_changed' and entity_id = '" + id + "'")).isEqualTo(1);
        assertThat(logs.list).as("log lines were captured at all")
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).isEqualTo("capturing log lines"));
        // The test's own HTTP client logs what it sends (jdk.internal.httpclient); the server's lines are the rest.
        assertThat(logs.list.stream().filter(e -> !e.getLoggerName().startsWith("jdk.")).toList()).allSatisfy(e -> {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(line).doesNotContain(SECRET).doesNotContain(VIEWER);
        });
    }

    @Test
    void aChangeWithoutPasswordKeepsItAndAnEmptyOneRemovesIt() {
        Map<String, Object> body = aCamera(site);
        body.put("username", VIEWER);
        body.put("password", SECRET);
        long id = Cameras.create(admin, body);
        body.remove("password");
        body.remove("username");
        body.put("timeoutSeconds", 9);

        assertThat(admin.put("/api/cameras/" + id, body).status()).isEqualTo(200);
        JsonNode kept = camera(agent.api().get("/api/agent/cameras").json(), id);
        body.put("password", "");
        Reply cleared = admin.put("/api/cameras/" + id, body);

        assertThat(kept.get("password").asText()).isEqualTo(SECRET);
        assertThat(kept.get("timeoutSeconds").asInt()).isEqualTo(9);
        assertThat(cleared.json().get("hasPassword").asBoolean()).isFalse();
        assertThat(cleared.json().get("hasUsername").asBoolean()).isTrue();
        assertThat(camera(agent.api().get("/api/agent/cameras").json(), id).get("password").isNull()).isTrue();
        assertThat(DB.count("audit_event", "action = 'camera.password_changed' and entity_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void badCameraInputIsRefusedNamingTheField() {
        Map<String, Object> ftp = aCamera(site);
        ftp.put("url", "ftp://10.0.0.5/video");
        Map<String, Object> noSite = aCamera(site);
        noSite.remove("siteId");
        Map<String, Object> slow = aCamera(site);
        slow.put("timeoutSeconds", 600);
        long before = DB.count("camera");

        assertThat(details(admin.post("/api/cameras", ftp))).contains("url");
        assertThat(details(admin.post("/api/cameras", noSite))).contains("siteId");
        assertThat(details(admin.post("/api/cameras", slow))).contains("timeoutSeconds");
        assertThat(DB.count("camera")).isEqualTo(before);
    }

    @Test
    void aCameraStaysAtItsSite() {
        long id = Cameras.create(admin, aCamera(site));
        Map<String, Object> moved = aCamera(otherSite);

        Reply r = admin.put("/api/cameras/" + id, moved);

        assertThat(r.status()).isEqualTo(422);
        assertThat(details(r)).contains("siteId");
        assertThat(DB.rows("select site_id from camera where id = ?", id)).containsExactly(Map.of("site_id", site));
    }

    @Test
    void zonesAreCheckedAndOnePerCounterPerCamera() {
        long id = Cameras.create(admin, aCamera(site));
        long zone = Cameras.zone(admin, id, counter1, seat(0));

        Reply tooFew = admin.post("/api/cameras/" + id + "/zones", Map.of("counterId", counter2,
                "polygon", List.of(List.of(0.1, 0.1), List.of(0.2, 0.2))));
        Reply outside = admin.post("/api/cameras/" + id + "/zones", Map.of("counterId", counter2,
                "polygon", List.of(List.of(0.1, 0.1), List.of(1.2, 0.1), List.of(0.5, 0.9))));
        Reply crossing = admin.post("/api/cameras/" + id + "/zones", Map.of("counterId", counter2,
                "polygon", List.of(List.of(0.1, 0.1), List.of(0.5, 0.5), List.of(0.5, 0.1), List.of(0.1, 0.5))));
        Reply flat = admin.post("/api/cameras/" + id + "/zones", Map.of("counterId", counter2,
                "polygon", List.of(List.of(0.1, 0.1), List.of(0.2, 0.2), List.of(0.3, 0.3))));
        Reply second = admin.post("/api/cameras/" + id + "/zones", Map.of("counterId", counter1, "polygon", seat(1)));
        Reply foreign = admin.post("/api/cameras/" + id + "/zones", Map.of("counterId", otherCounter, "polygon", seat(1)));

        assertThat(details(tooFew)).contains("polygon: must have 3 to 32 points");
        assertThat(details(outside)).contains("polygon[1]");
        assertThat(details(crossing)).contains("cross");
        assertThat(details(flat)).contains("no area");
        assertThat(second.status()).as("%s", second).isEqualTo(409);
        assertThat(details(foreign)).contains("counterId");
        assertThat(DB.rows("select id from camera_zone where camera_id = ?", id)).containsExactly(Map.of("id", zone));
        JsonNode read = admin.get("/api/cameras/" + id).json().get("zones");
        assertThat(read).singleElement().satisfies(z -> {
            assertThat(z.get("polygon").toString()).isEqualTo("[[0.05,0.3],[0.2,0.3],[0.2,0.8],[0.05,0.8]]");
            assertThat(z.get("calibrated").asBoolean()).isFalse();
        });
    }

    @Test
    void theAgentGetsItsOwnSitesCamerasAndA304UntilSomethingChanges() {
        long id = Cameras.create(admin, aCamera(site));
        long zone = Cameras.zone(admin, id, counter2, seat(1));

        Reply first = agent.api().get("/api/agent/cameras");
        String version = first.json().get("version").asText();
        Reply same = agent.api().withHeader("If-None-Match", "\"" + version + "\"").get("/api/agent/cameras");
        assertThat(admin.put("/api/cameras/" + id + "/zones/" + zone, Map.of("polygon", seat(2))).status()).isEqualTo(200);
        Reply changed = agent.api().withHeader("If-None-Match", "\"" + version + "\"").get("/api/agent/cameras");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).contains("\"" + version + "\"");
        JsonNode z = camera(first.json(), id).get("zones").get(0);
        assertThat(z.get("id").asLong()).isEqualTo(zone);
        assertThat(z.get("counterId").asLong()).isEqualTo(counter2);
        assertThat(z.get("polygon").toString()).isEqualTo("[[0.3,0.3],[0.45,0.3],[0.45,0.8],[0.3,0.8]]");
        assertThat(same.status()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("version").asText()).isNotEqualTo(version);
        assertThat(otherAgent.api().get("/api/agent/cameras").json().get("cameras").findValues("id"))
                .extracting(JsonNode::asLong).doesNotContain(id);
    }

    /**
     * The version is read apart from the answer (a digest the database makes of the columns the answer is built
     * from): every kind of change to what the agent is given must change it, or the agent would keep stale cameras.
     */
    @Test
    void everyChangeToWhatTheAgentIsGivenChangesTheVersion() {
        long id = Cameras.create(admin, aCamera(site));
        long zone = Cameras.zone(admin, id, counter1, seat(0));
        Map<String, Object> camera = new java.util.LinkedHashMap<>(aCamera(site));
        Map<String, Runnable> changes = new java.util.LinkedHashMap<>();
        changes.put("name", () -> put(id, camera, "name", "Camera quầy " + Org.unique()));
        changes.put("url", () -> put(id, camera, "url", "rtsp://10.0.0.6:554/Streaming/Channels/102"));
        changes.put("username", () -> put(id, camera, "username", VIEWER));
        changes.put("password", () -> put(id, camera, "password", SECRET));
        changes.put("another password", () -> put(id, camera, "password", SECRET + "-2"));
        changes.put("timeout", () -> put(id, camera, "timeoutSeconds", 9));
        changes.put("disabled", () -> put(id, camera, "enabled", false));
        changes.put("outline", () -> admin.put("/api/cameras/" + id + "/zones/" + zone, Map.of("polygon", seat(1))));
        changes.put("calibrated", () -> DB.jdbi().useHandle(h -> h.execute(
                "update camera_zone set calibrated = true where id = ?", zone)));
        changes.put("counter renamed", () -> DB.jdbi().useHandle(h -> h.execute(
                "update counter set name = name || ' mới' where id = ?", counter1)));
        changes.put("zone added", () -> Cameras.zone(admin, id, counter2, seat(2)));
        changes.put("zone removed", () -> admin.send("DELETE", "/api/cameras/" + id + "/zones/" + zone, null, null));
        changes.put("camera given away", () -> DB.jdbi().useHandle(h -> h.execute(
                "update camera set agent_id = null where id = ?", id)));

        for (Map.Entry<String, Runnable> change : changes.entrySet()) {
            Reply before = agent.api().get("/api/agent/cameras");
            String version = before.json().get("version").asText();
            // The server now holds the version in memory (CameraListVersions) until a change is notified.
            assertThat(heardVersion()).as(change.getKey() + ": the heartbeat answer before").isEqualTo(version);
            change.getValue().run();
            Reply after = agent.api().withHeader("If-None-Match", "\"" + version + "\"").get("/api/agent/cameras");

            assertThat(after.status()).as(change.getKey()).isEqualTo(200);
            assertThat(after.json().get("cameras")).as(change.getKey() + ": the answer changed")
                    .isNotEqualTo(before.json().get("cameras"));
            assertThat(after.json().get("version").asText()).as(change.getKey()).isNotEqualTo(version);
            assertThat(after.header("ETag")).as(change.getKey()).contains("\"" + after.json().get("version").asText() + "\"");
            assertThat(agent.api().withHeader("If-None-Match", after.header("ETag").orElseThrow()).get("/api/agent/cameras")
                    .status())
                    .as(change.getKey() + ": nothing changed since").isEqualTo(304);
            assertThat(heardVersionOnceItIs(after.json().get("version").asText()))
                    .as(change.getKey() + ": the heartbeat answer names the new version (the change was notified)")
                    .isEqualTo(after.json().get("version").asText());
        }
    }

    private static String heardVersion() {
        return agent.heartbeat(Map.of("at", java.time.Instant.now().toString())).json().get("camerasVersion").asText();
    }

    /** The notification of a change arrives milliseconds after its commit: a heartbeat just before may not know it. */
    private static String heardVersionOnceItIs(String expected) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        String heard = heardVersion();
        while (!heard.equals(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            heard = heardVersion();
        }
        return heard;
    }

    private static void put(long id, Map<String, Object> camera, String field, Object value) {
        camera.put(field, value);
        Reply r = admin.put("/api/cameras/" + id, camera);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void aSnapshotIsTakenOnlyForAPendingCommandOfThatAgentsCamera() {
        long id = Cameras.create(admin, aCamera(site));
        Reply asked = admin.post("/api/cameras/" + id + "/snapshot", null);
        long command = asked.id();
        byte[] jpeg = Jpegs.counters(640, 360);
        String path = "/api/agent/cameras/" + id + "/snapshot?commandId=" + command;

        JsonNode listed = agent.api().get("/api/agent/commands").json().get("commands");
        Reply wrongType = agent.api().sendBytes("PUT", path, "image/png", jpeg);
        Reply notJpeg = agent.api().sendBytes("PUT", path, "image/jpeg", "GIF89a not a jpeg".getBytes());
        Reply tooBig = agent.api().sendBytes("PUT", path, "image/jpeg", new byte[2 * 1024 * 1024 + 1]);
        Reply otherAgents = otherAgent.api().sendBytes("PUT", path, "image/jpeg", jpeg);
        Reply noCommand = agent.api().sendBytes("PUT", "/api/agent/cameras/" + id + "/snapshot", "image/jpeg", jpeg);
        long before = DB.count("camera_snapshot", "camera_id = " + id);
        Reply ok = agent.api().sendBytes("PUT", path, "image/jpeg", jpeg);
        Reply again = agent.api().sendBytes("PUT", path, "image/jpeg", jpeg);

        assertThat(asked.status()).as("%s", asked).isEqualTo(202);
        assertThat(listed).anySatisfy(c -> assertThat(c.toString())
                .isEqualTo("{\"id\":" + command + ",\"type\":\"camera_snapshot\",\"cameraId\":" + id + "}"));
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(notJpeg.status()).isEqualTo(422);
        assertThat(details(notJpeg)).contains("body is not a JPEG image");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(otherAgents.status()).isEqualTo(404);
        assertThat(noCommand.status()).isEqualTo(422);
        assertThat(before).as("nothing stored by the refused uploads").isZero();
        assertThat(ok.status()).as("%s", ok).isEqualTo(204);
        assertThat(again.status()).isEqualTo(409);
        assertThat(admin.get("/api/agent-commands/" + command).json().get("status").asText()).isEqualTo("DONE");
        assertThat(DB.count("camera_snapshot", "camera_id = " + id)).isEqualTo(1);

        Reply view = admin.withHeader("Accept", "image/jpeg").get("/api/cameras/" + id + "/snapshot");
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.header("Content-Type")).contains("image/jpeg");
        assertThat(DB.count("audit_event", "action = 'camera.snapshot_view' and after->>'cameraId' = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void anExpiredSnapshotIsErasedAndNoLongerShown() {
        long id = Cameras.create(admin, aCamera(site));
        long command = admin.post("/api/cameras/" + id + "/snapshot", null).id();
        agent.api().sendBytes("PUT", "/api/agent/cameras/" + id + "/snapshot?commandId=" + command, "image/jpeg",
                Jpegs.counters(320, 180));
        DB.jdbi().useHandle(h -> h.execute("update camera_snapshot set expires_at = now() - interval '1 minute' where camera_id = ?", id));

        Reply view = admin.withHeader("Accept", "image/jpeg").get("/api/cameras/" + id + "/snapshot");

        assertThat(view.status()).isEqualTo(404);
        assertThat(DB.rows("select image is null as erased, erased_at is not null as marked from camera_snapshot where camera_id = ?", id))
                .containsExactly(Map.of("erased", true, "marked", true));
    }

    @Test
    void theAgentMayGiveUpOnACommandWithTheFailedStep() {
        long id = Cameras.create(admin, aCamera(site));
        long command = admin.post("/api/cameras/" + id + "/snapshot", null).id();

        Reply r = agent.api().post("/api/agent/commands/" + command + "/progress",
                Map.of("step", "failed", "message", "Không mở được luồng: timeout"));

        assertThat(r.status()).isEqualTo(204);
        JsonNode c = admin.get("/api/agent-commands/" + command).json();
        assertThat(c.get("status").asText()).isEqualTo("FAILED");
        assertThat(c.get("error").asText()).isEqualTo("Không mở được luồng: timeout");
        assertThat(agent.api().get("/api/agent/commands").json().get("commands").findValues("id"))
                .extracting(JsonNode::asLong).doesNotContain(command);
    }

    @Test
    void calibrationIsAskedOfTheAgentAndItsResultCalibratesTheZone() throws Exception {
        long id = Cameras.create(admin, aCamera(site));
        long zone = Cameras.zone(admin, id, counter1, seat(0));

        Reply asked = admin.post("/api/cameras/" + id + "/zones/" + zone + "/calibrate", Map.of("seconds", 60));
        long command = asked.id();
        JsonNode listed = agent.api().get("/api/agent/commands").json().get("commands");
        Reply progress = agent.api().post("/api/agent/commands/" + command + "/progress",
                Map.of("step", "sampling", "message", "12/60 s"));
        Reply wrongZone = agent.send(Cameras.calibrated(id, 1, AT, zone + 1000, command));
        Reply result = agent.send(Cameras.calibrated(id, 1, AT, zone, command));

        assertThat(asked.status()).as("%s", asked).isEqualTo(202);
        assertThat(listed).anySatisfy(c -> assertThat(c.toString()).isEqualTo("{\"id\":" + command
                + ",\"type\":\"calibrate_zone\",\"cameraId\":" + id + ",\"zoneId\":" + zone + ",\"seconds\":60}"));
        assertThat(progress.status()).isEqualTo(204);
        assertThat(wrongZone.status()).isEqualTo(422);
        assertThat(result.status()).as("%s", result).isEqualTo(200);
        JsonNode done = admin.get("/api/agent-commands/" + command).json();
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        assertThat(done.get("result")).isEqualTo(Api.JSON.readTree("{\"samples\":58,\"mean\":0.012,\"sd\":0.004,\"threshold\":0.032}"));
        JsonNode z = admin.get("/api/cameras/" + id).json().get("zones").get(0);
        assertThat(z.get("calibrated").asBoolean()).isTrue();
        assertThat(z.get("calibrationSamples").asInt()).isEqualTo(58);
        assertThat(z.get("calibrationThreshold").asDouble()).isEqualTo(0.032);
        assertThat(camera(agent.api().get("/api/agent/cameras").json(), id).get("zones").get(0).get("calibrated").asBoolean()).isTrue();
    }

    @Test
    void aZoneIsCalibratedFromASnapshotInWhichTheAdminSawTheSeatEmpty() throws Exception {
        long id = Cameras.create(admin, aCamera(site));
        long zone = Cameras.zone(admin, id, counter1, seat(0));
        long other = Cameras.create(admin, aCamera(site));
        long snapshot = snapshotOf(id);
        long foreignSnapshot = snapshotOf(other);
        String calibrate = "/api/cameras/" + id + "/zones/" + zone + "/calibrate";

        Reply both = admin.post(calibrate, Map.of("seconds", 60, "snapshotId", snapshot));
        Reply anotherCameras = admin.post(calibrate, Map.of("snapshotId", foreignSnapshot));
        Reply asked = admin.post(calibrate, Map.of("snapshotId", snapshot));
        long command = asked.id();
        JsonNode listed = agent.api().get("/api/agent/commands").json().get("commands");
        String path = "/api/agent/cameras/" + id + "/snapshots/" + snapshot + "?commandId=";
        Reply othersAgent = otherAgent.api().withHeader("Accept", "image/jpeg").get(path + command);
        Reply wrongCommand = agent.api().withHeader("Accept", "image/jpeg").get(path + (command + 1000));
        Reply fetched = agent.api().withHeader("Accept", "image/jpeg").get(path + command);
        Map<String, Object> result = Cameras.calibrated(id, 1, AT, zone, command);
        result.putAll(Map.of("samples", 1, "mean", 0.0, "sd", 0.0, "threshold", 0.15, "snapshotId", snapshot));
        Reply done = agent.send(result);

        assertThat(both.status()).isEqualTo(422);
        assertThat(anotherCameras.status()).isEqualTo(422);
        assertThat(details(anotherCameras)).contains("snapshotId");
        assertThat(asked.status()).as("%s", asked).isEqualTo(202);
        assertThat(listed).anySatisfy(c -> assertThat(c.toString()).isEqualTo("{\"id\":" + command
                + ",\"type\":\"calibrate_zone\",\"cameraId\":" + id + ",\"zoneId\":" + zone + ",\"snapshotId\":"
                + snapshot + "}"));
        assertThat(othersAgent.status()).isEqualTo(404);
        assertThat(wrongCommand.status()).isEqualTo(404);
        assertThat(fetched.status()).as("%s", fetched).isEqualTo(200);
        assertThat(fetched.header("Content-Type")).contains("image/jpeg");
        assertThat(DB.count("audit_event", "action = 'camera.snapshot_view' and after->>'commandId' = '" + command + "'"))
                .as("the agent's read is audited as a view").isEqualTo(1);
        assertThat(done.status()).as("%s", done).isEqualTo(200);
        JsonNode finished = admin.get("/api/agent-commands/" + command).json();
        assertThat(finished.get("status").asText()).isEqualTo("DONE");
        assertThat(finished.get("snapshotId").asLong()).isEqualTo(snapshot);
        assertThat(finished.get("result").get("snapshotId").asLong()).isEqualTo(snapshot);
        JsonNode z = admin.get("/api/cameras/" + id).json().get("zones").get(0);
        assertThat(z.get("calibrated").asBoolean()).isTrue();
        assertThat(z.get("calibrationThreshold").asDouble()).isEqualTo(0.15);
    }

    /** A snapshot of the camera taken through the protocol; its id. */
    private long snapshotOf(long cameraId) {
        long command = admin.post("/api/cameras/" + cameraId + "/snapshot", null).id();
        Reply r = agent.api().sendBytes("PUT", "/api/agent/cameras/" + cameraId + "/snapshot?commandId=" + command,
                "image/jpeg", Jpegs.counters(320, 180));
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        return admin.get("/api/agent-commands/" + command).json().get("result").get("snapshotId").asLong();
    }

    @Test
    void theHeartbeatSaysWhatTheCameraSendsAndThePageTellsTheAdminWhatToChange() {
        long id = Cameras.create(admin, aCamera(site));
        Map<String, Object> report = Cameras.report(id, "streaming", true, AT, 120L, null);
        report.putAll(Map.of("codec", "hevc", "width", 1920, "height", 1080, "keyframeIntervalSeconds", 25.0,
                "analysis", "bounded", "cpuPercent", 6.5));
        Map<String, Object> bad = new java.util.LinkedHashMap<>(report);
        bad.put("analysis", "everything");

        Reply refused = agent.heartbeat(Cameras.heartbeatWith(AT, bad));
        Reply ok = agent.heartbeat(Cameras.heartbeatWith(AT, report));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(details(refused)).contains("cameras[0].analysis");
        assertThat(ok.status()).as("%s", ok).isEqualTo(200);
        JsonNode camera = admin.get("/api/cameras/" + id).json();
        JsonNode status = camera.get("status");
        assertThat(status.get("codec").asText()).isEqualTo("hevc");
        assertThat(status.get("width").asInt()).isEqualTo(1920);
        assertThat(status.get("keyframeIntervalSeconds").asDouble()).isEqualTo(25.0);
        assertThat(status.get("analysis").asText()).isEqualTo("bounded");
        assertThat(status.get("cpuPercent").asDouble()).isEqualTo(6.5);
        assertThat(camera.get("advice")).extracting(JsonNode::asText)
                .containsExactly("keyframe_interval", "smart_codec", "sub_stream");

        Api browser = vn.onduty.server.testing.Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION="
                + vn.onduty.server.testing.Browser.session(APP, "quantri", "admin-password-1"));
        String page = browser.get("/admin/cameras/" + id).body();
        assertThat(page).contains("id=\"stream-facts\"").contains("H.265").contains("1920×1080").contains("25,0 giây")
                .contains("6,5 %");
        assertThat(page).contains("id=\"advice-keyframe_interval\"").contains("id=\"advice-smart_codec\"")
                .contains("id=\"advice-sub_stream\"");
    }

    @Test
    void theHeartbeatKeepsTheLatestCameraStatusAndRefusesAnotherSitesCamera() {
        long id = Cameras.create(admin, aCamera(site));
        long foreign = Cameras.create(admin, aCamera(otherSite));

        Reply ok = agent.heartbeat(Cameras.heartbeat(AT, id));
        Reply older = agent.heartbeat(Cameras.heartbeat(AT.minusSeconds(60), id));
        // Nothing of a refused heartbeat is stored: not its camera reports, nor the heartbeat for the crash rule, nor
        // the agent's clock (it is 15 s ahead of the others, and the clock is written when it moved over a second).
        List<String> written = List.of("camera_status", "agent_heartbeat", "device_agent", "sensor");
        Map<String, String> before = DB.snapshot(written);
        Reply refused = agent.heartbeat(Cameras.heartbeat(AT.plusSeconds(15), id, foreign));
        assertThat(DB.snapshot(written)).isEqualTo(before);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(older.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(details(refused)).contains("cameras[1].id");
        JsonNode status = admin.get("/api/cameras/" + id).json().get("status");
        assertThat(status.get("connected").asBoolean()).isTrue();
        assertThat(status.get("reportedAt").asText()).isEqualTo(AT.toString());
        assertThat(status.get("reconnects").asLong()).isEqualTo(2);
    }

    @Test
    void theAdminPagesNeverShowTheCredentialsEither() {
        Map<String, Object> body = aCamera(site);
        body.put("username", VIEWER);
        body.put("password", SECRET);
        long id = Cameras.create(admin, body);
        Api browser = vn.onduty.server.testing.Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION="
                + vn.onduty.server.testing.Browser.session(APP, "quantri", "admin-password-1"));

        for (String page : List.of("/admin/cameras", "/admin/cameras/new", "/admin/cameras/" + id, "/admin/cameras/" + id + "/edit")) {
            Reply r = browser.get(page);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            assertThat(r.body()).as(page).doesNotContain(SECRET).doesNotContain(VIEWER);
            if (!page.endsWith("/new")) {
                assertThat(r.body()).as(page).contains(body.get("name").toString());
            }
        }
    }

    @Test
    void onlyAdminsSeeCameras() {
        Org.Body account = aSupervisorAccount(List.of(site), List.of());
        account.create(admin);
        Api supervisor = Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);

        assertThat(supervisor.get("/api/cameras").status()).isEqualTo(403);
        assertThat(agent.api().get("/api/cameras").status()).isEqualTo(403);
    }

    private static JsonNode camera(JsonNode agentView, long id) {
        for (JsonNode c : agentView.get("cameras")) {
            if (c.get("id").asLong() == id) {
                return c;
            }
        }
        throw new AssertionError("camera " + id + " not in " + agentView);
    }

    private static String details(Reply r) {
        assertThat(r.status()).as("%s", r).isIn(400, 422);
        return r.json().get("details").toString();
    }
}
