/*
 * Latency benchmark: from the instant a simulated sensor sends its match reply to the instant the
 * punch's row is committed in PostgreSQL, through a real agent process and a real server process.
 *
 *   ./onduty bench latency [touches]        (default 300 touches, after 30 warm-up touches)
 *
 * It starts its own server (server/target/onduty-server.jar, embedded PostgreSQL in a temp directory),
 * creates an admin, a site and an agent, starts three simulated R30x sensors on pseudo-terminals in
 * this JVM and the agent (device-agent/target/onduty-agent.jar) in its own JVM with an agent.yml that
 * sets nothing but the server, token, outbox path and sensor ports: every timing setting at its default.
 * Each sensor is touched by one finger after another, a random 0-0.5 s after the previous finger left.
 *
 * The commit is observed with LISTEN/NOTIFY: the benchmark adds a trigger to the punch table of its own
 * throwaway database that notifies with the punch's seq; PostgreSQL delivers a notification only when
 * the inserting transaction commits, so its arrival is the moment the row became visible to everyone
 * (plus well under a millisecond of local delivery). punch.received_at is now() of the inserting
 * transaction, i.e. when it began, and would leave out the transaction itself; it is shown as a
 * breakdown, beside the agent's own timestamp of the match (punch.at). All clocks are this machine's.
 *
 * Run with: java -cp server/target/onduty-server.jar:device-agent/target/onduty-agent.jar bench/LatencyBench.java
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import vn.onduty.agent.sim.SensorSimulator;
import vn.onduty.agent.sim.SimulatedSensor;

public class LatencyBench {

    static final int SENSORS = 3;
    static final int CAPACITY = 162;
    static final int FINGERS = 150;
    /** Touches first, per sensor, left out of the figures: JIT and connection pools, on both sides. */
    static final int WARMUP_PER_SENSOR = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    /** A match reply the simulator sent: which sensor, which slot, when, and whether it was a warm-up touch. */
    record Reply(String sensor, int slot, Instant sentAt, boolean warmup) {
    }

    /** A stored punch, as the database has it. */
    record Row(long seq, String sensor, int slot, Instant at, Instant receivedAt) {
    }

    public static void main(String[] args) throws Exception {
        int touches = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("onduty-latency");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String serverJar = Path.of("server/target/onduty-server.jar").toAbsolutePath().toString();
        String agentJar = Path.of("device-agent/target/onduty-agent.jar").toAbsolutePath().toString();
        int port = freePort();
        int adminPort = freePort();
        Map<String, String> env = Map.of("ONDUTY_DATA_DIR", dir.resolve("pg").toString(),
                "ONDUTY_LOG_DIR", dir.resolve("logs").toString(),
                "ONDUTY_PORT", String.valueOf(port), "ONDUTY_ADMIN_PORT", String.valueOf(adminPort));

        ProcessBuilder admin = new ProcessBuilder(java, "-jar", serverJar, "create-admin", "config.yml",
                "--username", "bench", "--password-stdin").redirectErrorStream(true);
        admin.environment().putAll(env);
        Process a = admin.start();
        try (OutputStream in = a.getOutputStream()) {
            in.write("bench-password\n".getBytes(StandardCharsets.UTF_8));
        }
        String adminOut = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (a.waitFor() != 0) {
            throw new IllegalStateException("create-admin failed:\n" + adminOut);
        }

        Path serverLog = dir.resolve("server.out");
        ProcessBuilder sb = new ProcessBuilder(java, "-jar", serverJar, "server", "config.yml")
                .redirectErrorStream(true).redirectOutput(serverLog.toFile());
        sb.environment().putAll(env);
        Process server = sb.start();
        // Ctrl+C must not leave a server, its PostgreSQL or an agent behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroy)));
        Process agent = null;
        List<SensorSimulator> simulators = new ArrayList<>();
        try {
            int pgPort = Integer.parseInt(awaitLine(server, serverLog,
                    Pattern.compile("Embedded PostgreSQL ready on port (\\d+)")).group(1));
            awaitLine(server, serverLog, Pattern.compile("Web pages and API listening on "));
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String token = post(http, base + "/api/auth/login", null,
                    Map.of("username", "bench", "password", "bench-password")).path("token").asText();
            long siteId = post(http, base + "/api/sites", token, Map.of("name", "Latency site")).path("id").asLong();
            JsonNode created = post(http, base + "/api/agents", token, Map.of("siteId", siteId, "name", "latency agent"));
            String agentToken = created.path("token").asText();

            // The commit, as PostgreSQL tells it: a notification leaves only when the transaction commits.
            String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/onduty";
            // As the owner, whose password the server generated beside its data directory.
            java.util.Properties owner = new java.util.Properties();
            try (var in = Files.newBufferedReader(dir.resolve("pg.credentials"))) {
                owner.load(in);
            }
            Connection listen = DriverManager.getConnection(url, owner.getProperty("owner.user"),
                    owner.getProperty("owner.password"));
            try (Statement st = listen.createStatement()) {
                st.execute("""
                        create function bench_punch_committed() returns trigger language plpgsql as $$
                        begin perform pg_notify('bench_punch_committed', new.seq::text); return null; end $$""");
                st.execute("""
                        create trigger bench_punch_committed after insert on punch
                        for each row execute function bench_punch_committed()""");
                st.execute("listen bench_punch_committed");
            }
            Map<Long, Instant> committedAt = new ConcurrentHashMap<>();
            Thread listener = new Thread(() -> {
                try {
                    PGConnection pg = listen.unwrap(PGConnection.class);
                    while (!Thread.currentThread().isInterrupted()) {
                        PGNotification[] notes = pg.getNotifications(200);
                        Instant now = Instant.now();
                        if (notes != null) {
                            for (PGNotification n : notes) {
                                committedAt.put(Long.parseLong(n.getParameter()), now);
                            }
                        }
                    }
                } catch (Exception e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        e.printStackTrace();
                    }
                }
            }, "notifications");
            listener.setDaemon(true);
            listener.start();

            List<Reply> replies = Collections.synchronizedList(new ArrayList<>());
            StringBuilder sensorsYaml = new StringBuilder();
            for (int k = 0; k < SENSORS; k++) {
                String name = "fp-" + k;
                SimulatedSensor sensor = new SimulatedSensor(CAPACITY, Clock.systemUTC(), k);
                sensor.enrollFingers(FINGERS);
                AtomicInteger count = new AtomicInteger();
                sensor.setMatchListener((finger, slot, score) ->
                        replies.add(new Reply(name, slot, Instant.now(), count.getAndIncrement() < WARMUP_PER_SENSOR)));
                SensorSimulator simulator = SensorSimulator.start(sensor, null, k);
                simulators.add(simulator);
                sensorsYaml.append("  - name: ").append(name).append("\n    port: ").append(simulator.portPath()).append('\n');
            }
            Path agentYml = dir.resolve("agent.yml");
            Files.writeString(agentYml, "server:\n  url: " + base + "\n  token: ${ONDUTY_AGENT_TOKEN}\n"
                    + "outbox:\n  path: " + dir.resolve("outbox.db") + "\nadminPort: 0\nsensors:\n" + sensorsYaml);
            Path agentLog = dir.resolve("agent.out");
            ProcessBuilder ab = new ProcessBuilder(java, "-jar", agentJar, agentYml.toString())
                    .redirectErrorStream(true).redirectOutput(agentLog.toFile());
            ab.environment().put("ONDUTY_AGENT_TOKEN", agentToken);
            agent = ab.start();
            awaitLine(agent, agentLog, Pattern.compile("OnDuty agent running"));

            // One finger after another on each sensor, as people queueing at a door.
            List<Thread> feeders = new ArrayList<>();
            for (int k = 0; k < SENSORS; k++) {
                SimulatedSensor sensor = simulators.get(k).sensor();
                int perSensor = WARMUP_PER_SENSOR + touches / SENSORS + (k < touches % SENSORS ? 1 : 0);
                Random random = new Random(k);
                Thread feeder = new Thread(() -> {
                    try {
                        for (int i = 0; i < perSensor; i++) {
                            while (sensor.pendingTouches() > 0) {
                                Thread.sleep(10);
                            }
                            Thread.sleep(random.nextInt(500));
                            // 2-3 polls of 200 ms on the window: a touch of 0.4-0.6 s.
                            sensor.touch(i % FINGERS + 1, 2 + random.nextInt(2));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "touch-fp-" + k);
                feeders.add(feeder);
                feeder.start();
            }
            long t0 = System.nanoTime();
            for (Thread feeder : feeders) {
                feeder.join();
            }
            int expected = touches + SENSORS * WARMUP_PER_SENSOR;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((replies.size() < expected || committedAt.size() < replies.size()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            listener.interrupt();

            List<Row> rows = new ArrayList<>();
            try (Connection db = DriverManager.getConnection(url, owner.getProperty("owner.user"),
                    owner.getProperty("owner.password"));
                 Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("""
                         select p.seq, s.name, p.slot, p.at, p.received_at
                           from punch p join sensor s on s.id = p.sensor_id order by p.seq""")) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getInt(3),
                            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()));
                }
            }
            report(touches, seconds, replies, rows, committedAt);
        } finally {
            if (agent != null) {
                agent.destroy();
                agent.waitFor();
            }
            simulators.forEach(SensorSimulator::close);
            server.destroy();
            server.waitFor();
        }
        deleteTree(dir);
    }

    /** Pairs each stored punch with the reply it came from: per (sensor, slot), in order. */
    static void report(int touches, double seconds, List<Reply> replies, List<Row> rows, Map<Long, Instant> committedAt) {
        Map<String, Deque<Reply>> byKey = new HashMap<>();
        synchronized (replies) {
            replies.stream().sorted(Comparator.comparing(Reply::sentAt))
                    .forEach(r -> byKey.computeIfAbsent(r.sensor() + "/" + r.slot(), x -> new ArrayDeque<>()).add(r));
        }
        List<Double> toCommit = new ArrayList<>();
        List<Double> toAgentStamp = new ArrayList<>();
        List<Double> toTransactionStart = new ArrayList<>();
        List<Double> transaction = new ArrayList<>();
        int unpaired = 0;
        int uncommitted = 0;
        for (Row row : rows) {
            Reply reply = byKey.getOrDefault(row.sensor() + "/" + row.slot(), new ArrayDeque<>()).poll();
            Instant committed = committedAt.get(row.seq());
            if (reply == null) {
                unpaired++;
                continue;
            }
            if (committed == null) {
                uncommitted++;
                continue;
            }
            if (reply.warmup()) {
                continue;
            }
            toCommit.add(millis(reply.sentAt(), committed));
            toAgentStamp.add(millis(reply.sentAt(), row.at()));
            toTransactionStart.add(millis(reply.sentAt(), row.receivedAt()));
            transaction.add(millis(row.receivedAt(), committed));
        }
        int repliesLeft = byKey.values().stream().mapToInt(Deque::size).sum();
        System.out.printf("touches=%d (+%d warm-up) sensors=%d punches=%d measured=%d in %.0f s, cores=%d%n",
                touches, SENSORS * WARMUP_PER_SENSOR, SENSORS, rows.size(), toCommit.size(), seconds,
                Runtime.getRuntime().availableProcessors());
        if (unpaired + uncommitted + repliesLeft > 0) {
            System.out.printf("WARNING: %d punches without a reply, %d without a commit notification, %d replies without a punch%n",
                    unpaired, uncommitted, repliesLeft);
        }
        System.out.println("milliseconds from the match reply to:     p50     p90     p99     max");
        line("  the agent's timestamp (punch.at)", toAgentStamp);
        line("  the server transaction's start", toTransactionStart);
        line("  the committed row (NOTIFY)", toCommit);
        line("the server transaction, start to commit", transaction);
    }

    static void line(String label, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        System.out.printf("%-40s %7.1f %7.1f %7.1f %7.1f%n", label, percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    static JsonNode post(HttpClient http, String url, String token, Object body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
        }
        return JSON.readTree(res.body());
    }

    /** Waits for a line in a process's log file; fails when the process ends first. */
    static Matcher awaitLine(Process process, Path log, Pattern pattern) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process ended before /" + pattern + "/; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no /" + pattern + "/ within 3 min; see " + log);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
