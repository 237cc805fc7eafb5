package vn.onduty.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Cameras.aCamera;
import static vn.onduty.server.testing.Cameras.report;
import static vn.onduty.server.testing.Org.aSite;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Events;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * A heartbeat that says nothing new writes nothing to the sensor's and the camera's status rows (no new row
 * version, not even a row lock: their xmin and xmax stay), one that says something new is stored at once, and a steady
 * one still refreshes the stored status before the pages would call it silent or offline.
 */
class QuietHeartbeatIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(QuietHeartbeatIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static Api admin;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
    }

    @Test
    void aSteadyCameraIsNotRewrittenUntilItsStateChangesOrItsRowGrowsOld() {
        long site = aSite().createdBy(admin);
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        long camera = Cameras.create(admin, aCamera(site));
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        heartbeat(agent, t, report(camera, "streaming", true, t, 100L, null));
        String first = version("camera_status", "camera_id", camera);

        heartbeat(agent, t.plusSeconds(15), report(camera, "streaming", true, t.plusSeconds(15), 130L, null));
        assertThat(version("camera_status", "camera_id", camera)).as("the same state, newer counters").isEqualTo(first);
        assertThat(framesAnalysed(camera)).isEqualTo(100);

        heartbeat(agent, t.plusSeconds(30), report(camera, "reconnecting", false, t.plusSeconds(15), 131L, "stream lost"));
        assertThat(version("camera_status", "camera_id", camera)).as("a new state").isNotEqualTo(first);
        assertThat(admin.get("/api/cameras/" + camera).json().at("/status/state").asText()).isEqualTo("reconnecting");

        // The stored report is older than a third of camera.agentSilentAfter: the next steady one refreshes it.
        DB.jdbi().useHandle(h -> h.execute(
                "update camera_status set received_at = received_at - interval '30 seconds' where camera_id = ?", camera));
        String aged = version("camera_status", "camera_id", camera);
        heartbeat(agent, t.plusSeconds(45), report(camera, "reconnecting", false, t.plusSeconds(15), 140L, "stream lost"));
        assertThat(version("camera_status", "camera_id", camera)).isNotEqualTo(aged);
        assertThat(framesAnalysed(camera)).isEqualTo(140);
    }

    @Test
    void aSteadySensorIsNotRewrittenUntilItChangesOrAMinutePasses() {
        long site = aSite().createdBy(admin);
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sensorHeartbeat(agent, t, 12);
        long sensor = DB.jdbi().withHandle(h -> h.createQuery("select id from sensor where agent_id = ?")
                .bind(0, agent.id()).mapTo(Long.class).one());
        String first = version("sensor", "id", sensor);

        sensorHeartbeat(agent, t.plusSeconds(15), 12);
        assertThat(version("sensor", "id", sensor)).as("nothing new").isEqualTo(first);

        sensorHeartbeat(agent, t.plusSeconds(30), 13);
        String enrolled = version("sensor", "id", sensor);
        assertThat(enrolled).as("one more template").isNotEqualTo(first);

        sensorHeartbeat(agent, t.plusSeconds(91), 13);
        assertThat(version("sensor", "id", sensor)).as("a minute after the stored status").isNotEqualTo(enrolled);
        Instant statusAt = DB.jdbi().withHandle(h -> h.createQuery("select status_at from sensor where id = ?")
                .bind(0, sensor).mapTo(Instant.class).one());
        assertThat(statusAt).isEqualTo(t.plusSeconds(91));
    }

    private static void heartbeat(DeviceAgent agent, Instant at, Map<String, Object> camera) {
        assertThat(agent.heartbeat(Cameras.heartbeatWith(at, camera)).status()).isEqualTo(200);
    }

    /** The heartbeat is stored in one transaction: refused for one camera, none of its parts is kept. */
    @Test
    void aRefusedHeartbeatStoresNothingOfItself() {
        long site = aSite().createdBy(admin);
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        long foreign = Cameras.create(admin, aCamera(aSite().createdBy(admin)));
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> beat = Events.heartbeat(t.plusSeconds(5), Events.sensorStatus("cua-chinh", true, 162, 3, 0, 0));
        beat.put("cameras", Cameras.heartbeat(t, foreign).get("cameras"));

        assertThat(agent.heartbeat(beat).status()).isEqualTo(422);
        long kept = DB.jdbi().withHandle(h -> h.createQuery("""
                select (select count(*) from sensor where agent_id = :a) + (select count(*) from agent_heartbeat where agent_id = :a)
                       + (select count(*) from device_agent where id = :a and clock_checked_at is not null)
                """).bind("a", agent.id()).mapTo(Long.class).one());
        assertThat(kept).as("sensor rows, heartbeats kept and clock readings of the refused heartbeat").isZero();
    }

    private static void sensorHeartbeat(DeviceAgent agent, Instant at, int templates) {
        Map<String, Object> beat = Events.heartbeat(at, Events.sensorStatus("cua-chinh", true, 162, templates, 0, 0));
        assertThat(agent.heartbeat(beat).status()).isEqualTo(200);
    }

    /** The row version and any lock on it: both stay when nothing was written. */
    private static String version(String table, String key, long id) {
        return DB.jdbi().withHandle(h -> h.createQuery("select xmin::text || '/' || xmax::text from " + table
                + " where " + key + " = ?").bind(0, id).mapTo(String.class).one());
    }

    private static long framesAnalysed(long camera) {
        return admin.get("/api/cameras/" + camera).json().at("/status/framesAnalysed").asLong();
    }
}
