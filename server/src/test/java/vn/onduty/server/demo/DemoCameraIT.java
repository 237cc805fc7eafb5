package vn.onduty.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** The demo's camera as the demo's agent will read it, and the generated history the presence pages show. */
class DemoCameraIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(DemoCameraIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("demo.enabled", "true"));

    @Test
    void theDemoAgentSeesTheLobbyCameraWithTheFourSeatsOfTheFirstCounters() {
        Api agent = Api.at(APP).as(new DemoConfiguration().getAgentToken());

        JsonNode cameras = agent.get("/api/agent/cameras").json().get("cameras");

        assertThat(cameras).hasSize(1);
        JsonNode camera = cameras.get(0);
        assertThat(camera.get("name").asText()).isEqualTo("Camera sảnh A");
        assertThat(camera.get("url").asText()).isEqualTo("data/demo/counters.mp4");
        assertThat(camera.get("enabled").asBoolean()).isTrue();
        List<Map<String, Object>> firstFour = DB.rows("""
                select c.id from counter c join site s on s.id = c.site_id
                 where s.id = (select min(id) from site) order by c.id limit 4""");
        JsonNode zones = camera.get("zones");
        assertThat(zones).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(zones.get(i).get("counterId").asLong()).isEqualTo(firstFour.get(i).get("id"));
            assertThat(zones.get(i).get("polygon")).isEqualTo(Api.JSON.valueToTree(Cameras.seat(i)));
            assertThat(zones.get(i).get("calibrated").asBoolean()).isFalse();
        }
    }

    @Test
    void theGeneratedHistoryIsMarkedAsSuchAndReadsAsIntervals() {
        assertThat(DB.count("agent_event", "stream = 'demo-generated' and payload->>'generated' = 'demo'"))
                .isEqualTo(DB.count("agent_event", "stream = 'demo-generated'")).isGreaterThan(0);
        assertThat(DB.count("occupancy_interval", "state = 'occupied'")).isGreaterThan(0);
        assertThat(DB.count("occupancy_interval", "ended_at is null and state = 'unknown'"))
                .as("the history ends unknown on each zone").isEqualTo(4);
    }
}
