package vn.onduty.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {

    @TempDir
    Path dir;

    private FakeAgentServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeAgentServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AgentConfig config(int adminPort) {
        return new AgentConfig(new AgentConfig.ServerConfig(server.url(), FakeAgentServer.TOKEN),
                new AgentConfig.OutboxConfig(dir.resolve("outbox.db"), 500), adminPort, 1, 1, List.of());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still false at the deadline").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void deliversEventsAndReportsHealthAsJson() throws Exception {
        try (AgentMain.Running agent = AgentMain.start(config(0), Clock.systemUTC())) {
            agent.outbox().emit("fingerprint", "punch", Instant.parse("2026-11-26T00:31:05Z"),
                    Map.of("sensor", "cua-chinh", "slot", 5, "score", 80));
            eventually(() -> agent.uploader().stats().lastSuccessAt() != null && !server.heartbeats().isEmpty());

            HttpResponse<String> response = get("http://127.0.0.1:" + agent.adminPort() + "/health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode health = new ObjectMapper().readTree(response.body());
            assertThat(health.get("ok").asBoolean()).isTrue();
            assertThat(health.at("/server/answering").asBoolean()).isTrue();
            assertThat(health.at("/outbox/pending").asLong()).isZero();
            assertThat(Instant.parse(health.at("/outbox/lastSuccessAt").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(health.at("/outbox/lastError").isNull()).isTrue();
            assertThat(health.get("sensors").isArray()).isTrue();
            assertThat(health.get("sensors")).isEmpty();
            assertThat(server.heartbeats().get(0).get("agentVersion").asText()).isEqualTo(AgentMain.version());
        }
    }

    @Test
    void healthSaysUnavailableWhileEventsCannotBeDelivered() throws Exception {
        server.takeDown(FakeAgentServer.Down.UNAVAILABLE);
        try (AgentMain.Running agent = AgentMain.start(config(0), Clock.systemUTC())) {
            agent.outbox().emit("fingerprint", "unrecognised_touch", Instant.now(), Map.of("sensor", "cua-chinh"));
            eventually(() -> agent.uploader().stats().consecutiveFailures() > 0);

            HttpResponse<String> response = get("http://127.0.0.1:" + agent.adminPort() + "/health");

            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode health = new ObjectMapper().readTree(response.body());
            assertThat(health.get("ok").asBoolean()).isFalse();
            assertThat(health.at("/outbox/pending").asLong()).isEqualTo(1);
            assertThat(health.at("/outbox/lastError").asText()).contains("503");
        }
    }

    @Test
    void healthSaysUnavailableWhileTheServerRefusesTheToken() throws Exception {
        server.acceptToken("agt_rotated");
        try (AgentMain.Running agent = AgentMain.start(config(0), Clock.systemUTC())) {
            eventually(() -> !agent.link().stats().answering());

            HttpResponse<String> response = get("http://127.0.0.1:" + agent.adminPort() + "/health");

            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode health = new ObjectMapper().readTree(response.body());
            assertThat(health.at("/server/answering").asBoolean()).isFalse();
            assertThat(health.at("/server/lastError").asText()).contains("401");
        }
    }

    @Test
    void keepsTheEventsOfAStoppedAgentForTheNextStart() throws Exception {
        server.takeDown(FakeAgentServer.Down.UNAVAILABLE);
        try (AgentMain.Running agent = AgentMain.start(config(0), Clock.systemUTC())) {
            agent.outbox().emit("fingerprint", "unrecognised_touch", Instant.now(), Map.of("sensor", "cua-chinh"));
        }
        server.bringUp();
        try (AgentMain.Running agent = AgentMain.start(config(0), Clock.systemUTC())) {
            eventually(() -> server.storedCount() == 1);
            assertThat(server.storedSeqs()).containsEntry("fingerprint", List.of(1L));
        }
    }

    @Test
    void aSecondAgentOnTheSameAdminPortIsToldWhy() {
        try (AgentMain.Running first = AgentMain.start(config(0), Clock.systemUTC())) {
            assertThatThrownBy(() -> AgentMain.start(config(first.adminPort()), Clock.systemUTC()))
                    .hasMessageContaining("adminPort " + first.adminPort())
                    .hasMessageContaining("another agent");
        }
    }

    @Test
    void exitsWithTwoAndNamesTheKeyOfABadConfig() throws Exception {
        Path file = dir.resolve("agent.yml");
        Files.writeString(file, """
                server:
                  url: https://onduty.example.gov.vn
                  token: ${ONDUTY_AGENT_TOKEN}
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = AgentMain.run(new String[] {file.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), name -> null);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("agent.yml: server.token: environment variable ONDUTY_AGENT_TOKEN is not set "
                        + "(write ${ONDUTY_AGENT_TOKEN:-default} to give a default)" + System.lineSeparator());
    }

    @Test
    void listsTheSerialPorts() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = AgentMain.run(new String[] {"--list-ports"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, name -> null);

        assertThat(code).isZero();
        // Either one line per port ("path<TAB>description") or the hint to plug one in.
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("\\S+\t.*|No serial ports found\\..*"));
    }

    @Test
    void checksThatFfmpegAndTheSerialLibraryAreInTheJarAndLoadOnThisPlatform() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = AgentMain.run(new String[] {"--check-natives"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, name -> null);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("found   jniavformat: ", "found   jSerialComm: ", "FFmpeg loads: ", "jSerialComm loads: ")
                .doesNotContain("MISSING");
    }

    @Test
    void refusesUnknownOptionsWithTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = AgentMain.run(new String[] {"--port", "x"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8),
                name -> null);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--list-ports");
    }
}
