/*
 * Ingest benchmark: punches per second through POST /api/agent/events into PostgreSQL, beside a
 * direct JDBC batch insert of the same rows into the same database in the same run.
 *
 *   ./onduty bench ingest [punches] [clients]        (defaults 200000 punches, 4 clients)
 *
 * It starts its own server (server/target/onduty-server.jar, embedded PostgreSQL in a temp
 * directory), creates an admin, a site and an agent, then each client thread sends batches of
 * 1,000 punches on its own stream. Timing is wall clock from first request to last answer.
 * Run with: java -cp server/target/onduty-server.jar bench/IngestBench.java
 */
import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class IngestBench {

    static final int BATCH = 1000;

    public static void main(String[] args) throws Exception {
        int punches = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Files.createTempDirectory("onduty-bench");
        int port = freePort();
        int adminPort = freePort();
        String jar = Path.of("server/target/onduty-server.jar").toAbsolutePath().toString();
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar, "server", "config.yml");
        pb.environment().put("ONDUTY_DATA_DIR", dir.resolve("pg").toString());
        pb.environment().put("ONDUTY_LOG_DIR", dir.resolve("logs").toString());
        pb.environment().put("ONDUTY_PORT", String.valueOf(port));
        pb.environment().put("ONDUTY_ADMIN_PORT", String.valueOf(adminPort));
        pb.redirectErrorStream(true);

        // The admin account comes from the same CLI command an installer uses.
        ProcessBuilder admin = new ProcessBuilder("java", "-jar", jar, "create-admin", "config.yml",
                "--username", "bench", "--password-stdin");
        admin.environment().putAll(pb.environment());
        admin.redirectErrorStream(true);
        Process a = admin.start();
        try (OutputStream in = a.getOutputStream()) {
            in.write("bench-password\n".getBytes(StandardCharsets.UTF_8));
        }
        String adminOut = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (a.waitFor() != 0) {
            throw new IllegalStateException("create-admin failed:\n" + adminOut);
        }

        Process server = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        int pgPort = waitForStart(server);
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = field(post(http, base + "/api/auth/login", null,
                "{\"username\":\"bench\",\"password\":\"bench-password\"}"), "token");
        String site = post(http, base + "/api/sites", token, "{\"name\":\"Bench site\"}");
        long siteId = Long.parseLong(field(site, "id"));
        String agent = post(http, base + "/api/agents", token, "{\"siteId\":" + siteId + ",\"name\":\"bench agent\"}");
        String agentToken = field(agent, "token");
        long agentId = Long.parseLong(field(agent, "id"));

        // Warm-up: JIT and connection pool, on a stream of its own.
        send(http, base, agentToken, "warmup", 1, 5_000);

        int perClient = punches / clients;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String stream = "bench-" + c;
            all.add(CompletableFuture.runAsync(() -> send(http, base, agentToken, stream, 1, perClient), pool));
        }
        all.forEach(CompletableFuture::join);
        double apiSeconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        int sent = perClient * clients;

        // The same rows, straight into the same tables with a JDBC batch, no HTTP, no validation.
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/onduty?reWriteBatchedInserts=true";
        double jdbcSeconds;
        // As the owner, whose password the server generated beside its data directory.
        java.util.Properties owner = new java.util.Properties();
        try (var in = Files.newBufferedReader(dir.resolve("pg.credentials"))) {
            owner.load(in);
        }
        try (Connection db = DriverManager.getConnection(url, owner.getProperty("owner.user"),
                owner.getProperty("owner.password"))) {
            db.setAutoCommit(false);
            long sensorId;
            try (Statement st = db.createStatement(); var rs = st.executeQuery(
                    "select id from sensor where agent_id = " + agentId + " and name = 'cua-chinh'")) {
                rs.next();
                sensorId = rs.getLong(1);
            }
            long t1 = System.nanoTime();
            try (PreparedStatement ev = db.prepareStatement(
                    "insert into agent_event (agent_id, stream, seq, type, at, payload) values (?, ?, ?, 'punch', ?::timestamptz, ?::jsonb)");
                 PreparedStatement pu = db.prepareStatement(
                    "insert into punch (agent_id, stream, seq, sensor_id, slot, score, at) values (?, ?, ?, ?, ?, ?, ?::timestamptz)")) {
                Instant start = Instant.parse("2026-01-05T00:30:00Z");
                for (int i = 1; i <= sent; i++) {
                    String at = start.plusSeconds(i).toString();
                    ev.setLong(1, agentId); ev.setString(2, "direct"); ev.setLong(3, i); ev.setString(4, at);
                    ev.setString(5, eventJson("direct", i, at));
                    ev.addBatch();
                    pu.setLong(1, agentId); pu.setString(2, "direct"); pu.setLong(3, i); pu.setLong(4, sensorId);
                    pu.setInt(5, i % 150); pu.setInt(6, 80); pu.setString(7, at);
                    pu.addBatch();
                    if (i % BATCH == 0 || i == sent) {
                        ev.executeBatch();
                        pu.executeBatch();
                        db.commit();
                    }
                }
            }
            jdbcSeconds = (System.nanoTime() - t1) / 1e9;
            try (Statement st = db.createStatement(); var rs = st.executeQuery(
                    "select count(*) from punch where stream like 'bench-%'")) {
                rs.next();
                if (rs.getLong(1) != sent) {
                    throw new IllegalStateException("expected " + sent + " punches stored, found " + rs.getLong(1));
                }
            }
        }
        server.destroy();
        server.waitFor();
        double apiRate = sent / apiSeconds;
        double jdbcRate = sent / jdbcSeconds;
        System.out.printf("punches=%d clients=%d batch=%d cores=%d%n", sent, clients, BATCH,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("API  (POST /api/agent/events): %.1f s, %.0f punches/s%n", apiSeconds, apiRate);
        System.out.printf("JDBC (direct batch insert):    %.1f s, %.0f punches/s%n", jdbcSeconds, jdbcRate);
        System.out.printf("API / JDBC: %.0f%%%n", 100 * apiRate / jdbcRate);
    }

    static void send(HttpClient http, String base, String token, String stream, int firstSeq, int count) {
        Instant start = Instant.parse("2026-01-05T00:30:00Z");
        for (int from = 0; from < count; from += BATCH) {
            StringBuilder b = new StringBuilder("{\"events\":[");
            int n = Math.min(BATCH, count - from);
            for (int i = 0; i < n; i++) {
                long seq = firstSeq + from + i;
                if (i > 0) {
                    b.append(',');
                }
                b.append(eventJson(stream, seq, start.plusSeconds(seq).toString()));
            }
            b.append("]}");
            String answer = post(http, base + "/api/agent/events", token, b.toString());
            if (!answer.contains("\"acknowledged\"")) {
                throw new IllegalStateException("unexpected answer " + answer);
            }
        }
    }

    static String eventJson(String stream, long seq, String at) {
        return "{\"stream\":\"" + stream + "\",\"seq\":" + seq + ",\"type\":\"punch\",\"at\":\"" + at
                + "\",\"sensor\":\"cua-chinh\",\"slot\":" + (seq % 150) + ",\"score\":80}";
    }

    static String post(HttpClient http, String url, String token, String body) {
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                r.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
            }
            return res.body();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static int waitForStart(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern pg = Pattern.compile("Embedded PostgreSQL ready on port (\\d+)");
        int pgPort = -1;
        AtomicInteger lines = new AtomicInteger();
        String line;
        while ((line = out.readLine()) != null) {
            lines.incrementAndGet();
            Matcher m = pg.matcher(line);
            if (m.find()) {
                pgPort = Integer.parseInt(m.group(1));
            }
            if (line.contains("Web pages and API listening on ")) {
                break;
            }
        }
        if (pgPort < 0) {
            throw new IllegalStateException("the server did not start");
        }
        // Keep draining its output so it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (Exception ignored) {
                // the server has stopped
            }
        });
        drain.setDaemon(true);
        drain.start();
        return pgPort;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
