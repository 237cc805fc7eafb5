package vn.onduty.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * The device agent as a site computer runs it: {@code java -jar device-agent/target/onduty-agent.jar
 * agent.yml}, in its own JVM, on an outbox file that outlives it. Each start writes agent.yml afresh
 * (a new free port for /health); the outbox path stays the same, so a restarted agent picks up what
 * the killed one left.
 */
final class AgentProcess implements AutoCloseable {

    /** One {@code sensors:} entry. */
    record Sensor(String name, String port, int pollMillis, int duplicateWindowSeconds) {
    }

    /**
     * The {@code camera:} block and how often the agent reports; see agent.example.yml. Short dwells and
     * a quick auto-calibration let a test see a generated video's seats change within a minute.
     */
    record CameraSettings(int heartbeatSeconds, int pollSeconds, int autoCalibrateSeconds, int occupiedSeconds,
                          int emptySeconds) {
    }

    private static final Pattern RUNNING = Pattern.compile("OnDuty agent running");

    private final Path root;
    private final Path dir;
    private final String serverUrl;
    private final String token;
    private final List<Sensor> sensors;
    private final CameraSettings camera;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private LoggedProcess process;
    private int healthPort;
    private int starts;

    AgentProcess(Path root, Path dir, String serverUrl, String token, List<Sensor> sensors) {
        this(root, dir, serverUrl, token, sensors, null);
    }

    /** @param camera the camera settings; null leaves them at the agent's defaults */
    AgentProcess(Path root, Path dir, String serverUrl, String token, List<Sensor> sensors, CameraSettings camera) {
        this.root = root;
        this.dir = dir;
        this.serverUrl = serverUrl;
        this.token = token;
        this.sensors = sensors;
        this.camera = camera;
        if (!Files.isRegularFile(jar())) {
            throw new IllegalStateException(jar() + " is missing; build it first (./mvnw -DskipTests install)");
        }
    }

    Path jar() {
        return root.resolve("device-agent/target/onduty-agent.jar");
    }

    Path outboxFile() {
        return dir.resolve("outbox.db");
    }

    Path log() {
        return dir.resolve("agent.out");
    }

    int starts() {
        return starts;
    }

    /** Starts the agent without waiting for it: a kill may come while it is still starting, as in real life. */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running as " + process.pid());
        }
        healthPort = ServerProcess.freePort();
        Path config = dir.resolve("agent.yml");
        Files.createDirectories(dir);
        Files.writeString(config, yaml());
        // A test agent lives seconds, not months: the C1 compiler alone and the serial collector spend the
        // CPU of each of its many starts on its work rather than on optimising code it will not live to run.
        ProcessBuilder builder = new ProcessBuilder(LoggedProcess.java(), "-Dfile.encoding=UTF-8",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toString(), config.toString());
        builder.directory(dir.toFile());
        // The token travels as the example agent.yml suggests: in the environment, not in the file.
        builder.environment().put("ONDUTY_AGENT_TOKEN", token);
        process = LoggedProcess.start(builder, log());
        starts++;
    }

    /** Whether the agent has said it is running: outbox open, sensors started, health answering. */
    boolean isUp() {
        return process != null && process.hasPrinted(RUNNING);
    }

    /** SIGKILL: no shutdown hook, no last flush, the outbox file left as the kernel found it. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM: the agent's shutdown hook stops the sensors and makes a last delivery attempt. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Events waiting in the outbox as the running agent's /health reports them; empty while it does not answer. */
    OptionalLong pending() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + healthPort + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode pending = json.readTree(response.body()).path("outbox").path("pending");
            return pending.canConvertToLong() ? OptionalLong.of(pending.asLong()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** What the outbox file holds; read with the agent stopped. */
    record OutboxState(long lastSeq, long pending, long rejected) {
    }

    /** Table and column names as {@code vn.onduty.agent.outbox.Outbox} creates them. */
    OutboxState outboxState(String stream) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection db = config.createConnection("jdbc:sqlite:" + outboxFile().toAbsolutePath())) {
            long lastSeq;
            try (PreparedStatement st = db.prepareStatement("SELECT last_seq FROM stream_seq WHERE stream = ?")) {
                st.setString(1, stream);
                try (ResultSet rs = st.executeQuery()) {
                    lastSeq = rs.next() ? rs.getLong(1) : 0;
                }
            }
            return new OutboxState(lastSeq, count(db, "SELECT count(*) FROM event"),
                    count(db, "SELECT count(*) FROM rejected"));
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("server:\n");
        y.append("  url: ").append(serverUrl).append('\n');
        y.append("  token: ${ONDUTY_AGENT_TOKEN}\n");
        y.append("outbox:\n");
        y.append("  path: ").append(outboxFile().toAbsolutePath()).append('\n');
        y.append("adminPort: ").append(healthPort).append('\n');
        if (camera != null) {
            y.append("heartbeatSeconds: ").append(camera.heartbeatSeconds()).append('\n');
            y.append("camera:\n");
            y.append("  dataDir: ").append(dir.resolve("cameras").toAbsolutePath()).append('\n');
            y.append("  pollSeconds: ").append(camera.pollSeconds()).append('\n');
            y.append("  autoCalibrate: true\n");
            y.append("  autoCalibrateSeconds: ").append(camera.autoCalibrateSeconds()).append('\n');
            y.append("  occupiedSeconds: ").append(camera.occupiedSeconds()).append('\n');
            y.append("  emptySeconds: ").append(camera.emptySeconds()).append('\n');
        }
        y.append("sensors:\n");
        for (Sensor s : sensors) {
            y.append("  - name: ").append(s.name()).append('\n');
            y.append("    port: ").append(s.port()).append('\n');
            y.append("    pollMillis: ").append(s.pollMillis()).append('\n');
            y.append("    duplicateWindowSeconds: ").append(s.duplicateWindowSeconds()).append('\n');
        }
        return y.toString();
    }
}
