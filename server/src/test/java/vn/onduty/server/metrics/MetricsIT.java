package vn.onduty.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Events.punches;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.Scrape;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * {@code GET /metrics} on the admin port, as Prometheus scrapes it, against the real server: each named metric
 * moves with what really happens (a batch of punches, an agent that calls, a camera that reports, requests served).
 * The attendance worker is off here, so the officer-days punches mark stay queued for the queue gauge to count.
 */
class MetricsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(MetricsIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("attendance.workerEnabled", "false"));

    static final String PUNCHES = "onduty_punches_ingested_total{source=\"agent\"}";
    static Api admin;
    static long site;
    static long staff;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        staff = aStaff(aDepartment().createdBy(admin), site).createdBy(admin);
    }

    static Scrape scrape() {
        return Scrape.of(Api.at(APP.getAdminPort()).get("/metrics"));
    }

    @Test
    void answersInPrometheusTextFormatOnTheAdminPortOnly() {
        Reply r = Api.at(APP.getAdminPort()).get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(r.body()).contains("# HELP onduty_punches_ingested_total", "# TYPE onduty_punches_ingested_total counter",
                "# TYPE onduty_http_request_duration_seconds histogram", "# TYPE jvm_memory_used_bytes gauge");
        assertThat(Api.at(APP).get("/metrics").status()).as("the public port").isEqualTo(404);
    }

    @Test
    void punchesIngestedGoesUpByTheBatchOnceAndNotWhenTheBatchIsSentAgain() {
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        double before = scrape().value(PUNCHES);
        var batch = punches("metrics-a", 1, 7, Instant.parse("2026-11-26T01:00:00Z"), "cua-chinh", 3);

        agent.deliver(batch);
        assertThat(scrape().value(PUNCHES)).isEqualTo(before + 7);

        agent.deliver(batch);
        agent.deliver(punches("metrics-a", 5, 9, Instant.parse("2026-11-26T01:00:00Z"), "cua-chinh", 3));
        assertThat(scrape().value(PUNCHES)).as("a re-sent batch stores nothing; of the overlapping one, seq 8 and 9")
                .isEqualTo(before + 9);
    }

    @Test
    void anAgentCountsAsOnlineOnceItHasCalledAndActiveFromItsCreation() {
        Scrape before = scrape();
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        Scrape created = scrape();
        assertThat(created.value("onduty_agents_active")).isEqualTo(before.value("onduty_agents_active") + 1);
        assertThat(created.value("onduty_agents_online")).isEqualTo(before.value("onduty_agents_online"));

        assertThat(agent.api().get("/api/agent/me").status()).isEqualTo(200);
        assertThat(scrape().value("onduty_agents_online")).isEqualTo(before.value("onduty_agents_online") + 1);
    }

    @Test
    void camerasAreCountedPerStateAsTheirAgentReportsThem() {
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        Scrape before = scrape();
        long camera = Cameras.create(admin, Cameras.aCamera(site));
        Scrape created = scrape();
        assertThat(created.value("onduty_cameras{state=\"not_reported\"}"))
                .isEqualTo(before.value("onduty_cameras{state=\"not_reported\"}") + 1);
        assertThat(created.value("onduty_cameras{state=\"silent\"}")).as("every state is reported, zero included")
                .isEqualTo(before.value("onduty_cameras{state=\"silent\"}"));

        assertThat(agent.heartbeat(Cameras.heartbeat(Instant.now(), camera)).status()).isEqualTo(200);
        Scrape reported = scrape();
        assertThat(reported.value("onduty_cameras{state=\"streaming\"}"))
                .isEqualTo(before.value("onduty_cameras{state=\"streaming\"}") + 1);
        assertThat(reported.value("onduty_cameras{state=\"not_reported\"}"))
                .isEqualTo(before.value("onduty_cameras{state=\"not_reported\"}"));
    }

    @Test
    void theAttendanceQueueHoldsTheOfficerDaysPunchesMarkedWhileNoWorkerRuns() {
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        var sensor = Fingerprints.sensor(admin, agent, "cua-phu");
        Fingerprints.enroll(admin, agent, sensor, staff, 12, Instant.parse("2026-01-01T00:00:00Z"));
        double before = scrape().value("onduty_attendance_queue_depth");

        // Two days of the officer (Vietnam time): 26 and 27 November.
        agent.deliver(punches("metrics-q", 1, 3, Instant.parse("2026-11-26T01:00:00Z"), "cua-phu", 12));
        agent.deliver(punches("metrics-q", 4, 4, Instant.parse("2026-11-27T01:00:00Z"), "cua-phu", 12));

        assertThat(scrape().value("onduty_attendance_queue_depth")).isEqualTo(before + 2);
        assertThat(DB.count("attendance_dirty", "staff_id = " + staff)).isEqualTo((long) (before + 2));
    }

    @Test
    void requestsAreCountedAndTimedByRouteTemplateMethodAndStatusClass() {
        String sites = "onduty_http_request_duration_seconds_count{method=\"GET\",route=\"/api/sites\",status=\"2xx\"}";
        String site1 = "onduty_http_request_duration_seconds_count{method=\"GET\",route=\"/api/sites/{id}\",status=\"2xx\"}";
        String missing = "onduty_http_request_duration_seconds_count{method=\"GET\",route=\"unmatched\",status=\"4xx\"}";
        Scrape before = scrape();

        for (int i = 0; i < 3; i++) {
            assertThat(admin.get("/api/sites").status()).isEqualTo(200);
        }
        assertThat(admin.get("/api/sites/" + site).status()).isEqualTo(200);
        assertThat(admin.get("/api/no-such-thing/42").status()).isEqualTo(404);

        Scrape after = scrape();
        assertThat(after.value(sites)).isEqualTo(before.valueOrZero(sites) + 3);
        assertThat(after.value(site1)).as("one series for every site id").isEqualTo(before.valueOrZero(site1) + 1);
        assertThat(after.value(missing)).isEqualTo(before.valueOrZero(missing) + 1);
        assertThat(after.value("onduty_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/sites\","
                + "status=\"2xx\",le=\"+Inf\"}")).isEqualTo(after.value(sites));
        assertThat(after.samples().keySet()).noneMatch(k -> k.contains("/api/sites/" + site));
    }
}
