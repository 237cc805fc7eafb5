package vn.onduty.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aSite;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The request log as config.yml writes it: every request except an agent's heartbeat or command poll answered
 * without an error (RoutineAgentRequests), which every agent sends all day.
 */
class RequestLogIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(RequestLogIT.class);
    static final Path LOG = TestApp.removed("target/request-log-it/requests.log");

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, "request-log-config.yml");

    static DeviceAgent agent;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        Api admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        agent = DeviceAgent.register(APP, admin, aSite().createdBy(admin));
    }

    @Test
    void anAgentsRoutineRequestsAreLeftOutAndEverythingElseIsLogged() throws Exception {
        String last = "/api/agent/me";
        assertThat(agent.heartbeat(Map.of("at", Instant.now().toString())).status()).isEqualTo(200);
        assertThat(agent.api().get("/api/agent/commands").status()).isEqualTo(200);
        assertThat(agent.api().get("/api/agent/commands?wait=1").status()).isEqualTo(200);
        assertThat(agent.heartbeat(Map.of("at", "yesterday")).status()).as("refused").isBetween(400, 499);
        assertThat(Api.at(APP).as("not-a-token").get("/api/agent/commands").status()).isEqualTo(401);
        assertThat(agent.api().get("/api/agent/cameras").status()).isEqualTo(200);
        assertThat(agent.api().get(last).status()).isEqualTo(200);

        List<String> lines = linesOnceLogged(last);
        assertThat(lines).filteredOn(l -> l.contains("\"POST /api/agent/heartbeat")).as("only the refused heartbeat")
                .singleElement().satisfies(l -> assertThat(l).containsPattern("\" 4\\d\\d "));
        assertThat(lines).filteredOn(l -> l.contains("\"GET /api/agent/commands")).as("only the refused poll")
                .singleElement().satisfies(l -> assertThat(l).contains("\" 401 "));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"GET /api/agent/cameras"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"POST /api/auth/login"));
    }

    /** The log is written by a background appender: the last request's line comes shortly after its answer. */
    private static List<String> linesOnceLogged(String lastPath) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<String> lines = Files.exists(LOG) ? Files.readAllLines(LOG, StandardCharsets.UTF_8) : List.of();
            if (lines.stream().anyMatch(l -> l.contains(lastPath)) || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(50);
        }
    }
}
