package vn.onduty.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.onduty.agent.AgentConfig.ConfigException;

class AgentConfigTest {

    private static final Function<String, String> NO_ENV = name -> null;
    private static final String SERVER = """
            server:
              url: https://onduty.example.gov.vn
              token: agt_abc
            """;

    private static AgentConfig parse(String yaml) {
        return AgentConfig.parse(yaml, "agent.yml", NO_ENV);
    }

    @Test
    void readsEveryKey() {
        AgentConfig config = parse(SERVER + """
                outbox:
                  path: /var/lib/onduty/outbox.db
                  batchSize: 200
                adminPort: 9091
                heartbeatSeconds: 30
                commandPollSeconds: 5
                sensors:
                  - name: cua-chinh
                    port: /dev/ttyUSB0
                    baud: 115200
                    address: 0x12345678
                    password: "0xCAFEBABE"
                    pollMillis: 100
                    duplicateWindowSeconds: 30
                  - name: cua-phu
                    port: COM3
                """);

        assertThat(config.server().url()).isEqualTo(URI.create("https://onduty.example.gov.vn"));
        assertThat(config.server().token()).isEqualTo("agt_abc");
        assertThat(config.outbox().path()).isEqualTo(Path.of("/var/lib/onduty/outbox.db"));
        assertThat(config.outbox().batchSize()).isEqualTo(200);
        assertThat(config.adminPort()).isEqualTo(9091);
        assertThat(config.heartbeatSeconds()).isEqualTo(30);
        assertThat(config.commandPollSeconds()).isEqualTo(5);
        assertThat(config.sensors()).containsExactly(
                new SensorConfig("cua-chinh", "/dev/ttyUSB0", 115_200, 0x12345678L, 0xCAFEBABEL, 100, 30),
                SensorConfig.withDefaults("cua-phu", "COM3"));
    }

    @Test
    void everyOtherKeyHasADefault() {
        AgentConfig config = parse(SERVER);

        assertThat(config.outbox().path()).isEqualTo(Path.of("data/agent/outbox.db"));
        assertThat(config.outbox().batchSize()).isEqualTo(500);
        assertThat(config.adminPort()).isEqualTo(8091);
        assertThat(config.heartbeatSeconds()).isEqualTo(15);
        assertThat(config.commandPollSeconds()).isEqualTo(2);
        assertThat(config.sensors()).isEmpty();
        assertThat(SensorConfig.withDefaults("a", "p")).isEqualTo(
                new SensorConfig("a", "p", 57_600, 0xFFFF_FFFFL, 0, 200, 60));
    }

    @Test
    void readsValuesFromTheEnvironment() {
        Map<String, String> env = Map.of("ONDUTY_AGENT_TOKEN", "agt_from_env", "SENSOR_BAUD", "9600");
        AgentConfig config = AgentConfig.parse("""
                server:
                  url: https://${ONDUTY_HOST:-onduty.local}/center
                  token: ${ONDUTY_AGENT_TOKEN}
                sensors:
                  - name: cua-chinh
                    port: ${SENSOR_PORT:-/dev/ttyUSB0}
                    baud: ${SENSOR_BAUD}
                """, "agent.yml", env::get);

        assertThat(config.server().url()).isEqualTo(URI.create("https://onduty.local/center"));
        assertThat(config.server().token()).isEqualTo("agt_from_env");
        assertThat(config.sensors().get(0).port()).isEqualTo("/dev/ttyUSB0");
        assertThat(config.sensors().get(0).baud()).isEqualTo(9600);
    }

    @Test
    void theShippedExampleIsValid() {
        AgentConfig config = AgentConfig.load(Path.of("agent.example.yml"), Map.of("ONDUTY_AGENT_TOKEN", "agt_x")::get);

        assertThat(config.server().token()).isEqualTo("agt_x");
        assertThat(config.outbox().path()).isEqualTo(AgentConfig.DEFAULT_OUTBOX_PATH);
        assertThat(config.adminPort()).isEqualTo(AgentConfig.DEFAULT_ADMIN_PORT);
        assertThat(config.sensors()).isEmpty();
    }

    @Test
    void theExampleSensorEntryIsValidOnceUncommented() throws Exception {
        String example = Files.readString(Path.of("agent.example.yml"))
                .replace("sensors: []", "sensors:")
                .replaceAll("(?m)^#(  - |    )", "$1");
        AgentConfig config = AgentConfig.parse(example, "agent.yml", Map.of("ONDUTY_AGENT_TOKEN", "agt_x")::get);

        assertThat(config.sensors()).containsExactly(SensorConfig.withDefaults("cua-chinh", "/dev/ttyUSB0"));
    }

    @Test
    void neverShowsTheTokenInText() {
        assertThat(parse(SERVER).toString()).doesNotContain("agt_abc");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no server                | adminPort: 1                                                          | agent.yml: server: is required
            no url                   | server: {token: agt_x}                                                 | agent.yml: server.url: is required
            url not http             | server: {url: 'ftp://x.vn', token: agt_x}                              | agent.yml: server.url: must be an http:// or https:// URL
            blank token              | server: {url: 'https://x.vn', token: ''}                               | agent.yml: server.token: is required
            unset variable           | server: {url: 'https://x.vn', token: '${ONDUTY_AGENT_TOKEN}'}          | agent.yml: server.token: environment variable ONDUTY_AGENT_TOKEN is not set
            misspelt key             | {server: {url: 'https://x.vn', token: t}, outbox: {batchsize: 10}}     | agent.yml: outbox.batchsize: unknown key; expected one of path, batchSize
            batch over the limit     | {server: {url: 'https://x.vn', token: t}, outbox: {batchSize: 2000}}   | agent.yml: outbox.batchSize: must be 1..1000, got 2000
            port not a number        | {server: {url: 'https://x.vn', token: t}, adminPort: eighty}           | agent.yml: adminPort: must be a whole number, got 'eighty'
            sensors not a list       | {server: {url: 'https://x.vn', token: t}, sensors: {name: a}}          | agent.yml: sensors: must be a list
            sensor without port      | {server: {url: 'https://x.vn', token: t}, sensors: [{name: a}]}        | agent.yml: sensors[0].port: is required
            odd baud                 | {server: {url: 'https://x.vn', token: t}, sensors: [{name: a, port: p}, {name: b, port: q, baud: 57000}]} | agent.yml: sensors[1].baud: must be 9600 × N
            address too large        | {server: {url: 'https://x.vn', token: t}, sensors: [{name: a, port: p, address: '0x1FFFFFFFF'}]} | agent.yml: sensors[0].address: must be 0..0xFFFFFFFF
            duplicate sensor name    | {server: {url: 'https://x.vn', token: t}, sensors: [{name: a, port: p}, {name: a, port: q}]} | agent.yml: sensors[1].name: 'a' is used by another sensor
            shared port              | {server: {url: 'https://x.vn', token: t}, sensors: [{name: a, port: p}, {name: b, port: p}]} | agent.yml: sensors[1].port: 'p' is used by another sensor
            sensor name with spaces  | {server: {url: 'https://x.vn', token: t}, sensors: [{name: Cửa chính, port: p}]} | agent.yml: sensors[0].name: must be 1-64 characters
            """)
    void refusesABadValueNamingItsKey(String problem, String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void saysWhereToStartWhenTheFileIsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> AgentConfig.load(dir.resolve("agent.yml"), NO_ENV))
                .hasMessageContaining(dir.resolve("agent.yml").toString())
                .hasMessageContaining("agent.example.yml");
    }

    @Test
    void namesTheLineOfBrokenYaml(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.yml");
        Files.writeString(file, "server:\n  url: [unclosed\n");
        assertThatThrownBy(() -> AgentConfig.load(file, NO_ENV))
                .hasMessageStartingWith("site.yml is not valid YAML")
                .hasMessageContaining("line");
    }

    @Test
    void readsTheCameraBlockAndDefaultsTheReferencesBesideTheOutbox() {
        AgentConfig defaults = parse(SERVER + "outbox:\n  path: /var/lib/onduty/outbox.db\n");
        assertThat(defaults.camera()).isEqualTo(new AgentConfig.CameraConfig(30, Path.of("/var/lib/onduty/cameras"),
                false, 60, 15, 90, 120));

        AgentConfig config = parse(SERVER + """
                camera:
                  pollSeconds: 10
                  dataDir: /srv/refs
                  autoCalibrate: true
                  autoCalibrateSeconds: 30
                  occupiedSeconds: 20
                  emptySeconds: 120
                  attentionMinutes: 60
                """);
        assertThat(config.camera()).isEqualTo(new AgentConfig.CameraConfig(10, Path.of("/srv/refs"), true, 30, 20, 120, 60));
    }

    @Test
    void namesTheCameraKeyThatIsWrong() {
        assertThatThrownBy(() -> parse(SERVER + "camera:\n  autoCalibrate: maybe\n"))
                .hasMessage("agent.yml: camera.autoCalibrate: must be true or false, got 'maybe'");
        assertThatThrownBy(() -> parse(SERVER + "camera:\n  pollSecond: 10\n"))
                .hasMessageStartingWith("agent.yml: camera.pollSecond: unknown key");
    }
}
