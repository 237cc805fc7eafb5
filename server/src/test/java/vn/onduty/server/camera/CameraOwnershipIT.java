package vn.onduty.server.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Cameras.aCamera;
import static vn.onduty.server.testing.Cameras.occupancy;
import static vn.onduty.server.testing.Cameras.seat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Issue 14, point 1: a camera belongs to one agent. A second agent of the same site (a second site computer, or one
 * started for a new sensor) is given none of the first one's cameras, and its start, "not calibrated" and stop, the
 * events that replaced the real agent's intervals, are refused with a reason and counted on the camera. Moving the
 * camera to the second agent ends the first one's open intervals as unknown (camera_moved) and hands the camera over.
 */
class CameraOwnershipIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CameraOwnershipIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static Api admin;
    static long site;
    static long otherSite;
    static DeviceAgent first;
    long camera;
    long counter;
    long zone;
    DeviceAgent second;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        otherSite = aSite().createdBy(admin);
        first = DeviceAgent.register(APP, admin, site);
    }

    /** Each test: a camera made while the first agent was the site's only one, then a second agent. */
    @BeforeEach
    void cameraOfTheFirstAgentThenASecondAgent() {
        List<Long> others = DB.rows("select id from device_agent where site_id = ? and id <> ? and active", site, first.id())
                .stream().map(r -> (Long) r.get("id")).toList();
        others.forEach(id -> admin.post("/api/agents/" + id + "/deactivate", null));
        counter = aCounter(site).createdBy(admin);
        camera = Cameras.create(admin, aCamera(site));
        zone = Cameras.zone(admin, camera, counter, seat(0));
        second = DeviceAgent.register(APP, admin, site);
    }

    @Test
    void aCameraMadeAtASiteWithOneAgentIsThatAgentsAndTheSecondAgentIsGivenNothingOfIt() {
        JsonNode listed = admin.get("/api/cameras/" + camera).json();
        JsonNode firstList = first.api().get("/api/agent/cameras").json().get("cameras");
        JsonNode secondList = second.api().get("/api/agent/cameras").json().get("cameras");

        assertThat(listed.get("agentId").asLong()).isEqualTo(first.id());
        assertThat(admin.get("/api/cameras").json().findValues("agentId")).extracting(JsonNode::asLong).contains(first.id());
        assertThat(ids(firstList)).contains(camera);
        assertThat(secondList).as("the second agent's list").isEmpty();
    }

    @Test
    void theSecondAgentsStartNotCalibratedAndStopAreRefusedCountedAndReplaceNothing() {
        Instant t = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        first.deliver(occupancy(camera, 1, t, zone, counter, "occupied", null));
        first.heartbeat(Cameras.heartbeat(t.plusSeconds(60), camera));
        List<String> before = states(zone);

        Reply start = second.send(occupancy(camera, 1, t.plusSeconds(120), zone, counter, "unknown", "agent_start"),
                occupancy(camera, 2, t.plusSeconds(121), zone, counter, "unknown", "not_calibrated"));
        Reply stop = second.send(occupancy(camera, 3, t.plusSeconds(600), zone, counter, "unknown", "camera_removed"));
        Reply secondHeartbeat = second.heartbeat(Cameras.heartbeatWith(t.plusSeconds(130),
                Cameras.report(camera, "stopped", false, null, 0L, "not calibrated")));

        assertThat(start.status()).as("%s", start).isEqualTo(422);
        assertThat(start.json().get("details").toString()).contains("events[0].cameraId: camera " + camera
                + " is watched by agent").contains("events[1].cameraId").contains("not by this agent");
        assertThat(stop.status()).isEqualTo(422);
        assertThat(states(zone)).as("the first agent's intervals").isEqualTo(before)
                .containsExactly("occupied " + t + "..");
        assertThat(DB.count("occupancy_event", "agent_id = " + second.id())).isZero();
        assertThat(secondHeartbeat.status()).as("its heartbeat is taken; its report of a camera it does not watch is not")
                .isEqualTo(200);
        JsonNode listed = admin.get("/api/cameras/" + camera).json();
        assertThat(listed.get("status").get("agentId").asLong()).isEqualTo(first.id());
        assertThat(listed.get("health").asText()).isEqualTo("streaming");
        JsonNode refusal = listed.get("refusals").get(0);
        assertThat(refusal.get("agentId").asLong()).isEqualTo(second.id());
        assertThat(refusal.get("refused").asLong()).isEqualTo(3);
        assertThat(refusal.get("lastReason").asText()).contains("camera " + camera + " is watched by agent");
        Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, "quantri",
                "admin-password-1"));
        String page = browser.get("/admin/cameras/" + camera).body();
        assertThat(page).contains("id=\"camera-refusals\"").contains("data-agent=\"" + second.id() + "\"");
        String refusedCount = "data-refused=\"3\" href=\"/admin/cameras/" + camera + "#refusals-h\"";
        assertThat(browser.get("/admin/cameras").body()).as("counted beside its health in the list").contains(refusedCount);
        assertThat(browser.get("/admin/agents/" + first.id()).body()).as("and on its agent's page").contains(refusedCount);
    }

    @Test
    void movingTheCameraEndsTheOldAgentsOpenIntervalAsCameraMovedAndHandsItOver() throws Exception {
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        first.deliver(occupancy(camera, 1, t, zone, counter, "occupied", null));
        Map<String, Object> body = aCamera(site);
        body.put("name", admin.get("/api/cameras/" + camera).json().get("name").asText());
        body.put("agentId", second.id());

        Reply moved = admin.put("/api/cameras/" + camera, body);
        Instant move = ((java.sql.Timestamp) DB.rows("select moved_at from camera_move where camera_id = ?", camera)
                .get(0).get("moved_at")).toInstant();
        // The first agent delivers late what it saw before the move, then closes the zone of the camera it lost.
        Reply late = first.send(occupancy(camera, 2, t.plusSeconds(600), zone, counter, "empty", null));
        Reply closing = first.send(occupancy(camera, 3, move.plusSeconds(20), zone, counter, "unknown", "camera_removed"));
        Reply afterMove = first.send(occupancy(camera, 4, move.plusSeconds(25), zone, counter, "occupied", null));
        Reply started = second.send(occupancy(camera, 1, move.plusSeconds(10), zone, counter, "unknown", "agent_start"),
                occupancy(camera, 2, move.plusSeconds(40), zone, counter, "occupied", null));

        assertThat(moved.status()).as("%s", moved).isEqualTo(200);
        assertThat(moved.json().get("agentId").asLong()).isEqualTo(second.id());
        assertThat(late.status()).as("%s", late).isEqualTo(200);
        assertThat(closing.status()).as("the lost camera's closing event is taken, and changes nothing").isEqualTo(200);
        assertThat(afterMove.status()).isEqualTo(422);
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        assertThat(states(zone)).containsExactly(
                "occupied " + t + ".." + t.plusSeconds(600),
                "empty " + t.plusSeconds(600) + ".." + move,
                "unknown/camera_moved " + move + ".." + move.plusSeconds(10),
                "unknown/agent_start " + move.plusSeconds(10) + ".." + move.plusSeconds(40),
                "occupied " + move.plusSeconds(40) + "..");
        assertThat(ids(first.api().get("/api/agent/cameras").json().get("cameras"))).doesNotContain(camera);
        assertThat(ids(second.api().get("/api/agent/cameras").json().get("cameras"))).containsExactly(camera);
        JsonNode audit = admin.get("/api/audit?entityType=camera&entityId=" + camera + "&action=camera.update").json()
                .get("items").get(0);
        assertThat(Api.JSON.readTree(audit.get("before").asText()).get("agentId").asLong()).isEqualTo(first.id());
        assertThat(Api.JSON.readTree(audit.get("after").asText()).get("agentId").asLong()).isEqualTo(second.id());
        long snapshot = admin.post("/api/cameras/" + camera + "/snapshot", null).id();
        assertThat(DB.rows("select agent_id from agent_command where id = ?", snapshot).get(0).get("agent_id"))
                .as("work for the camera goes to its new agent").isEqualTo(second.id());
    }

    /** It failed with a 500 (a null agent unboxed) until the admin registered the site's agent. */
    @Test
    void aCameraMadeAtASiteWithoutAnAgentIsStoredWatchedByNobodyYet() {
        Reply created = admin.post("/api/cameras", aCamera(aSite().createdBy(admin)));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().get("agentId").isNull()).isTrue();
    }

    @Test
    void aCameraNeedsAnActiveAgentOfItsOwnSite() {
        Map<String, Object> noAgent = aCamera(site);
        Map<String, Object> foreign = aCamera(site);
        DeviceAgent elsewhere = DeviceAgent.register(APP, admin, otherSite);
        foreign.put("agentId", elsewhere.id());
        Map<String, Object> chosen = aCamera(site);
        chosen.put("agentId", second.id());

        Reply refusedWithoutAgent = admin.post("/api/cameras", noAgent);
        Reply refusedForeign = admin.post("/api/cameras", foreign);
        Reply created = admin.post("/api/cameras", chosen);
        admin.post("/api/agents/" + second.id() + "/deactivate", null);
        Map<String, Object> toInactive = aCamera(site);
        toInactive.put("name", admin.get("/api/cameras/" + camera).json().get("name").asText());
        toInactive.put("agentId", second.id());
        Reply refusedInactive = admin.put("/api/cameras/" + camera, toInactive);
        Reply agentToOtherSite = admin.put("/api/agents/" + first.id(), Map.of("siteId", otherSite, "name", "May 1"));

        assertThat(refusedWithoutAgent.status()).isEqualTo(422);
        assertThat(refusedWithoutAgent.json().get("details").toString()).contains("agentId is required: the site has 2 active agents");
        assertThat(refusedForeign.status()).isEqualTo(422);
        assertThat(refusedForeign.json().get("details").toString()).contains("agentId is the agent").contains("of another site");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().get("agentId").asLong()).isEqualTo(second.id());
        assertThat(refusedInactive.status()).isEqualTo(422);
        assertThat(refusedInactive.json().get("details").toString()).contains("agentId is the deactivated agent");
        assertThat(agentToOtherSite.status()).as("%s", agentToOtherSite).isEqualTo(409);
        assertThat(agentToOtherSite.json().get("message").asText()).contains("watches the cameras");
    }

    /** The ids of the cameras of an agent's list (not of their zones). */
    private static List<Long> ids(JsonNode cameras) {
        List<Long> ids = new java.util.ArrayList<>();
        cameras.forEach(c -> ids.add(c.get("id").asLong()));
        return ids;
    }

    /** The zone's intervals as "state[/reason] start..end", in order. */
    private static List<String> states(long zoneId) {
        return DB.rows("select state, reason, started_at, ended_at from occupancy_interval where zone_id = ? order by started_at",
                zoneId).stream().map(r -> r.get("state") + (r.get("reason") == null ? "" : "/" + r.get("reason")) + " "
                + ((java.sql.Timestamp) r.get("started_at")).toInstant() + ".."
                + (r.get("ended_at") == null ? "" : ((java.sql.Timestamp) r.get("ended_at")).toInstant())).toList();
    }
}
