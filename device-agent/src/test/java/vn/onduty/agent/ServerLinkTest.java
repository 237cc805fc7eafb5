package vn.onduty.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.onduty.agent.http.AgentHttp;

class ServerLinkTest {

    private FakeAgentServer server;
    private AgentHttp http;
    private final BlockingQueue<AgentCommand> handled = new LinkedBlockingQueue<>();
    private ServerLink link;

    @BeforeEach
    void start() throws Exception {
        server = FakeAgentServer.start();
        http = new AgentHttp(server.url(), FakeAgentServer.TOKEN, "0.1.0", Duration.ofSeconds(2), Duration.ofSeconds(5));
        link = link(ServerLink.Settings.defaults(), (command, progress) -> {
            progress.step(ProgressReporter.STARTED, "Bắt đầu đăng ký vân tay");
            handled.add(command);
        });
    }

    @AfterEach
    void stop() {
        link.close();
        server.close();
    }

    private ServerLink link(ServerLink.Settings settings, CommandHandler handler) {
        return new ServerLink(http, ServerLinkTest::sensorStatuses, () -> 3, handler, settings, Clock.systemUTC(), "0.1.0");
    }

    private static List<Map<String, Object>> sensorStatuses() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("name", "cua-chinh");
        status.put("port", "/dev/ttyUSB0");
        status.put("connected", true);
        status.put("capacity", 162);
        status.put("templates", 12);
        status.put("unrecognisedTouches", 3);
        status.put("duplicatesIgnored", 5);
        status.put("lastError", null);
        return List.of(status);
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still false at the deadline").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void sendsTheHeartbeatTheContractDescribes() throws Exception {
        assertThat(link.sendHeartbeat()).isTrue();

        JsonNode heartbeat = server.heartbeats().get(0);
        assertThat(Instant.parse(heartbeat.get("at").asText())).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(heartbeat.get("agentVersion").asText()).isEqualTo("0.1.0");
        assertThat(heartbeat.get("outboxPending").asLong()).isEqualTo(3);
        assertThat(heartbeat.get("sensors").toString()).isEqualTo(
                "[{\"name\":\"cua-chinh\",\"port\":\"/dev/ttyUSB0\",\"connected\":true,\"capacity\":162,"
                        + "\"templates\":12,\"unrecognisedTouches\":3,\"duplicatesIgnored\":5,\"lastError\":null}]");
        assertThat(link.stats().lastHeartbeatAt()).isNotNull();
    }

    @Test
    void measuresHowFarTheServerClockIsOff() throws Exception {
        server.clockOffset(Duration.ofMinutes(5));
        link.sendHeartbeat();

        assertThat(link.stats().clockSkew()).isBetween(Duration.ofSeconds(290), Duration.ofSeconds(310));
    }

    @Test
    void handsEachCommandOverOnce() throws Exception {
        server.commands(List.of(
                Map.of("id", 7, "type", "enroll", "sensor", "cua-chinh", "staffId", 12),
                Map.of("id", 8, "type", "delete_slot", "sensor", "cua-chinh", "slot", 5)));

        assertThat(link.pollCommands()).isEqualTo(2);
        assertThat(link.pollCommands()).isZero();

        AgentCommand enroll = handled.poll(10, TimeUnit.SECONDS);
        AgentCommand delete = handled.poll(10, TimeUnit.SECONDS);
        assertThat(enroll).isEqualTo(new AgentCommand(7, "enroll", "cua-chinh", Map.of("staffId", 12)));
        assertThat(enroll.number("staffId")).hasValue(12);
        assertThat(delete.number("slot")).hasValue(5);

        server.commands(List.of(Map.of("id", 8, "type", "delete_slot", "sensor", "cua-chinh", "slot", 5),
                Map.of("id", 9, "type", "enroll", "sensor", "cua-chinh", "staffId", 13)));
        assertThat(link.pollCommands()).isEqualTo(1);
        assertThat(handled.poll(10, TimeUnit.SECONDS).id()).isEqualTo(9);
        assertThat(handled).isEmpty();
    }

    @Test
    void postsProgressStepsForTheAdminsPage() throws Exception {
        server.commands(List.of(Map.of("id", 7, "type", "enroll", "sensor", "cua-chinh", "staffId", 12)));
        link.pollCommands();

        eventually(() -> !server.progress().isEmpty());
        assertThat(server.progress()).containsExactly("7:started:Bắt đầu đăng ký vân tay");
    }

    @Test
    void explainsARefusedTokenAtStart() {
        server.acceptToken("agt_other");

        assertThatThrownBy(() -> link.checkToken())
                .isInstanceOf(ServerLink.TokenRefusedException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("server.token in agent.yml")
                .hasMessageContaining("/admin/agents");
    }

    @Test
    void learnsWhoItIsAtStart() throws Exception {
        ServerLink.Identity me = link.checkToken();

        assertThat(me.agentId()).isEqualTo(1);
        assertThat(me.name()).isEqualTo("Trung tâm test");
        assertThat(me.siteId()).isEqualTo(1);
        assertThat(link.stats().clockSkew()).isNotNull();
    }

    @Test
    void keepsHeartbeatingAndPollingOnItsOwn() throws Exception {
        link.close();
        link = link(new ServerLink.Settings(Duration.ofMillis(30), Duration.ofMillis(10), Duration.ofSeconds(60)),
                (command, progress) -> handled.add(command));
        server.takeDown(FakeAgentServer.Down.DROP_CONNECTION);
        link.start();
        eventually(() -> link.stats().lastError() != null);

        // A server that was away is picked up again without a restart.
        server.bringUp();
        server.commands(List.of(Map.of("id", 3, "type", "enroll", "sensor", "cua-chinh", "staffId", 1)));
        eventually(() -> server.heartbeats().size() >= 2 && server.commandPolls() >= 2);
        assertThat(handled.poll(10, TimeUnit.SECONDS).id()).isEqualTo(3);
    }

    @Test
    void asksTheServerToHoldTheCommandPoll() throws Exception {
        link.pollCommands();

        assertThat(server.lastCommandQuery()).isEqualTo("wait=25");
    }

    @Test
    void pollsAgainAtOnceAfterAHeldPoll() throws Exception {
        link.close();
        server.holdCommandPolls(Duration.ofMillis(600));
        // pollEvery is long: only polls that follow held ones at once can make three within the time allowed.
        link = link(new ServerLink.Settings(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(60),
                Duration.ofSeconds(1)), (command, progress) -> handled.add(command));
        link.start();

        eventually(() -> server.commandPolls() >= 3);
        server.commands(List.of(Map.of("id", 4, "type", "enroll", "sensor", "cua-chinh", "staffId", 2)));
        assertThat(handled.poll(10, TimeUnit.SECONDS).id()).isEqualTo(4);
    }

    @Test
    void pacesItselfAgainstAServerThatAnswersAtOnce() throws Exception {
        link.close();
        link = link(new ServerLink.Settings(Duration.ofHours(1), Duration.ofMillis(300), Duration.ofSeconds(60)),
                (command, progress) -> handled.add(command));
        long start = System.nanoTime();
        link.start();

        eventually(() -> server.commandPolls() >= 3);
        // Three polls with a pause of pollEvery between them: not a tight loop because the server answered at once.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
}
