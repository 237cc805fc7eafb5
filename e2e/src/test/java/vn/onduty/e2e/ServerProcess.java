package vn.onduty.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The OnDuty server as an installer runs it: {@code java -jar server/target/onduty-server.jar server
 * config.yml}, on its embedded PostgreSQL, with data, logs and ports of its own. It can be stopped and
 * started again on the same data, as an operator restarting the service would.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern POSTGRES_READY = Pattern.compile("Embedded PostgreSQL ready on port (\\d+)");
    private static final Pattern STARTED = Pattern.compile("Web pages and API listening on ");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path root;
    private final Path dir;
    private final int port;
    private final int adminPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    // Started and stopped by a test's outage thread, stopped by its clean-up on the main thread.
    private volatile LoggedProcess process;
    private volatile int postgresPort;

    /**
     * @param root the project directory (config.yml and server/target/onduty-server.jar)
     * @param dir  where its PostgreSQL data and logs go
     */
    ServerProcess(Path root, Path dir) {
        this.root = root;
        this.dir = dir;
        this.port = freePort();
        this.adminPort = freePort();
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it first (./mvnw -DskipTests install)");
        }
    }

    Path jar() {
        return root.resolve("server/target/onduty-server.jar");
    }

    /** The admin account, by the same CLI command an installer uses; run before the first start. */
    void createAdmin(String username, String password) throws IOException, InterruptedException {
        ProcessBuilder builder = command("create-admin", "config.yml", "--username", username, "--password-stdin");
        builder.redirectErrorStream(true);
        Process p = builder.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("create-admin failed:\n" + out);
        }
    }

    /** Starts the server and returns once it answers; the embedded PostgreSQL may get a new port each time. */
    void start() throws InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running as " + process.pid());
        }
        process = LoggedProcess.start(command("server", "config.yml"), dir.resolve("logs/server.out"));
        postgresPort = Integer.parseInt(process.awaitLine(POSTGRES_READY, START_TIMEOUT).group(1));
        process.awaitLine(STARTED, START_TIMEOUT);
    }

    /**
     * Stops the server as systemd would (SIGTERM: Jetty, the pool and PostgreSQL shut down in order).
     * Should it hang, it is killed and its PostgreSQL, which would then outlive it, is stopped by pid.
     */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (!process.stop(Duration.ofSeconds(60))) {
            stopOrphanedPostgres();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return dir.resolve("logs/server.out");
    }

    /**
     * The server's own database, as its owner (whose password the server generated beside the data directory);
     * valid until the next restart.
     */
    Connection database() throws SQLException {
        java.util.Properties credentials = new java.util.Properties();
        try (var in = Files.newBufferedReader(dir.resolve("pg.credentials"))) {
            credentials.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/onduty",
                credentials.getProperty("owner.user"), credentials.getProperty("owner.password"));
    }

    /** Logs in with a password and returns the API token. */
    String login(String username, String password) {
        return post("/api/auth/login", null, Map.of("username", username, "password", password)).path("token").asText();
    }

    JsonNode post(String path, String bearer, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An authenticated GET of a JSON answer; {@code pathAndQuery} is sent as given (encode the query first). */
    JsonNode get(String pathAndQuery, String bearer) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + bearer)
                    .GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private ProcessBuilder command(String... args) {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(LoggedProcess.java());
        builder.command().add("-Dfile.encoding=UTF-8");
        builder.command().add("-jar");
        builder.command().add(jar().toString());
        builder.command().addAll(java.util.List.of(args));
        builder.directory(root.toFile());
        Map<String, String> env = builder.environment();
        env.put("ONDUTY_DATA_DIR", dir.resolve("pg").toString());
        env.put("ONDUTY_LOG_DIR", dir.resolve("logs").toString());
        env.put("ONDUTY_PORT", String.valueOf(port));
        env.put("ONDUTY_ADMIN_PORT", String.valueOf(adminPort));
        return builder;
    }

    /** PostgreSQL writes its pid as the first line of postmaster.pid; SIGTERM asks it to shut down. */
    private void stopOrphanedPostgres() {
        Path pidFile = dir.resolve("pg/postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> postgres = ProcessHandle.of(pid);
            if (postgres.isPresent()) {
                postgres.get().destroy();
                postgres.get().onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("could not stop the embedded PostgreSQL of " + dir + ": " + e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
