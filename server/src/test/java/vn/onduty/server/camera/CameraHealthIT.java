package vn.onduty.server.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Cameras.aCamera;
import static vn.onduty.server.testing.Cameras.report;
import static vn.onduty.server.testing.Org.aSite;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Camera health from the heartbeat to the admin: each camera's state, frames analysed, last frame and last
 * error as the agent reports them, stored, read back as {@code health} by the API, and shown on the agent's
 * page, the agents list and the camera pages, where a broken camera or a silent agent must stand out.
 */
class CameraHealthIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CameraHealthIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static Api admin;
    static Api browser;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, "quantri", "admin-password-1"));
    }

    /** A site with its agent and one camera per name, enabled unless named "disabled". */
    record Site(long id, DeviceAgent agent, Map<String, Long> cameras) {
        long camera(String name) {
            return cameras.get(name);
        }
    }

    private static Site site(String... names) {
        long siteId = aSite().createdBy(admin);
        DeviceAgent agent = DeviceAgent.register(APP, admin, siteId);
        Map<String, Long> cameras = new java.util.LinkedHashMap<>();
        for (String name : names) {
            Map<String, Object> camera = aCamera(siteId);
            camera.put("name", "Camera " + name + " " + siteId);
            camera.put("enabled", !name.equals("disabled"));
            cameras.put(name, Cameras.create(admin, camera));
        }
        return new Site(siteId, agent, cameras);
    }

    @Test
    void theHeartbeatsStateFramesAndErrorAreStoredAndReadAsHealth() {
        Site s = site("streaming", "reconnecting", "stopped", "unreported", "disabled");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Reply ok = s.agent().heartbeat(Cameras.heartbeatWith(now,
                report(s.camera("streaming"), "streaming", true, now.minusSeconds(2), 1_234L, null),
                report(s.camera("reconnecting"), "reconnecting", false, now.minusSeconds(90), 880L,
                        "IOException: Connection refused"),
                report(s.camera("stopped"), "stopped", false, null, 0L, "UnsatisfiedLinkError: no avcodec"),
                report(s.camera("disabled"), "stopped", false, null, 0L, null)));

        assertThat(ok.status()).as("%s", ok).isEqualTo(200);
        JsonNode streaming = camera(s.camera("streaming"));
        assertThat(streaming.get("health").asText()).isEqualTo("streaming");
        assertThat(streaming.at("/status/state").asText()).isEqualTo("streaming");
        assertThat(streaming.at("/status/framesAnalysed").asLong()).isEqualTo(1_234);
        assertThat(Instant.parse(streaming.at("/status/lastFrameAt").asText())).isEqualTo(now.minusSeconds(2));
        JsonNode reconnecting = camera(s.camera("reconnecting"));
        assertThat(reconnecting.get("health").asText()).isEqualTo("reconnecting");
        assertThat(reconnecting.at("/status/lastError").asText()).isEqualTo("IOException: Connection refused");
        assertThat(camera(s.camera("stopped")).get("health").asText()).isEqualTo("stopped");
        assertThat(camera(s.camera("unreported")).get("health").asText()).isEqualTo("not_reported");
        assertThat(camera(s.camera("unreported")).get("status").isNull()).isTrue();
        assertThat(camera(s.camera("disabled")).get("health").asText()).isEqualTo("disabled");
        assertThat(DB.rows("select state, frames_analysed from camera_status where camera_id = ?", s.camera("streaming")))
                .containsExactly(Map.of("state", "streaming", "frames_analysed", 1_234L));
    }

    @Test
    void anAgentThatDoesNotSayItsStateIsReadFromConnected() {
        Site s = site("up", "down");
        Instant now = Instant.now();

        Reply ok = s.agent().heartbeat(Cameras.heartbeatWith(now,
                report(s.camera("up"), null, true, now, null, null),
                report(s.camera("down"), null, false, null, null, "the stream ended")));

        assertThat(ok.status()).as("%s", ok).isEqualTo(200);
        assertThat(camera(s.camera("up")).get("health").asText()).isEqualTo("streaming");
        assertThat(camera(s.camera("up")).at("/status/framesAnalysed").isNull()).isTrue();
        assertThat(camera(s.camera("down")).get("health").asText()).isEqualTo("reconnecting");
    }

    @Test
    void aStateOutsideTheProtocolOrNegativeFramesAreRefusedNamingTheFieldAndNothingIsStored() {
        Site s = site("a");
        Instant now = Instant.now();

        Reply badState = s.agent().heartbeat(Cameras.heartbeatWith(now, report(s.camera("a"), "exploded", true, now, 1L, null)));
        Reply badFrames = s.agent().heartbeat(Cameras.heartbeatWith(now, report(s.camera("a"), "streaming", true, now, -1L, null)));

        assertThat(badState.status()).as("%s", badState).isEqualTo(422);
        assertThat(badState.json().get("details").toString()).contains("cameras[0].state").contains("streaming, reconnecting or stopped");
        assertThat(badFrames.status()).as("%s", badFrames).isEqualTo(422);
        assertThat(badFrames.json().get("details").toString()).contains("cameras[0].framesAnalysed");
        assertThat(DB.count("camera_status", "camera_id = " + s.camera("a"))).isZero();
    }

    @Test
    void aCameraWhoseAgentHasGoneSilentIsSilentThoughItsLastWordWasStreaming() {
        Site s = site("quiet", "fresh");
        Instant now = Instant.now();
        s.agent().heartbeat(Cameras.heartbeatWith(now,
                report(s.camera("quiet"), "streaming", true, now, 50L, null),
                report(s.camera("fresh"), "streaming", true, now, 60L, null)));

        // The agent's last word came five minutes ago (the silence limit is 60 s).
        DB.jdbi().useHandle(h -> h.execute(
                "update camera_status set received_at = received_at - interval '5 minutes' where camera_id = ?",
                s.camera("quiet")));

        assertThat(camera(s.camera("quiet")).get("health").asText()).isEqualTo("silent");
        assertThat(camera(s.camera("quiet")).at("/status/state").asText()).as("what it last said").isEqualTo("streaming");
        assertThat(camera(s.camera("fresh")).get("health").asText()).isEqualTo("streaming");
        assertThat(healthCell(page("/admin/agents/" + s.agent().id()), s.camera("quiet")))
                .contains("data-health=\"silent\"").contains("Máy trạm không báo về");
    }

    @Test
    void theAgentsPageShowsEachCameraOfItsSiteWithItsHealthAndError() {
        Site s = site("streaming", "reconnecting", "unreported", "disabled");
        Instant now = Instant.now();
        s.agent().heartbeat(Cameras.heartbeatWith(now,
                report(s.camera("streaming"), "streaming", true, now, 4_321L, null),
                report(s.camera("reconnecting"), "reconnecting", false, now.minusSeconds(40), 10L,
                        "IOException: Connection refused")));

        String agentPage = page("/admin/agents/" + s.agent().id());

        assertThat(healthCell(agentPage, s.camera("streaming"))).contains("data-health=\"streaming\"")
                .contains("Đang nhận hình").contains("4.321 khung hình đã phân tích").doesNotContain("class=\"err");
        assertThat(healthCell(agentPage, s.camera("reconnecting"))).contains("data-health=\"reconnecting\"")
                .contains("Đang kết nối lại").contains("IOException: Connection refused");
        assertThat(healthCell(agentPage, s.camera("unreported"))).contains("data-health=\"not_reported\"")
                .contains("badge err").contains("Máy trạm chưa báo về");
        assertThat(healthCell(agentPage, s.camera("disabled"))).contains("data-health=\"disabled\"").contains("Đã tắt");

        String list = page("/admin/agents?siteId=" + s.id());
        assertThat(list).contains("1/3 đang nhận hình").contains("2 cần kiểm tra");

        String cameras = page("/admin/cameras?siteId=" + s.id());
        assertThat(cameras).contains("data-health=\"reconnecting\"").contains("IOException: Connection refused")
                .contains("data-health=\"not_reported\"");
        String camera = page("/admin/cameras/" + s.camera("reconnecting"));
        assertThat(camera).contains("data-health=\"reconnecting\"").contains("10 khung hình đã phân tích");

        String english = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION="
                + Browser.session(APP, "quantri", "admin-password-1") + "; ONDUTY_LANG=en").get("/admin/agents/" + s.agent().id()).body();
        assertThat(healthCell(english, s.camera("streaming"))).contains("Streaming").contains("4,321 frames analysed");
        assertThat(healthCell(english, s.camera("unreported"))).contains("Not reported by the agent yet");
    }

    @Test
    void theOpenApiDescriptionSaysWhatHealthMeans() {
        JsonNode camera = admin.get("/api/openapi.json").json().at("/components/schemas/Camera/properties/health");

        assertThat(camera.get("enum")).extracting(JsonNode::asText)
                .containsExactly("streaming", "reconnecting", "stopped", "silent", "not_reported", "disabled");
        assertThat(camera.get("description").asText()).contains("agentSilentAfter");
    }

    private static JsonNode camera(long id) {
        Reply r = admin.get("/api/cameras/" + id);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static String page(String path) {
        Reply r = browser.get(path);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.body();
    }

    /** The health cell of a camera's row in the agent's camera table. */
    private static String healthCell(String page, long cameraId) {
        Matcher m = Pattern.compile("<tr data-camera=\"" + cameraId + "\">(.*?)</tr>", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("a row for camera %s", cameraId).isTrue();
        return m.group(1);
    }
}
