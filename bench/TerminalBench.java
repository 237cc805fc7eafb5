/*
 * Terminal benchmark: ATTLOG records per second through POST /iclock/cdata into PostgreSQL, and a morning peak of
 * many terminals pushing each punch as it happens (realtime), with the time from sending a record to its answer.
 *
 *   ./onduty bench terminals [records] [terminals] [peakTerminals] [peakSeconds] [punchEverySeconds]
 *        (defaults 100000 records over 4 terminals; a peak of 500 terminals for 60 s, each punching every 3 s on
 *         average and polling for commands every 10 s)
 *
 * It starts its own server (server/target/onduty-server.jar, embedded PostgreSQL in a temp directory), creates an
 * admin (with create-admin), a site and 200 officers; every terminal calls in and is adopted for the site through the
 * API, and its PINs 1-200 are mapped to the officers (one SQL insert: as many PUTs would only slow the setup), so
 * each record becomes an officer's punch and marks the officer's day for attendance, as in production.
 *
 * Throughput: each of the first terminals uploads its share in batches of 500 lines, one request after another, as
 * a terminal catching up after an outage does. Timing is wall clock from the first request to the last answer.
 *
 * Peak: every terminal sends each new punch at once in its own upload (Realtime=1), the punches of a terminal
 * arriving as a Poisson process, and polls /iclock/getrequest every 10 s; requests are sent at their scheduled
 * moment whatever the others do (open loop). A record's latency runs from the moment its upload is sent to the
 * moment its "OK: 1" arrives; the server answers only after the transaction that stores the record and its punch
 * has committed, so this is an upper bound of record-to-commit.
 *
 * Run with: java -cp server/target/onduty-server.jar bench/TerminalBench.java
 */
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
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class TerminalBench {

    static final int BATCH = 500;
    static final int OFFICERS = 200;
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The embedded database owner's password, URL-encoded, once the server has started. */
    static String pgPassword;

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int terminals = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int peakTerminals = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int peakSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        double punchEvery = args.length > 4 ? Double.parseDouble(args[4]) : 3.0;
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();

        Path dir = Files.createTempDirectory("onduty-bench-terminals");
        int port = freePort();
        int adminPort = freePort();
        String jar = Path.of("server/target/onduty-server.jar").toAbsolutePath().toString();
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar, "server", "config.yml");
        pb.environment().put("ONDUTY_DATA_DIR", dir.resolve("pg").toString());
        pb.environment().put("ONDUTY_LOG_DIR", dir.resolve("logs").toString());
        pb.environment().put("ONDUTY_PORT", String.valueOf(port));
        pb.environment().put("ONDUTY_ADMIN_PORT", String.valueOf(adminPort));
        pb.redirectErrorStream(true);
        ProcessBuilder createAdmin = new ProcessBuilder("java", "-jar", jar, "create-admin", "config.yml",
                "--username", "bench", "--password-stdin");
        createAdmin.environment().putAll(pb.environment());
        createAdmin.redirectErrorStream(true);
        Process a = createAdmin.start();
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
        // The embedded PostgreSQL asks for passwords (issue 14): the owner's is in the file beside its data.
        pgPassword = java.net.URLEncoder.encode(vn.onduty.server.db.EmbeddedCredentials.load(dir.resolve("pg")).ownerPassword(),
                StandardCharsets.UTF_8);
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = field(send(http, "POST", base + "/api/auth/login", null,
                "{\"username\":\"bench\",\"password\":\"bench-password\"}"), "token");
        long siteId = Long.parseLong(field(send(http, "POST", base + "/api/sites", token,
                "{\"name\":\"Bench site\",\"timeZone\":\"Asia/Ho_Chi_Minh\"}"), "id"));
        long departmentId = Long.parseLong(field(send(http, "POST", base + "/api/departments", token,
                "{\"code\":\"BENCH\",\"name\":\"Bench department\"}"), "id"));
        long[] officers = new long[OFFICERS];
        for (int i = 0; i < OFFICERS; i++) {
            officers[i] = Long.parseLong(field(send(http, "POST", base + "/api/staff", token, "{\"code\":\"BN" + i
                    + "\",\"fullName\":\"Cán bộ " + i + "\",\"departmentId\":" + departmentId + ",\"homeSiteId\":" + siteId
                    + "}"), "id"));
        }
        int all = Math.max(terminals, peakTerminals);
        System.out.printf("adopting %d terminals with %d PINs mapped each...%n", all, OFFICERS);
        String dbUrl = "jdbc:postgresql://127.0.0.1:" + pgPort + "/onduty?user=postgres&password=" + pgPassword;
        ExecutorService setup = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> adopted = new ArrayList<>();
        for (int t = 0; t < all; t++) {
            String sn = "BENCH" + (100000 + t);
            adopted.add(CompletableFuture.runAsync(() -> adopt(http, base, token, sn, siteId, dbUrl), setup));
        }
        adopted.forEach(CompletableFuture::join);
        setup.shutdown();
        // The PIN mappings an admin would have made on each terminal's page (PUT /api/terminals/{id}/pins/{pin}),
        // written at once: 200 PINs times every terminal is too many requests for a setup step.
        try (Connection db = DriverManager.getConnection(dbUrl); Statement st = db.createStatement()) {
            st.executeUpdate("insert into terminal_pin (terminal_id, pin, staff_id, how) select t.id, cast(s.n as text), s.id,"
                    + " 'admin' from terminal t cross join (select id, row_number() over (order by id) as n from staff"
                    + " where code like 'BN%') s where t.serial_number like 'BENCH%'");
        }

        // Warm-up: JIT and connection pool, on a day of its own.
        upload(http, base, "BENCH100000", LocalDateTime.of(2025, 6, 2, 0, 0), 5_000);

        // Throughput: each terminal catches up on its share in batches, one request after another.
        int perTerminal = records / terminals;
        ExecutorService pool = Executors.newFixedThreadPool(terminals);
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int t = 0; t < terminals; t++) {
            String sn = "BENCH" + (100000 + t);
            work.add(CompletableFuture.runAsync(() -> upload(http, base, sn, LocalDateTime.of(2026, 2, 2, 0, 0), perTerminal),
                    pool));
        }
        work.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        int sent = perTerminal * terminals;
        String loadAfterThroughput = Files.readString(Path.of("/proc/loadavg")).strip();
        // The attendance worker recomputes the officer-days the records marked; the peak starts once it is done.
        long waitedFrom = System.nanoTime();
        try (Connection db = DriverManager.getConnection(dbUrl); Statement st = db.createStatement()) {
            while (System.nanoTime() - waitedFrom < 300_000_000_000L) {
                try (ResultSet rs = st.executeQuery("select count(*) from attendance_dirty")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
        }
        double recomputeSeconds = (System.nanoTime() - waitedFrom) / 1e9;

        // Morning peak: every terminal pushes each punch at once and polls every 10 s, open loop.
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        AtomicLong pollFailures = new AtomicLong();
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger punches = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        Random random = new Random(42);
        // pg_ctl starts the postmaster detached from the server, so it is found by its pid file, not as a child.
        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(
                Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).get(0).strip())).orElseThrow();
        long cpuBefore = cpuMillis(server.toHandle(), postmaster);
        long jvmBefore = ownCpuMillis(server.toHandle());
        long peakStart = System.nanoTime();
        long peakEnd = peakStart + peakSeconds * 1_000_000_000L;
        for (int t = 0; t < peakTerminals; t++) {
            String sn = "BENCH" + (100000 + t);
            AtomicInteger seq = new AtomicInteger();
            // Each terminal's morning is a day of its own (from 2024-01-01, before the other runs' days): at a real
            // peak a terminal's officers punch on it alone, so no two terminals mark the same officer-day.
            LocalDateTime morning = LocalDateTime.of(2024, 1, 1, 7, 0).plusDays(t);
            schedulePunch(clock, http, base, sn, morning, seq, random.nextLong(), punchEvery, peakEnd, latencies, failures,
                    punches, inFlight);
            long firstPoll = (long) (random.nextDouble() * 10_000);
            clock.scheduleAtFixedRate(() -> {
                if (System.nanoTime() < peakEnd) {
                    polls.incrementAndGet();
                    http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/iclock/getrequest?SN=" + sn)).GET().build(),
                            HttpResponse.BodyHandlers.ofString()).exceptionally(e -> {
                                pollFailures.incrementAndGet();
                                return null;
                            });
                }
            }, firstPoll, 10_000, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(peakSeconds * 1000L);
        clock.shutdownNow();
        // Every upload sent is answered before the count: a slow answer is a figure, not a failure.
        long drainUntil = System.nanoTime() + 180_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(100);
        }
        String loadAfterPeak = Files.readString(Path.of("/proc/loadavg")).strip();
        long cpuPeak = cpuMillis(server.toHandle(), postmaster) - cpuBefore;
        long jvmPeak = ownCpuMillis(server.toHandle()) - jvmBefore;

        long stored;
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/onduty?user=postgres&password=" + pgPassword);
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from terminal_record r join terminal t on t.id = r.terminal_id"
                     + " where t.serial_number like 'BENCH%'"
                     + " and (r.local_time < '2025-06-01' or r.local_time >= '2026-02-02')")) {
            rs.next();
            stored = rs.getLong(1);
        }
        server.destroy();
        server.waitFor();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }

        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("cores=%d; load average before %s%n", Runtime.getRuntime().availableProcessors(), loadBefore);
        System.out.printf("throughput: %d records, %d terminals, batches of %d: %.1f s, %.0f records/s (load after: %s);"
                        + " attendance of their officer-days recomputed %.0f s later%n",
                sent, terminals, BATCH, seconds, sent / seconds, loadAfterThroughput, recomputeSeconds);
        System.out.printf("peak: %d terminals for %d s, a punch every %.1f s each on average: %d realtime uploads"
                        + " (%d failed), %d polls (%d failed); upload to answer p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms (load after: %s)%n",
                peakTerminals, peakSeconds, punchEvery, punches.get(), failures.get(), polls.get(), pollFailures.get(),
                pct(l, 50), pct(l, 90), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1] / 1e6, loadAfterPeak);
        System.out.printf("peak CPU of the server and its PostgreSQL: %d ms (server JVM %d ms, PostgreSQL %d ms), %.2f ms per"
                        + " realtime upload (its share of the polls and of the attendance worker included); 2 cores at"
                        + " this cost take %.0f uploads/s%n",
                cpuPeak, jvmPeak, cpuPeak - jvmPeak, (double) cpuPeak / Math.max(1, punches.get()),
                2000.0 / ((double) cpuPeak / Math.max(1, punches.get())));
        System.out.printf("records stored (throughput + peak): %d, sent %d%n", stored, sent + punches.get());
        if (failures.get() == 0 && stored != sent + punches.get()) {
            throw new IllegalStateException("stored " + stored + " records, sent " + (sent + punches.get()));
        }
    }

    static void schedulePunch(ScheduledExecutorService clock, HttpClient http, String base, String sn,
                              LocalDateTime morning, AtomicInteger seq,
                              long seed, double every, long end, ConcurrentLinkedQueue<Long> latencies, AtomicLong failures,
                              AtomicInteger punches, AtomicInteger inFlight) {
        Random random = new Random(seed);
        long delay = (long) (-Math.log(1 - random.nextDouble()) * every * 1000);
        clock.schedule(() -> {
            if (System.nanoTime() >= end) {
                return;
            }
            int n = seq.incrementAndGet();
            // The n-th punch of the terminal's morning: an officer of its own, one second after the one before.
            String line = (1 + n % OFFICERS) + "\t" + morning.plusSeconds(n).format(TIME)
                    + "\t0\t1\t0\t0\t0\n";
            punches.incrementAndGet();
            inFlight.incrementAndGet();
            long sentAt = System.nanoTime();
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/iclock/cdata?SN=" + sn + "&table=ATTLOG&Stamp=" + n))
                            .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(line)).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        inFlight.decrementAndGet();
                        if (e != null || r.statusCode() != 200 || !r.body().startsWith("OK: 1")) {
                            if (failures.incrementAndGet() <= 3) {
                                System.out.println("failed upload: " + (e != null ? e : r.statusCode() + " " + r.body()));
                            }
                        } else {
                            latencies.add(System.nanoTime() - sentAt);
                        }
                    });
            schedulePunch(clock, http, base, sn, morning, seq, random.nextLong(), every, end, latencies, failures, punches,
                    inFlight);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** A terminal's handshake (it calls in: waiting), then its adoption for the site by the admin. */
    static void adopt(HttpClient http, String base, String token, String sn, long siteId, String dbUrl) {
        send(http, "GET", base + "/iclock/cdata?SN=" + sn + "&options=all&pushver=2.4.1", null, null);
        long id;
        try (Connection db = DriverManager.getConnection(dbUrl); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select id from terminal where serial_number = '" + sn + "'")) {
            if (!rs.next()) {
                throw new IllegalStateException("terminal " + sn + " did not appear");
            }
            id = rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        send(http, "POST", base + "/api/terminals/" + id + "/adopt", token, "{\"siteId\":" + siteId + "}");
    }

    /**
     * {@code count} records of one terminal, in batches: each of the officers punches four times a day (07:25, 11:35,
     * 13:25, 17:05, give or take their place in the queue), day after day from {@code start}.
     */
    static void upload(HttpClient http, String base, String sn, LocalDateTime start, int count) {
        int[] minutes = {7 * 60 + 25, 11 * 60 + 35, 13 * 60 + 25, 17 * 60 + 5};
        for (int from = 0; from < count; from += BATCH) {
            int n = Math.min(BATCH, count - from);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int k = from + i;
                int officer = k % OFFICERS;
                int punch = (k / OFFICERS) % 4;
                int day = k / (OFFICERS * 4);
                LocalDateTime at = start.toLocalDate().plusDays(day).atStartOfDay().plusMinutes(minutes[punch])
                        .plusSeconds(officer * 7L);
                b.append(1 + officer).append('\t').append(at.format(TIME)).append('\t').append(punch % 2)
                        .append("\t1\t0\t0\t0\n");
            }
            String answer = send(http, "POST", base + "/iclock/cdata?SN=" + sn + "&table=ATTLOG&Stamp=" + (from + n),
                    null, b.toString());
            if (!answer.equals("OK: " + n + "\n")) {
                throw new IllegalStateException("unexpected answer " + answer);
            }
        }
    }

    static String send(HttpClient http, String method, String url, String token, String body) {
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                r.header("Content-Type", url.contains("/api/") ? "application/json" : "text/plain");
            }
            if (token != null) {
                r.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + url + " answered " + res.statusCode() + ": " + res.body());
            }
            return res.body();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static int waitForStart(Process server) throws Exception {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern ready = Pattern.compile("Embedded PostgreSQL ready on port (\\d+)");
        int pgPort = -1;
        String line;
        while ((line = reader.readLine()) != null) {
            Matcher m = ready.matcher(line);
            if (m.find()) {
                pgPort = Integer.parseInt(m.group(1));
            }
            if (line.contains("Web pages and API listening on ")) {
                // Keep draining its output so the server never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // discarded: the server's log is in its log directory
                        }
                    } catch (java.io.IOException ignored) {
                        // the server ended
                    }
                }, "drain");
                drain.setDaemon(true);
                drain.start();
                return pgPort;
            }
        }
        throw new IllegalStateException("the server ended before it started");
    }

    /**
     * CPU time (user and system) of a process and everything under it, in ms: each live process's own time plus that
     * of its children it has reaped, so PostgreSQL backends that came and went count through their postmaster; a
     * process under two roots counts once.
     */
    static long cpuMillis(ProcessHandle... roots) throws Exception {
        long ticks = 0;
        java.util.Map<Long, ProcessHandle> all = new java.util.LinkedHashMap<>();
        for (ProcessHandle root : roots) {
            all.put(root.pid(), root);
            root.descendants().forEach(d -> all.put(d.pid(), d));
        }
        for (ProcessHandle p : all.values()) {
            try {
                String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // Fields 14-17 of /proc/pid/stat (utime, stime, cutime, cstime), counted from field 3 here.
                for (int i = 11; i <= 14; i++) {
                    ticks += Long.parseLong(f[i]);
                }
            } catch (java.io.IOException gone) {
                // A backend that ended between listing and reading: its time is in its parent's cutime.
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    /** CPU time of the process itself (its threads), in ms. */
    static long ownCpuMillis(ProcessHandle p) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
