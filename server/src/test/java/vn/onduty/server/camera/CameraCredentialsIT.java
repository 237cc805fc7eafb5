package vn.onduty.server.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Cameras.aCamera;
import static vn.onduty.server.testing.Cameras.seat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
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
 * Issue 14, point 4: a camera password planted through the API and the admin's form, then repeated back by the
 * agent the way FFmpeg repeats a URL it cannot open (in the heartbeat's lastError, a failed command's step and a
 * failed calibration's error). It is in no log line, no API answer, no page and no column of any table; the agent
 * alone gets it, in its camera list. The messages still say which stream failed.
 */
class CameraCredentialsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CameraCredentialsIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String PLANTED = "Pl4nt-mat-khau-camera-5517";
    static final String FROM_FORM = "Tu-bieu-mau-8823";
    static final String HOST = "10.0.0.5:554/Streaming/Channels/102";

    @Test
    void aPlantedPasswordReachesTheAgentAndNothingElse() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("vn.onduty");
        Level level = root.getLevel();
        Level ourLevel = ours.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.INFO);
        ours.setLevel(Level.DEBUG);
        LoggerFactory.getLogger(CameraCredentialsIT.class).debug("capturing log lines");
        List<Reply> answers = new ArrayList<>();
        long camera;
        long agentId;
        try {
            Admins.create(DB, "quantri", "admin-password-1");
            Api admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
            long site = aSite().createdBy(admin);
            long counter = aCounter(site).createdBy(admin);
            DeviceAgent agent = DeviceAgent.register(APP, admin, site);
            agentId = agent.id();
            Map<String, Object> body = aCamera(site);
            body.put("username", "viewer");
            body.put("password", PLANTED);
            Reply created = admin.post("/api/cameras", body);
            answers.add(created);
            camera = created.id();
            long zone = Cameras.zone(admin, camera, counter, seat(0));
            String url = "rtsp://viewer:" + PLANTED + "@" + HOST;

            // What an agent of before this change sent back: FFmpeg's messages with the URL it was given.
            Map<String, Object> report = Cameras.report(camera, "reconnecting", false, null, 0L,
                    "Exception: avformat_open_input() error -111: Could not open input \"" + url + "\".");
            Map<String, Object> heartbeat = Cameras.heartbeatWith(Instant.now(), report);
            heartbeat.put("sensors", List.of(Map.of("name", "cua-chinh", "connected", false, "unrecognisedTouches", 0,
                    "duplicatesIgnored", 0, "lastError", "probe of " + url + " failed")));
            answers.add(agent.api().post("/api/agent/heartbeat", heartbeat));
            long snapshot = admin.post("/api/cameras/" + camera + "/snapshot", null).id();
            answers.add(agent.api().post("/api/agent/commands/" + snapshot + "/progress",
                    Map.of("step", "failed", "message", "no picture from the camera: Could not open input \"" + url + "\"")));
            long calibration = admin.post("/api/cameras/" + camera + "/zones/" + zone + "/calibrate", Map.of("seconds", 60)).id();
            Map<String, Object> failed = new LinkedHashMap<>(Cameras.calibrated(camera, 1, Instant.now(), zone, calibration));
            failed.put("ok", false);
            failed.put("error", "the stream " + url + " was lost while sampling");
            List.of("samples", "mean", "sd", "threshold").forEach(failed::remove);
            answers.add(agent.send(List.of(failed)));

            // The admin's form, as a browser sends it.
            String session = Browser.session(APP, "quantri", "admin-password-1");
            Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session);
            Reply form = browser.postRaw("/admin/cameras/" + camera + "/edit", "application/x-www-form-urlencoded",
                    Browser.form("_csrf", Browser.csrfToken(APP, session), "name", (String) body.get("name"),
                            "url", "rtsp://" + HOST, "password", FROM_FORM, "timeoutSeconds", "5", "enabled", "1"));
            assertThat(form.status()).as("%s", form).isEqualTo(303);

            for (String path : List.of("/api/cameras", "/api/cameras/" + camera, "/api/agent-commands/" + snapshot,
                    "/api/agent-commands/" + calibration, "/api/audit", "/api/sensors")) {
                answers.add(admin.get(path));
            }
            for (String page : List.of("/admin/cameras", "/admin/cameras/" + camera, "/admin/cameras/" + camera + "/edit",
                    "/admin/agents/" + agentId, "/admin/sensors", "/admin/audit", "/admin/commands/" + snapshot + "/status")) {
                answers.add(browser.get(page));
            }
            String agentList = agent.api().get("/api/agent/cameras").body();
            assertThat(agentList).as("the agent gets the password the form gave").contains(FROM_FORM);
        } finally {
            root.setLevel(level);
            ours.setLevel(ourLevel);
            root.detachAppender(logs);
        }

        for (Reply r : answers) {
            assertThat(r.status()).as("%s", r).isLessThan(500);
            assertThat(r.body()).as("%s", r.request()).doesNotContain(PLANTED).doesNotContain(FROM_FORM);
        }
        String cameraPage = answers.stream().filter(r -> r.request().endsWith("/admin/cameras/" + camera)).findFirst()
                .orElseThrow().body();
        assertThat(cameraPage).as("the page still says which stream failed").contains("rtsp://" + HOST);
        assertThat(DB.rows("select error from agent_command order by id")).extracting(r -> (String) r.get("error"))
                .containsExactly("no picture from the camera: Could not open input \"rtsp://" + HOST + "\"",
                        "the stream rtsp://" + HOST + " was lost while sampling");
        assertThat(DB.tablesContaining(PLANTED)).as("tables holding the first password").isEmpty();
        assertThat(DB.tablesContaining(FROM_FORM)).as("tables holding the second password").isEmpty();
        assertThat(logs.list).as("log lines were captured at all").isNotEmpty();
        assertThat(logs.list.stream().filter(e -> !e.getLoggerName().startsWith("jdk.")).toList()).allSatisfy(e -> {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(line).doesNotContain(PLANTED).doesNotContain(FROM_FORM);
        });
    }
}
