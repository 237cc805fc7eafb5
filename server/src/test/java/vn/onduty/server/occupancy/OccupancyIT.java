package vn.onduty.server.occupancy;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Cameras.aCamera;
import static vn.onduty.server.testing.Cameras.occupancy;
import static vn.onduty.server.testing.Cameras.seat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aSupervisorAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
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
 * Occupancy from the agent's events to what a supervisor reads: stored exactly once, a bad batch
 * refused whole, intervals the same whatever order batches arrive in, the crash rule, coverage of a
 * day's opening sessions computed by hand, and who may read it. Each test has its own camera and zones.
 */
class OccupancyIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(OccupancyIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final Instant T = Instant.parse("2026-11-26T01:00:00Z");

    static Api admin;
    static long site;
    static DeviceAgent agent;
    long camera;
    long counter;
    long zone;
    long counter2;
    long zone2;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        Org.workingUntilFivePm(admin, site);
        agent = DeviceAgent.register(APP, admin, site);
    }

    @BeforeEach
    void cameraWithTwoZones() {
        camera = Cameras.create(admin, aCamera(site));
        counter = aCounter(site).createdBy(admin);
        counter2 = aCounter(site).createdBy(admin);
        zone = Cameras.zone(admin, camera, counter, seat(0));
        zone2 = Cameras.zone(admin, camera, counter2, seat(1));
    }

    @Test
    void aResentBatchChangesNothingAndGetsTheSameAnswer() {
        List<Map<String, Object>> batch = List.of(
                occupancy(camera, 1, T, zone, counter, "unknown", "agent_start"),
                occupancy(camera, 2, T.plusSeconds(20), zone, counter, "occupied", null),
                occupancy(camera, 3, T.plusSeconds(900), zone, counter, "empty", null));

        Reply first = agent.send(batch);
        Map<String, String> after = DB.snapshot();
        Reply again = agent.send(batch);

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.json().get("acknowledged").get("camera-" + camera).asLong()).isEqualTo(3);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(DB.snapshot()).isEqualTo(after);
        assertThat(states(zone)).containsExactly(
                "unknown/agent_start " + T + ".." + T.plusSeconds(20),
                "occupied " + T.plusSeconds(20) + ".." + T.plusSeconds(900),
                "empty " + T.plusSeconds(900) + "..");
    }

    @Test
    void aBatchWithBadEventsIsRefusedWholeNamingEachByIndex() {
        Map<String, Object> wrongCounter = occupancy(camera, 2, T, zone, counter2, "occupied", null);
        Map<String, Object> noReason = occupancy(camera, 3, T, zone, counter, "unknown", null);
        Map<String, Object> badState = occupancy(camera, 4, T, zone, counter, "asleep", null);
        Map<String, Object> wrongStream = occupancy(camera, 5, T, zone, counter, "empty", null);
        wrongStream.put("stream", "camera-" + (camera + 1000));
        Map<String, Object> foreignZone = occupancy(camera, 6, T, zone2 + 1000, counter, "empty", null);
        Map<String, String> before = DB.snapshot();

        Reply r = agent.send(occupancy(camera, 1, T, zone, counter, "occupied", null), wrongCounter, noReason, badState,
                wrongStream, foreignZone);
        Reply refs = agent.send(occupancy(camera, 1, T, zone, counter, "occupied", null), wrongCounter, foreignZone);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("details").toString())
                .contains("events[2].reason").contains("events[3].state").contains("events[4].stream")
                .doesNotContain("events[0]");
        assertThat(refs.status()).isEqualTo(422);
        assertThat(refs.json().get("details").toString()).contains("events[1].counterId").contains("events[2].zoneId")
                .doesNotContain("events[0]");
        assertThat(DB.snapshot()).as("nothing of either batch was stored").isEqualTo(before);
    }

    @Test
    void lateAndOutOfOrderBatchesGiveTheSameIntervalsAsPunctualOnes() {
        // The same day twice: on zone in order, on zone2 the later half first, then a straggler from the middle.
        List<String> states = List.of("unknown", "empty", "occupied", "empty", "occupied", "empty");
        for (long z : List.of(zone, zone2)) {
            long c = z == zone ? counter : counter2;
            long base = z == zone ? 0 : 100;
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < states.size(); i++) {
                events.add(occupancy(camera, base + i + 1, T.plusSeconds(600L * i), z, c, states.get(i),
                        states.get(i).equals("unknown") ? "agent_start" : null));
            }
            if (z == zone) {
                agent.deliver(events);
            } else {
                agent.deliver(events.subList(4, 6));
                agent.deliver(events.subList(0, 2));
                agent.deliver(events.subList(3, 4));
                agent.deliver(events.subList(2, 3));
            }
        }

        assertThat(states(zone2)).isEqualTo(states(zone)).hasSize(6);
        assertThat(states(zone).get(2)).isEqualTo("occupied " + T.plusSeconds(1200) + ".." + T.plusSeconds(1800));
    }

    @Test
    void anAgentStartAfterACrashEndsTheOpenIntervalAtTheLastHeartbeat() {
        agent.deliver(occupancy(camera, 1, T, zone, counter, "occupied", null));
        for (int s = 0; s <= 45; s += 15) {
            assertThat(agent.heartbeat(Cameras.heartbeat(T.plusSeconds(s), camera)).status()).isEqualTo(200);
        }
        // Crash after T+45 s; the agent comes back at T+300 s and says so first thing.
        agent.heartbeat(Cameras.heartbeat(T.plusSeconds(305), camera));
        agent.deliver(occupancy(camera, 2, T.plusSeconds(300), zone, counter, "unknown", "agent_start"),
                occupancy(camera, 3, T.plusSeconds(330), zone, counter, "occupied", null));

        assertThat(states(zone)).containsExactly(
                "occupied " + T + ".." + T.plusSeconds(45),
                "unknown/agent_crash " + T.plusSeconds(45) + ".." + T.plusSeconds(300),
                "unknown/agent_start " + T.plusSeconds(300) + ".." + T.plusSeconds(330),
                "occupied " + T.plusSeconds(330) + "..");
    }

    @Test
    void aRunOfHeartbeatsIsKeptAsItsFirstAndLastOneAndAGapStartsAnother() {
        DeviceAgent own = DeviceAgent.register(APP, admin, site);
        Instant t = Instant.parse("2026-11-27T01:00:00Z");
        for (int s = 0; s <= 120; s += 15) {
            assertThat(own.heartbeat(Map.of("at", t.plusSeconds(s).toString())).status()).isEqualTo(200);
        }
        // The run's first and last heartbeat, and no two rows closer than 20 s between them: 5 rows for 9 heartbeats.
        assertThat(heartbeats(own)).containsExactly(t.toString(), t.plusSeconds(30).toString(),
                t.plusSeconds(60).toString(), t.plusSeconds(90).toString(), t.plusSeconds(120).toString());

        // Silent for a minute, then heard again: a new run, whose first heartbeat stays; one arriving late is kept
        // in its place when it is the newest word before a moment.
        own.heartbeat(Map.of("at", t.plusSeconds(180).toString()));
        own.heartbeat(Map.of("at", t.plusSeconds(195).toString()));
        own.heartbeat(Map.of("at", t.plusSeconds(225).toString()));
        own.heartbeat(Map.of("at", t.plusSeconds(210).toString()));
        assertThat(heartbeats(own)).startsWith(t.toString(), t.plusSeconds(30).toString(), t.plusSeconds(60).toString(),
                t.plusSeconds(90).toString(), t.plusSeconds(120).toString(), t.plusSeconds(180).toString())
                .endsWith(t.plusSeconds(225).toString()).doesNotContain(t.plusSeconds(150).toString());
        // The same heartbeat twice changes nothing.
        List<String> before = heartbeats(own);
        own.heartbeat(Map.of("at", t.plusSeconds(225).toString()));
        assertThat(heartbeats(own)).isEqualTo(before);
    }

    private static List<String> heartbeats(DeviceAgent a) {
        return DB.rows("select at from agent_heartbeat where agent_id = ? order by at", a.id()).stream()
                .map(r -> ((java.sql.Timestamp) r.get("at")).toInstant().toString()).toList();
    }

    @Test
    void theIntervalsApiClipsToTheRangeAndLeavesTheOpenOneOpen() {
        agent.deliver(occupancy(camera, 1, T, zone, counter, "occupied", null),
                occupancy(camera, 2, T.plusSeconds(3600), zone, counter, "empty", null),
                occupancy(camera, 3, T.plusSeconds(7200), zone, counter, "occupied", null));

        JsonNode clipped = admin.get("/api/occupancy/intervals?counterId=" + counter + "&from=" + T.plusSeconds(1800)
                + "&to=" + T.plusSeconds(5400)).json();
        JsonNode open = admin.get("/api/occupancy/intervals?counterId=" + counter + "&from=" + T.plusSeconds(5400)
                + "&to=" + Instant.now().plusSeconds(86400)).json();
        Reply bad = admin.get("/api/occupancy/intervals?counterId=" + counter + "&from=yesterday&to=" + T);

        assertThat(clipped).hasSize(2);
        assertThat(clipped.get(0).get("state").asText()).isEqualTo("occupied");
        assertThat(clipped.get(0).get("start").asText()).isEqualTo(T.plusSeconds(1800).toString());
        assertThat(clipped.get(0).get("end").asText()).isEqualTo(T.plusSeconds(3600).toString());
        assertThat(clipped.get(1).get("end").asText()).isEqualTo(T.plusSeconds(5400).toString());
        assertThat(clipped.get(1).get("zoneId").asLong()).isEqualTo(zone);
        assertThat(open.get(open.size() - 1).get("end").isNull()).isTrue();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("details").toString()).contains("from");
    }

    @Test
    void coverageOfACraftedDayIsWhatAPersonCountsByHand() {
        // Wednesday 25/11/2026, the site's calendar: 07:30–11:30 and 13:30–17:00 (450 minutes).
        String[][] day = {
                {"07:00", "unknown", "agent_start"}, {"07:40", "occupied", null}, {"09:00", "empty", null},
                {"09:25", "occupied", null}, {"11:30", "empty", null}, {"13:45", "occupied", null},
                {"16:00", "unknown", "stream_lost"}, {"16:10", "occupied", null}, {"17:00", "empty", null}};
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < day.length; i++) {
            events.add(occupancy(camera, i + 1, local("2026-11-25T" + day[i][0]), zone, counter, day[i][1], day[i][2]));
        }
        agent.deliver(events);

        JsonNode coverage = admin.get("/api/occupancy/coverage?siteId=" + site + "&date=2026-11-25").json();
        JsonNode row = null;
        for (JsonNode c : coverage.get("counters")) {
            if (c.get("counterId").asLong() == counter) {
                row = c;
            }
        }

        // Morning: unknown 07:30–07:40 (10), staffed 07:40–09:00 (80), empty 09:00–09:25 (25), staffed 09:25–11:30 (125).
        // Afternoon: empty 13:30–13:45 (15), staffed 13:45–16:00 (135), unknown 16:00–16:10 (10), staffed 16:10–17:00 (50).
        assertThat(row).isNotNull();
        assertThat(row.get("openingMinutes").asDouble()).isEqualTo(450.0);
        assertThat(row.get("occupiedMinutes").asDouble()).isEqualTo(390.0);
        assertThat(row.get("emptyMinutes").asDouble()).isEqualTo(40.0);
        assertThat(row.get("unknownMinutes").asDouble()).isEqualTo(20.0);
        assertThat(row.get("coveragePercent").asDouble()).isEqualTo(86.7);
        assertThat(row.get("longestEmpty").get("minutes").asDouble()).isEqualTo(25.0);
        assertThat(row.get("longestEmpty").get("start").asText()).isEqualTo(local("2026-11-25T09:00").toString());
        assertThat(row.get("longestEmpty").get("end").asText()).isEqualTo(local("2026-11-25T09:25").toString());
        JsonNode other = null;
        for (JsonNode c : coverage.get("counters")) {
            if (c.get("counterId").asLong() == counter2) {
                other = c;
            }
        }
        assertThat(other.get("unknownMinutes").asDouble()).as("a zone with no events is unknown all day").isEqualTo(450.0);
    }

    @Test
    void theTimelineAndCoveragePagesShowTheCraftedDay() {
        agent.deliver(occupancy(camera, 1, local("2026-11-25T07:40"), zone, counter, "occupied", null),
                occupancy(camera, 2, local("2026-11-25T09:00"), zone, counter, "empty", null),
                occupancy(camera, 3, local("2026-11-25T09:25"), zone, counter, "occupied", null));
        Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, "quantri", "admin-password-1"));

        Reply timeline = browser.get("/occupancy/timeline?counterId=" + counter + "&date=2026-11-25");
        Reply coverage = browser.get("/occupancy/coverage?siteId=" + site + "&date=2026-11-25");

        assertThat(timeline.status()).as("%s", timeline).isEqualTo(200);
        assertThat(timeline.body()).contains("id=\"timeline-chart\"", "09:00:00", "09:25:00", "Trống", "Có người",
                "/webjars/echarts/5.3.1/dist/echarts.min.js");
        assertThat(coverage.status()).as("%s", coverage).isEqualTo(200);
        // 07:30–11:30 and 13:30–17:00: unknown 10 min, empty 25 min, staffed the remaining 415 of 450 minutes.
        assertThat(coverage.body()).contains("92.2 %", "25 phút (09:00–09:25)");
        assertThat(Browser.at(APP).get("/webjars/echarts/5.3.1/dist/echarts.min.js").status()).isEqualTo(200);
    }

    @Test
    void onlyTheSitesSupervisorsAndAdminsReadIt() {
        long otherSite = aSite().createdBy(admin);
        Org.Body inScope = aSupervisorAccount(List.of(site), List.of());
        inScope.create(admin);
        Org.Body outOfScope = aSupervisorAccount(List.of(otherSite), List.of());
        outOfScope.create(admin);
        String path = "/api/occupancy/intervals?counterId=" + counter + "&from=2026-11-25&to=2026-11-25";

        assertThat(Api.at(APP).loggedInAs(inScope.get("username").toString(), Org.PASSWORD).get(path).status()).isEqualTo(200);
        assertThat(Api.at(APP).loggedInAs(outOfScope.get("username").toString(), Org.PASSWORD).get(path).status()).isEqualTo(403);
        assertThat(Api.at(APP).loggedInAs(outOfScope.get("username").toString(), Org.PASSWORD)
                .get("/api/occupancy/coverage?siteId=" + site + "&date=2026-11-25").status()).isEqualTo(403);
        assertThat(agent.api().get(path).status()).isEqualTo(403);
    }

    @Test
    void theLiveBoardShowsTheStateWhileTheAgentReportsAndUnknownOnceItIsSilent() {
        Instant now = Instant.now();
        agent.deliver(occupancy(camera, 1, now.minusSeconds(120), zone, counter, "occupied", null),
                occupancy(camera, 2, now.minusSeconds(60), zone2, counter2, "empty", null));
        String session = Browser.session(APP, "quantri", "admin-password-1");
        Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session);

        String silent = browser.get("/occupancy/board?siteId=" + site).body();
        agent.heartbeat(Cameras.heartbeat(now, camera));
        String live = browser.get("/occupancy/board?siteId=" + site).body();

        assertThat(stateOf(silent, counter)).isEqualTo("unknown");
        assertThat(stateOf(live, counter)).isEqualTo("occupied");
        assertThat(stateOf(live, counter2)).isEqualTo("empty");
    }

    private static String stateOf(String html, long counterId) {
        var m = java.util.regex.Pattern.compile("id=\"counter-" + counterId + "\" data-state=\"([a-z]+)\"").matcher(html);
        assertThat(m.find()).as("counter %s on the board: %s", counterId, html).isTrue();
        return m.group(1);
    }

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(HCM).toInstant();
    }

    /** The zone's intervals as "state[/reason] start..end", in order. */
    private static List<String> states(long zoneId) {
        return DB.rows("select state, reason, started_at, ended_at from occupancy_interval where zone_id = ? order by started_at",
                zoneId).stream().map(r -> r.get("state") + (r.get("reason") == null ? "" : "/" + r.get("reason")) + " "
                + ((java.sql.Timestamp) r.get("started_at")).toInstant() + ".."
                + (r.get("ended_at") == null ? "" : ((java.sql.Timestamp) r.get("ended_at")).toInstant())).toList();
    }
}
