/*
 * Fleet benchmark: what thousands of device agents cost one server process and its PostgreSQL.
 *
 *   ./onduty bench fleet [agents] [minutes]        (defaults 3400 agents, 8 minutes)
 *
 * It starts its own server (server/target/onduty-server.jar, or the jar in FLEET_SERVER_JAR, so that an older build
 * can be measured the same way, with FLEET_CONFIG naming a config.yml it understands) on an embedded PostgreSQL in a
 * temp directory, seeds one site per agent straight into the database (60 officers enrolled on one sensor, 6 counters
 * watched by 3 cameras with 2 zones each: the national average of 200,000 officers on 3,400 sites), and runs that
 * many simulated agents in this JVM, all on 127.0.0.1. Each follows the agent protocol (docs/agent-protocol.md) with
 * the real agent's timings: a heartbeat with its sensor's and cameras' status every 15 s, whose answer names the
 * camera list's version (the list is fetched when that changes; an older server that names none is asked with
 * If-None-Match every 30 s), and the command poll: GET /api/agent/commands?wait=25, which a server with long polling
 * holds until a command is queued (at most 25 s) and an older server answers at once, after which the agent asks
 * again 2 s later (FLEET_POLL_WAIT=0 simulates agents that never ask to wait).
 *
 * Phases, in shares of the run's minutes:
 *   idle (35 %)   after a warm-up (half of it, at most 45 s) and until the requests the fleet's start queued are
 *                 answered and the server's JIT compilers are quiet (heartbeat p99 under 1 s and the compilers
 *                 under 0.03 of a core over 10 s; at most 4 minutes more, not counted in the run's minutes), only
 *                 heartbeats, polls and camera checks (the JIT's share is reported apart, in the figure); every few
 *                 seconds an admin queues an enrollment for a random agent through the API, which measures how long a
 *                 command takes to reach its agent (it is cancelled at once after);
 *   peak (30 %)   the morning peak: punches at the national rate scaled to the fleet (~110 a second for 3,400
 *                 sites), occupancy transitions (each zone about every 10 minutes), and one outage: a tenth of the
 *                 agents lose the server for 60 s and then send what they kept as catch-up batches, each at its
 *                 uploader's first attempt after the outage (the agent's backoff: up to 60 s, full jitter);
 *   search (35 %) the fleet grows step by step at peak load (+50 % of the first size a step, at most 3x) while
 *                 punch-to-commit p99 stays under 1 s; if the first size is already over, it shrinks by halves;
 *                 then the gap between the largest size that held and the smallest that did not is halved while
 *                 the minutes allow.
 * Punch-to-commit is from the moment the simulated agent has the punch until the server's 200 for its batch (the
 * real agent's uploader sends at once, so this is what an officer's punch waits to be stored). Catch-up batches
 * are reported apart. Server CPU is the server JVM's and every PostgreSQL process's user+system time from /proc,
 * as a share of one core, and per answered request. Everything stops by itself after the run's minutes plus seeding,
 * the attendance of the seeded officers and the start's settling.
 *
 * The last line is one JSON object (agents, punchP99Ms, idleServerCpuShare, maxAgentsUnder1s, and the rest).
 * Run with: java -cp server/target/onduty-server.jar bench/FleetBench.java [agents] [minutes]
 */
import java.io.BufferedReader;
import java.io.IOException;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FleetBench {

    /** Officers enrolled per site; FLEET_OFFICERS=0 leaves the attendance worker nothing to do, to see the agents alone. */
    static final int STAFF_PER_SITE = Integer.parseInt(System.getenv().getOrDefault("FLEET_OFFICERS", "60"));
    static final int CAMERAS_PER_SITE = 3;
    static final int ZONES_PER_CAMERA = 2;
    static final double NATIONAL_SITES = 3400;
    static final double NATIONAL_PEAK_PUNCHES_PER_SECOND = 110;
    static final double ZONE_TRANSITION_SECONDS = 600;
    static final int HEARTBEAT_SECONDS = 15;
    /** Below this share of a core, the server's JIT compilers count as done with the warm-up (see settle). */
    static final double JIT_QUIET = 0.03;
    static final int CAMERA_POLL_SECONDS = 30;
    static final Pattern CAMERAS_VERSION = Pattern.compile("\"camerasVersion\"\\s*:\\s*\"([^\"]+)\"");
    static final int POLL_SECONDS = 2;
    static final int OUTAGE_SECONDS = 60;
    static final double OUTAGE_SHARE = 0.10;

    static int pollWait;
    static String base;
    static HttpClient http;
    /** Agents are spread over several clients: each JDK HttpClient drives all its connections from one selector thread. */
    static HttpClient[] clients;
    static ScheduledExecutorService timers;
    static final Metrics metrics = new Metrics();
    static volatile boolean peak;
    /** Whether the server's heartbeat answers name the camera list's version (an older server's do not). */
    static volatile boolean serverNamesCameras;
    static volatile double punchRatePerAgent;

    /** The embedded database owner's password, URL-encoded, once the server has started. */
    static String pgPassword;

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 3400;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        if (agents < 10 || agents > 20_000 || minutes < 2 || minutes > 60) {
            throw new IllegalArgumentException("agents must be 10..20000 and minutes 2..60");
        }
        pollWait = Integer.parseInt(System.getenv().getOrDefault("FLEET_POLL_WAIT", "25"));
        int maxAgents = Math.min(20_000, agents * 3);
        String jar = Path.of(System.getenv().getOrDefault("FLEET_SERVER_JAR", "server/target/onduty-server.jar"))
                .toAbsolutePath().toString();
        // Jetty closes idle connections after 30 s; the client drops its own first, so it never reuses a dead one.
        System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        System.out.printf("fleet bench: %d agents (up to %d in the search), %d minutes, poll wait %d s, %d officers a site,"
                + " server %s%n", agents, maxAgents, minutes, pollWait, STAFF_PER_SITE, jar);
        System.out.printf("cores %d, load average at start %s%n", Runtime.getRuntime().availableProcessors(), loadAverage());

        Path dir = Files.createTempDirectory("onduty-fleet-bench");
        int port = freePort();
        // An older server refuses configuration keys it does not know: FLEET_CONFIG names its own config.yml.
        String config = System.getenv().getOrDefault("FLEET_CONFIG", "config.yml");
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar, "server", config);
        pb.environment().put("ONDUTY_DATA_DIR", dir.resolve("pg").toString());
        pb.environment().put("ONDUTY_LOG_DIR", dir.resolve("logs").toString());
        pb.environment().put("ONDUTY_PORT", String.valueOf(port));
        pb.environment().put("ONDUTY_ADMIN_PORT", String.valueOf(freePort()));
        pb.environment().put("ONDUTY_BACKUP_NIGHTLY", "false");
        pb.redirectErrorStream(true);
        ProcessBuilder admin = new ProcessBuilder("java", "-jar", jar, "create-admin", config,
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
        // The embedded PostgreSQL asks for passwords (issue 14): the owner's is in the file beside its data.
        pgPassword = java.net.URLEncoder.encode(vn.onduty.server.db.EmbeddedCredentials.load(dir.resolve("pg")).ownerPassword(),
                StandardCharsets.UTF_8);
        base = "http://127.0.0.1:" + port;
        String db = "jdbc:postgresql://127.0.0.1:" + pgPort + "/onduty?user=postgres&password=" + pgPassword;
        Path pgData = dir.resolve("pg");

        long s0 = System.nanoTime();
        List<Agent> fleet = new ArrayList<>(seed(db, 1, agents));
        System.out.printf("seeded %d sites (%d officers, %d cameras) in %.1f s%n", agents, agents * (STAFF_PER_SITE + 1),
                agents * CAMERAS_PER_SITE, (System.nanoTime() - s0) / 1e9);

        java.util.concurrent.ExecutorService callbacks = Executors.newFixedThreadPool(4, daemon("fleet-http"));
        clients = new HttpClient[8];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(callbacks).build();
        }
        http = clients[0];
        timers = Executors.newScheduledThreadPool(2, daemon("fleet-timer"));
        String adminToken = field(postSync(base + "/api/auth/login", null,
                "{\"username\":\"bench\",\"password\":\"bench-password\"}"), "token");

        Cpu cpu = new Cpu(server.pid(), pgData);
        Sampler sampler = new Sampler(db);
        long runMillis = minutes * 60_000L;
        long idleMillis = runMillis * 35 / 100;
        long peakMillis = runMillis * 30 / 100;
        long warmUp = Math.min(45_000, idleMillis / 2);
        long searchMillis = runMillis - idleMillis - peakMillis;

        // A fresh database has no computed attendance: the worker's first rounds compute yesterday and today of every
        // seeded officer (over 600,000 officer-days for 3,400 sites), which a running server did long ago. That is
        // waited for before the fleet starts: agents started beside it queued requests behind it for minutes, and
        // the idle phase then measured that queue draining, not the fleet.
        long caughtUp = waitForAttendance(db, (long) agents * (STAFF_PER_SITE + 1), Duration.ofMinutes(10));
        System.out.printf("attendance of the seeded officers computed %.1f s after seeding%n", caughtUp / 1e3);
        // Start the fleet spread over one heartbeat interval, as agents that booted at different times.
        for (int i = 0; i < agents; i++) {
            fleet.get(i).start(ThreadLocalRandom.current().nextLong(HEARTBEAT_SECONDS * 1000L));
        }
        Thread.sleep(warmUp);
        System.out.printf(Locale.ROOT, "the fleet's start settled %.0f s after the warm-up%n", settle(Duration.ofMinutes(4), cpu));

        // Idle: the fleet's standing cost, and how long an admin's command takes to reach its agent.
        Phase idle = measure("idle", agents, cpu, sampler, idleMillis - warmUp, () -> {
            Agent target = fleet.get(ThreadLocalRandom.current().nextInt(agents));
            queueEnrollment(adminToken, target);
        });

        // Peak: punches, occupancy, one outage of a tenth of the fleet and its catch-up.
        punchRatePerAgent = NATIONAL_PEAK_PUNCHES_PER_SECOND / NATIONAL_SITES;
        peak = true;
        long outageAt = System.currentTimeMillis() + peakMillis / 4;
        timers.schedule(() -> {
            List<Agent> down = new ArrayList<>(fleet.subList(0, agents));
            Collections.shuffle(down);
            for (Agent g : down.subList(0, (int) (agents * OUTAGE_SHARE))) {
                g.outage(OUTAGE_SECONDS * 1000L);
            }
        }, Math.max(0, outageAt - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        Phase peakPhase = measure("peak", agents, cpu, sampler, peakMillis, null);

        // Search: the largest fleet whose punches commit within 1 s at the 99th percentile. Up by half the first size
        // a step while it holds, down by halves while it does not, then halving the gap between the largest size that
        // held and the smallest that did not, for as long as the run's minutes allow.
        List<Phase> steps = new ArrayList<>();
        int running = agents;
        boolean firstHeld = peakPhase.punchP99Ms() < 1000 && peakPhase.errors() == 0;
        int maxUnder = firstHeld ? agents : 0;
        int failedAt = firstHeld ? Integer.MAX_VALUE : agents;
        long stepMillis = Math.max(40_000, searchMillis / 4);
        long searchEnd = System.currentTimeMillis() + searchMillis;
        boolean capped = false;
        while (System.currentTimeMillis() + stepMillis <= searchEnd + 5_000) {
            int next;
            if (failedAt == Integer.MAX_VALUE) {
                next = Math.min(maxAgents, running + agents / 2);
            } else if (maxUnder == 0) {
                next = Math.max(10, running / 2);
            } else if (failedAt - maxUnder > Math.max(10, agents / 8)) {
                next = (maxUnder + failedAt) / 2;
            } else {
                break;
            }
            if (next == running) {
                capped = true;
                break;
            }
            if (next > fleet.size()) {
                // The search's sites come now, so that the idle and peak phases carry the first fleet's officers only.
                fleet.addAll(seed(db, fleet.size() + 1, next));
            }
            if (next > running) {
                for (int i = running; i < next; i++) {
                    fleet.get(i).start(ThreadLocalRandom.current().nextLong(HEARTBEAT_SECONDS * 1000L));
                }
            } else {
                for (int i = next; i < running; i++) {
                    fleet.get(i).stop();
                }
            }
            running = next;
            Thread.sleep(Math.min(15_000, stepMillis / 4));
            Phase step = measure("search " + running, running, cpu, sampler, stepMillis - Math.min(15_000, stepMillis / 4), null);
            steps.add(step);
            if (step.punchP99Ms() < 1000 && step.errors() == 0) {
                maxUnder = Math.max(maxUnder, running);
            } else {
                failedAt = Math.min(failedAt, running);
            }
        }
        peak = false;
        for (Agent g : fleet) {
            g.stop();
        }
        sampler.close();
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
        timers.shutdownNow();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agents", agents);
        out.put("minutes", minutes);
        out.put("pollWaitSeconds", pollWait);
        out.put("officersPerSite", STAFF_PER_SITE);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("loadAverageStart", idle.loadAverage());
        out.put("loadAverageEnd", loadAverage());
        out.put("idleServerCpuShare", round(idle.serverCpu() + idle.pgCpu(), 3));
        out.put("idleServerJvmCpuShare", round(idle.serverCpu(), 3));
        out.put("idleServerJitCpuShare", round(idle.jitCpu(), 3));
        out.put("idlePostgresCpuShare", round(idle.pgCpu(), 3));
        out.put("idleServerCpuSharePer1000Agents", round((idle.serverCpu() + idle.pgCpu()) * 1000 / agents, 4));
        out.put("idleSimulatorCpuShare", round(idle.simCpu(), 3));
        out.put("idleRequestsPerSecond", round(idle.requestsPerSecond(), 1));
        out.put("idleRequestsPerSecondExpected", round(expectedIdleRequestsPerSecond(agents, pollWait), 1));
        out.put("idleRequestsPerSecondExpectedWithoutLongPolling", round(expectedIdleRequestsPerSecond(agents, 0), 1));
        out.put("idleServerCpuMsPerRequest", round(idle.cpuMsPerRequest(), 3));
        out.put("idleServerCpuSharePer1000AgentsFromPerRequestCost",
                round(idle.cpuMsPerRequest() * expectedIdleRequestsPerSecond(1000, idle.longPolled() ? pollWait : 0) / 1000, 4));
        out.put("idleRowsWrittenPerSecond", round(idle.rowsPerSecond(), 1));
        out.put("commandDeliveryP50Ms", idle.commandP50Ms());
        out.put("commandDeliveryMaxMs", idle.commandMaxMs());
        out.put("commandsDelivered", idle.commands());
        out.put("punches", peakPhase.punches());
        out.put("punchP50Ms", peakPhase.punchP50Ms());
        out.put("punchP99Ms", peakPhase.punchP99Ms());
        out.put("catchUpPunches", peakPhase.catchUpPunches());
        out.put("catchUpP99Ms", peakPhase.catchUpP99Ms());
        out.put("peakServerCpuShare", round(peakPhase.serverCpu() + peakPhase.pgCpu(), 3));
        out.put("peakRowsWrittenPerSecond", round(peakPhase.rowsPerSecond(), 1));
        out.put("peakDbConnectionsActiveMax", peakPhase.activeConnectionsMax());
        out.put("peakDbConnectionsActiveMean", round(peakPhase.activeConnectionsMean(), 2));
        out.put("errors", idle.errors() + peakPhase.errors());
        out.put("maxAgentsUnder1s", maxUnder);
        out.put("searchCapped", capped || maxUnder == maxAgents);
        List<Object> searched = new ArrayList<>();
        for (Phase p : steps) {
            searched.add(Map.of("agents", p.agents(), "punchP99Ms", p.punchP99Ms(), "serverCpuShare",
                    round(p.serverCpu() + p.pgCpu(), 3), "errors", p.errors()));
        }
        out.put("search", searched);
        out.put("endpointsIdle", idle.endpoints());
        out.put("endpointsPeak", peakPhase.endpoints());
        System.out.println(json(out));
        System.exit(0);
    }

    // ---- the simulated agent ----

    record Zone(long id, long counterId) {}

    record Cam(long id, List<Zone> zones) {}

    static final class Agent {
        final long id;
        final long sensorId;
        final long freeStaffId;
        final String token;
        final List<Cam> cams;
        final int client;
        final Map<String, Long> seqs = new HashMap<>();
        final List<Pending> outbox = new ArrayList<>();
        final Map<Long, Boolean> occupied = new HashMap<>();
        final Set<Long> seenCommands = new HashSet<>();
        volatile String etag;
        /** When a heartbeat answer last named the camera list's version (System.nanoTime); 0: never. */
        volatile long announcedAt;
        long frames;
        volatile boolean running;
        volatile long offlineUntil;
        /** When the uploader tries again after an outage (its backoff), System.currentTimeMillis(). */
        volatile long uploadsResumeAt;
        boolean sending;
        boolean polling;

        Agent(long id, long sensorId, long freeStaffId, String token, List<Cam> cams) {
            this.id = id;
            this.client = (int) (id % 8);
            this.sensorId = sensorId;
            this.freeStaffId = freeStaffId;
            this.token = token;
            this.cams = cams;
        }

        void start(long offsetMillis) {
            running = true;
            timers.schedule(this::heartbeat, offsetMillis, TimeUnit.MILLISECONDS);
            timers.schedule(this::cameraList, offsetMillis + ThreadLocalRandom.current().nextLong(CAMERA_POLL_SECONDS * 1000L),
                    TimeUnit.MILLISECONDS);
            timers.schedule(this::poll, offsetMillis % (POLL_SECONDS * 1000L), TimeUnit.MILLISECONDS);
            timers.schedule(this::tick, offsetMillis % 1000, TimeUnit.MILLISECONDS);
        }

        void stop() {
            running = false;
        }

        boolean online() {
            return running && System.currentTimeMillis() >= offlineUntil;
        }

        /** Whether the uploader sends now: online, and past the wait its failures during an outage left it in. */
        boolean uploading() {
            return online() && System.currentTimeMillis() >= uploadsResumeAt;
        }

        /**
         * The server is unreachable for {@code millis}. Heartbeats and polls resume when it is back; the uploader, as
         * the agent's (outbox/Uploader with its Backoff: after the n-th failure in a row a random wait up to 500 ms
         * doubled n - 1 times, at most 60 s), sends the catch-up at its first attempt after that, not at once.
         */
        void outage(long millis) {
            long start = System.currentTimeMillis();
            offlineUntil = start + millis;
            long attempt = start;
            for (int failures = 1; attempt < offlineUntil; failures++) {
                attempt += ThreadLocalRandom.current().nextLong(Math.min(60_000L, 500L << Math.min(failures - 1, 20)) + 1);
            }
            uploadsResumeAt = attempt;
        }

        void heartbeat() {
            if (!running) {
                return;
            }
            timers.schedule(this::heartbeat, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
            if (!online()) {
                return;
            }
            StringBuilder b = new StringBuilder(512);
            frames += HEARTBEAT_SECONDS / 2;
            Instant now = Instant.now();
            b.append("{\"at\":\"").append(now).append("\",\"agentVersion\":\"fleet-sim\",\"outboxPending\":0,")
                    .append("\"sensors\":[{\"name\":\"cua-chinh\",\"port\":\"/dev/ttyUSB0\",\"connected\":true,")
                    .append("\"capacity\":1000,\"templates\":").append(STAFF_PER_SITE)
                    .append(",\"unrecognisedTouches\":0,\"duplicatesIgnored\":0,\"lastError\":null}],\"cameras\":[");
            for (int c = 0; c < cams.size(); c++) {
                Cam cam = cams.get(c);
                if (c > 0) {
                    b.append(',');
                }
                b.append("{\"id\":").append(cam.id).append(",\"state\":\"streaming\",\"connected\":true,\"lastFrameAt\":\"")
                        .append(now.minusMillis(500)).append("\",\"framesAnalysed\":").append(frames)
                        .append(",\"keyframesPerMinute\":30,\"reconnects\":0,\"lastError\":null,\"codec\":\"h264\",")
                        .append("\"width\":640,\"height\":360,\"keyframeIntervalSeconds\":2.0,\"analysis\":\"keyframes\",")
                        .append("\"cpuPercent\":1.5,\"zones\":[");
                for (int z = 0; z < cam.zones.size(); z++) {
                    Zone zone = cam.zones.get(z);
                    if (z > 0) {
                        b.append(',');
                    }
                    b.append("{\"id\":").append(zone.id).append(",\"state\":\"")
                            .append(occupied.getOrDefault(zone.id, false) ? "occupied" : "empty")
                            .append("\",\"since\":\"2026-01-05T00:00:00Z\",\"score\":0.1}");
                }
                b.append("]}");
            }
            b.append("]}");
            send(clients[client], "heartbeat", post("/api/agent/heartbeat", b.toString()), r -> {
                // As the agent does: the answer names the camera list's version; a new one is fetched at once.
                Matcher named = CAMERAS_VERSION.matcher(r.body());
                if (named.find()) {
                    serverNamesCameras = true;
                    announcedAt = System.nanoTime();
                    if (!("\"" + named.group(1) + "\"").equals(etag)) {
                        fetchCameras();
                    }
                }
            });
        }

        /** The periodic check, only while no heartbeat answer named the version for two periods (an older server). */
        void cameraList() {
            if (!running) {
                return;
            }
            timers.schedule(this::cameraList, CAMERA_POLL_SECONDS, TimeUnit.SECONDS);
            if (!online() || announcedAt != 0 && System.nanoTime() - announcedAt < 2 * CAMERA_POLL_SECONDS * 1_000_000_000L) {
                return;
            }
            fetchCameras();
        }

        void fetchCameras() {
            HttpRequest.Builder r = request("/api/agent/cameras").GET();
            if (etag != null) {
                r.header("If-None-Match", etag);
            }
            send(clients[client], "cameras", r.build(), res -> res.headers().firstValue("ETag").ifPresent(e -> etag = e));
        }

        void poll() {
            if (!running) {
                return;
            }
            if (!online()) {
                timers.schedule(this::poll, POLL_SECONDS, TimeUnit.SECONDS);
                return;
            }
            long t0 = System.nanoTime();
            String path = pollWait > 0 ? "/api/agent/commands?wait=" + pollWait : "/api/agent/commands";
            HttpRequest req = request(path).timeout(Duration.ofSeconds(pollWait + 30)).GET().build();
            clients[client].sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((res, err) -> {
                long took = System.nanoTime() - t0;
                boolean held = took > 1_000_000_000L;
                boolean ok = err == null && res.statusCode() == 200;
                metrics.request(held ? "commands (held)" : "commands", took, ok);
                boolean got = false;
                if (ok) {
                    Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(res.body());
                    while (m.find()) {
                        long command = Long.parseLong(m.group(1));
                        synchronized (this) {
                            if (seenCommands.add(command)) {
                                got = true;
                                metrics.commandDelivered(command);
                            }
                        }
                    }
                }
                // An answer that came at once with nothing new (a server without long polling, a command still open,
                // or an error): wait the poll interval before asking again, as the real agent does.
                long again = ok && (held || got) ? 0 : POLL_SECONDS * 1000L;
                timers.schedule(this::poll, again, TimeUnit.MILLISECONDS);
            });
        }

        /** Once a second: punches and occupancy changes at their rates, and the uploader. */
        void tick() {
            if (!running) {
                return;
            }
            timers.schedule(this::tick, 1, TimeUnit.SECONDS);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long now = System.nanoTime();
            // Kept for the catch-up: events the uploader cannot send yet (the outage, then its backoff's wait).
            boolean offline = !uploading();
            synchronized (this) {
                if (peak) {
                    if (random.nextDouble() < punchRatePerAgent) {
                        outbox.add(new Pending(event("fingerprint", "\"type\":\"punch\",\"sensor\":\"cua-chinh\",\"slot\":"
                                + random.nextInt(Math.max(1, STAFF_PER_SITE)) + ",\"score\":80"), now, true, offline));
                    }
                    for (Cam cam : cams) {
                        for (Zone zone : cam.zones) {
                            if (random.nextDouble() < 1 / ZONE_TRANSITION_SECONDS) {
                                boolean occ = !occupied.getOrDefault(zone.id, false);
                                occupied.put(zone.id, occ);
                                outbox.add(new Pending(event("camera-" + cam.id, "\"type\":\"occupancy\",\"cameraId\":"
                                        + cam.id + ",\"zoneId\":" + zone.id + ",\"counterId\":" + zone.counterId
                                        + ",\"state\":\"" + (occ ? "occupied" : "empty") + "\",\"score\":0.1,\"reason\":null"),
                                        now, false, offline));
                            }
                        }
                    }
                }
                if (!offline && !sending && !outbox.isEmpty()) {
                    upload();
                }
            }
        }

        String event(String stream, String fields) {
            long seq = seqs.merge(stream, 1L, Long::sum);
            return "{\"stream\":\"" + stream + "\",\"seq\":" + seq + ",\"at\":\"" + Instant.now() + "\"," + fields + "}";
        }

        /** Sends what the outbox holds (at most 1,000 events), as the agent's uploader does. Holds this. */
        void upload() {
            List<Pending> batch = new ArrayList<>(outbox.subList(0, Math.min(1000, outbox.size())));
            sending = true;
            StringBuilder b = new StringBuilder("{\"events\":[");
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(batch.get(i).json);
            }
            b.append("]}");
            boolean catchUp = batch.stream().anyMatch(p -> p.offline);
            send(clients[client], catchUp ? "events (catch-up)" : "events", post("/api/agent/events", b.toString()), res -> {
                long done = System.nanoTime();
                synchronized (this) {
                    for (Pending p : batch) {
                        if (p.punch) {
                            metrics.punch(done - p.createdNanos, p.offline);
                        }
                    }
                    outbox.subList(0, batch.size()).clear();
                }
            }, () -> {
                synchronized (this) {
                    sending = false;
                    if (!outbox.isEmpty() && uploading()) {
                        upload();
                    }
                }
            });
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token);
        }

        HttpRequest post(String path, String body) {
            return request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }
    }

    record Pending(String json, long createdNanos, boolean punch, boolean offline) {}

    interface OnOk {
        void accept(HttpResponse<String> res);
    }

    static void send(HttpClient client, String endpoint, HttpRequest req, OnOk onOk) {
        send(client, endpoint, req, onOk, () -> { });
    }

    static void send(HttpClient client, String endpoint, HttpRequest req, OnOk onOk, Runnable always) {
        long t0 = System.nanoTime();
        client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((res, err) -> {
            boolean ok = err == null && (res.statusCode() / 100 == 2 || res.statusCode() == 304);
            metrics.request(endpoint, System.nanoTime() - t0, ok);
            if (!ok) {
                metrics.error(endpoint + ": " + (err != null ? err.toString() : res.statusCode() + " " + res.body()));
            }
            try {
                if (ok) {
                    onOk.accept(res);
                }
            } finally {
                always.run();
            }
        });
    }

    /** An admin starts an enrollment through the API; the agent records when the command reaches it. */
    static void queueEnrollment(String adminToken, Agent target) {
        if (!target.online()) {
            return;
        }
        long t0 = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/sensors/" + target.sensorId + "/enrollments"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"staffId\":" + target.freeStaffId + "}")).build();
        http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((res, err) -> {
            if (err != null || res.statusCode() != 202) {
                metrics.error("enroll: " + (err != null ? err : res.statusCode() + " " + res.body()));
                return;
            }
            long command = Long.parseLong(field(res.body(), "id"));
            metrics.commandQueued(command, t0, () -> {
                HttpRequest cancel = HttpRequest.newBuilder(URI.create(base + "/api/agent-commands/" + command + "/cancel"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken)
                        .POST(HttpRequest.BodyPublishers.noBody()).build();
                http.sendAsync(cancel, HttpResponse.BodyHandlers.ofString());
            });
        });
    }

    // ---- measuring ----

    static final class Metrics {
        final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        final List<Long> punches = Collections.synchronizedList(new ArrayList<>());
        final List<Long> catchUp = Collections.synchronizedList(new ArrayList<>());
        final List<Long> deliveries = Collections.synchronizedList(new ArrayList<>());
        final Map<Long, long[]> queued = new ConcurrentHashMap<>();
        final Map<Long, Runnable> onDelivered = new ConcurrentHashMap<>();
        final Map<Long, Long> deliveredEarly = new ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();
        final Set<String> errorKinds = ConcurrentHashMap.newKeySet();

        void request(String endpoint, long nanos, boolean ok) {
            latencies.computeIfAbsent(endpoint, k -> Collections.synchronizedList(new ArrayList<>())).add(nanos);
            if (!ok) {
                failures.computeIfAbsent(endpoint, k -> new AtomicLong()).incrementAndGet();
            }
        }

        void error(String what) {
            errors.incrementAndGet();
            String kind = what.length() > 160 ? what.substring(0, 160) : what;
            if (errorKinds.size() < 20 && errorKinds.add(kind)) {
                System.out.println("error: " + kind);
            }
        }

        void punch(long nanos, boolean catchUpBatch) {
            (catchUpBatch ? catchUp : punches).add(nanos);
        }

        void commandQueued(long command, long t0, Runnable cancel) {
            Long early = deliveredEarly.remove(command);
            if (early != null) {
                deliveries.add(early - t0);
                cancel.run();
                return;
            }
            queued.put(command, new long[] {t0});
            onDelivered.put(command, cancel);
        }

        void commandDelivered(long command) {
            long now = System.nanoTime();
            long[] t0 = queued.remove(command);
            if (t0 == null) {
                deliveredEarly.put(command, now);
                return;
            }
            deliveries.add(now - t0[0]);
            Runnable cancel = onDelivered.remove(command);
            if (cancel != null) {
                cancel.run();
            }
        }

        Snapshot reset() {
            Map<String, List<Long>> l = new TreeMap<>();
            for (String k : latencies.keySet()) {
                List<Long> v = latencies.put(k, Collections.synchronizedList(new ArrayList<>()));
                synchronized (v) {
                    l.put(k, new ArrayList<>(v));
                }
            }
            Map<String, Long> f = new TreeMap<>();
            failures.forEach((k, v) -> f.put(k, v.getAndSet(0)));
            return new Snapshot(l, f, drain(punches), drain(catchUp), drain(deliveries), errors.getAndSet(0));
        }

        static List<Long> drain(List<Long> list) {
            synchronized (list) {
                List<Long> copy = new ArrayList<>(list);
                list.clear();
                return copy;
            }
        }
    }

    record Snapshot(Map<String, List<Long>> latencies, Map<String, Long> failures, List<Long> punches,
                    List<Long> catchUp, List<Long> deliveries, long errors) {}

    record Phase(String name, int agents, double seconds, double serverCpu, double jitCpu, double pgCpu, double simCpu,
                 double requestsPerSecond, double rowsPerSecond, int activeConnectionsMax, double activeConnectionsMean,
                 long punches, long punchP50Ms, long punchP99Ms, long catchUpPunches, long catchUpP99Ms, long commands,
                 long commandP50Ms, long commandMaxMs, long errors, double loadAverage, Map<String, Object> endpoints) {

        /** Whether the server held the command polls (long polling), as far as the answers tell. */
        boolean longPolled() {
            Object held = endpoints.get("commands (held)");
            Object quick = endpoints.get("commands");
            long h = held == null ? 0 : ((Number) ((Map<?, ?>) held).get("count")).longValue();
            long q = quick == null ? 0 : ((Number) ((Map<?, ?>) quick).get("count")).longValue();
            return pollWait > 0 && h > q;
        }

        /** Server and PostgreSQL CPU per answered request: what a request costs, whatever else the machine runs. */
        double cpuMsPerRequest() {
            return requestsPerSecond == 0 ? 0 : (serverCpu + pgCpu) * 1000 / requestsPerSecond;
        }
    }

    /**
     * What an idle fleet asks per second at the protocol's timings: a heartbeat per 15 s, a camera check per 30 s, and a
     * command poll per 2 s, or per held wait when the server long-polls.
     */
    static double expectedIdleRequestsPerSecond(int agents, int wait) {
        double polls = wait > 0 ? 1.0 / wait : 1.0 / POLL_SECONDS;
        // A server whose heartbeat answers name the camera list's version is not asked about cameras while idle.
        double cameraChecks = serverNamesCameras ? 0 : 1.0 / CAMERA_POLL_SECONDS;
        return agents * (1.0 / HEARTBEAT_SECONDS + cameraChecks + polls);
    }

    /**
     * After the fleet's start (every agent's first heartbeat, camera list and poll within 15 s, as after a server
     * restart), until the requests queued meanwhile are answered (heartbeats in a 10 s window with p99 under 1 s) and
     * the server's JIT compilers have quietened (under {@link #JIT_QUIET} of a core over those 10 s), at most
     * {@code limit}. Measuring idle before that measured the queue draining, or the JVM's warm-up: a run whose idle
     * phase began while C2 still compiled the request path (up to 0.65 of a core, five minutes after the start)
     * measured 1.29 cores where runs of the same build that began after it measured 0.56-0.62.
     * @return the seconds it took
     */
    static double settle(Duration limit, Cpu cpu) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            metrics.reset();
            long[] c0 = cpu.ticks();
            long t0 = System.nanoTime();
            Thread.sleep(10_000);
            double jit = (cpu.ticks()[3] - c0[3]) / 100.0 / ((System.nanoTime() - t0) / 1e9);
            List<Long> heartbeats = metrics.reset().latencies().getOrDefault("heartbeat", List.of());
            if (!heartbeats.isEmpty() && pct(heartbeats, 99) < 1_000_000_000L && jit < JIT_QUIET) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    interface Task {
        void run() throws Exception;
    }

    static Phase measure(String name, int agents, Cpu cpu, Sampler sampler, long millis, Task every5s) throws Exception {
        metrics.reset();
        long[] c0 = cpu.ticks();
        long rows0 = sampler.rowsWritten();
        sampler.resetConnections();
        long t0 = System.nanoTime();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(5_000, Math.max(1, end - System.currentTimeMillis())));
            if (every5s != null && end - System.currentTimeMillis() > 3_000) {
                every5s.run();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] c1 = cpu.ticks();
        long rows1 = sampler.rowsWritten();
        Snapshot s = metrics.reset();
        double hz = 100.0;
        double serverCpu = (c1[0] - c0[0]) / hz / seconds;
        double pgCpu = (c1[1] - c0[1]) / hz / seconds;
        double simCpu = (c1[2] - c0[2]) / hz / seconds;
        double jitCpu = (c1[3] - c0[3]) / hz / seconds;
        long requests = s.latencies().values().stream().mapToLong(List::size).sum();
        Map<String, Object> endpoints = new LinkedHashMap<>();
        s.latencies().forEach((k, v) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("count", v.size());
            e.put("perSecond", round(v.size() / seconds, 1));
            e.put("p50Ms", round(pct(v, 50) / 1e6, 1));
            e.put("p99Ms", round(pct(v, 99) / 1e6, 1));
            e.put("failed", s.failures().getOrDefault(k, 0L));
            endpoints.put(k, e);
        });
        Phase p = new Phase(name, agents, seconds, serverCpu, jitCpu, pgCpu, simCpu, requests / seconds, (rows1 - rows0) / seconds,
                sampler.activeMax(), sampler.activeMean(), s.punches().size(), ms(pct(s.punches(), 50)),
                ms(pct(s.punches(), 99)), s.catchUp().size(), ms(pct(s.catchUp(), 99)), s.deliveries().size(),
                ms(pct(s.deliveries(), 50)), ms(pct(s.deliveries(), 100)), s.errors(), loadAverage(), endpoints);
        System.out.printf(Locale.ROOT, "%-12s %5d agents %5.0f s: server CPU %.3f (JVM %.3f, of which JIT %.3f, + PostgreSQL %.3f) of a core, "
                        + "simulator %.3f; %.0f requests/s (%.2f ms server CPU each), %.0f rows written/s, DB connections active max %d mean %.1f; "
                        + "punches %d p50 %d ms p99 %d ms; catch-up %d p99 %d ms; commands delivered %d p50 %d ms max %d ms; "
                        + "errors %d; load %s%n",
                name, agents, seconds, serverCpu + pgCpu, serverCpu, jitCpu, pgCpu, simCpu, p.requestsPerSecond(), p.cpuMsPerRequest(),
                p.rowsPerSecond(),
                p.activeConnectionsMax(), p.activeConnectionsMean(), p.punches(), p.punchP50Ms(), p.punchP99Ms(),
                p.catchUpPunches(), p.catchUpP99Ms(), p.commands(), p.commandP50Ms(), p.commandMaxMs(), p.errors(),
                p.loadAverage());
        endpoints.forEach((k, v) -> System.out.printf("    %-20s %s%n", k, v));
        return p;
    }

    static long pct(List<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    /** CPU ticks of the server JVM, of every PostgreSQL process, and of this simulator, from /proc. */
    static final class Cpu {
        final long serverPid;
        final String pgData;

        Cpu(long serverPid, Path pgData) {
            this.serverPid = serverPid;
            this.pgData = pgData.toString();
        }

        long[] ticks() throws Exception {
            Map<Long, Long> parent = new HashMap<>();
            Map<Long, Long> used = new HashMap<>();
            Set<Long> postmasters = new HashSet<>();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String n = p.getFileName().toString();
                    if (!n.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(n);
                        parent.put(pid, Long.parseLong(f[1]));
                        used.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                        if (new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).contains(pgData)) {
                            postmasters.add(pid);
                        }
                    } catch (Exception gone) {
                        // the process ended while we read it
                    }
                }
            }
            long server = used.getOrDefault(serverPid, 0L);
            long pg = 0;
            for (Map.Entry<Long, Long> e : used.entrySet()) {
                long pid = e.getKey();
                if (pid != serverPid && descends(pid, postmasters, parent)) {
                    pg += e.getValue();
                }
            }
            return new long[] {server, pg, used.getOrDefault(ProcessHandle.current().pid(), 0L), jit()};
        }

        /** Ticks of the server's JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread1", ...). */
        long jit() throws IOException {
            long ticks = 0;
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(serverPid), "task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (comm.matches("C[12] CompilerThre.*")) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException gone) {
                        // the thread ended while we read it
                    }
                }
            }
            return ticks;
        }

        static boolean descends(long pid, Set<Long> roots, Map<Long, Long> parent) {
            for (int depth = 0; depth < 5 && pid > 1; depth++) {
                if (roots.contains(pid)) {
                    return true;
                }
                pid = parent.getOrDefault(pid, 0L);
            }
            return false;
        }
    }

    /** Samples the database once a second: connections in use, rows written. */
    static final class Sampler implements AutoCloseable {
        final Connection db;
        final ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor(daemon("fleet-sampler"));
        volatile int activeMax;
        long activeSum;
        long samples;

        Sampler(String url) throws Exception {
            db = DriverManager.getConnection(url);
            tick.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        }

        synchronized void sample() {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                    "select count(*) from pg_stat_activity where datname = 'onduty' and state not in ('idle')"
                            + " and pid <> pg_backend_pid()")) {
                rs.next();
                int active = rs.getInt(1);
                activeMax = Math.max(activeMax, active);
                activeSum += active;
                samples++;
            } catch (Exception e) {
                // the server is stopping
            }
        }

        synchronized void resetConnections() {
            activeMax = 0;
            activeSum = 0;
            samples = 0;
        }

        synchronized int activeMax() {
            return activeMax;
        }

        synchronized double activeMean() {
            return samples == 0 ? 0 : (double) activeSum / samples;
        }

        synchronized long rowsWritten() throws Exception {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                    "select tup_inserted + tup_updated + tup_deleted from pg_stat_database where datname = 'onduty'")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void close() throws Exception {
            tick.shutdownNow();
            db.close();
        }
    }

    /**
     * Waits until today's attendance rows of {@code officers} officers are stored (two sessions each, in the sites'
     * zone) and nothing is queued, or {@code within} passed; how long it waited, in milliseconds.
     */
    static long waitForAttendance(String url, long officers, Duration within) throws Exception {
        long start = System.currentTimeMillis();
        try (Connection db = DriverManager.getConnection(url); Statement st = db.createStatement()) {
            while (System.currentTimeMillis() - start < within.toMillis()) {
                try (ResultSet rs = st.executeQuery("""
                        select (select count(*) from attendance_session
                                 where work_date = cast(now() at time zone 'Asia/Ho_Chi_Minh' as date)),
                               (select count(*) from attendance_dirty)""")) {
                    rs.next();
                    if (rs.getLong(1) >= 2 * officers && rs.getLong(2) == 0) {
                        break;
                    }
                }
                Thread.sleep(2_000);
            }
        }
        return System.currentTimeMillis() - start;
    }

    // ---- seeding ----

    /** Sites {@code from..to} (1-based), each with its agent, sensor, officers, counters, cameras and zones. */
    static List<Agent> seed(String url, int from, int to) throws Exception {
        try (Connection db = DriverManager.getConnection(url); Statement st = db.createStatement()) {
            db.setAutoCommit(false);
            st.execute("insert into department (code, name) values ('FLEET', 'Fleet bench') on conflict do nothing");
            st.execute("create temporary table new_site on commit drop as select id from site where false");
            st.execute("with s as (insert into site (name) select 'Fleet site ' || g from generate_series(" + from + ", " + to
                    + ") g returning id) insert into new_site select id from s");
            st.execute("""
                    insert into device_agent (site_id, name, token_hash, token_prefix)
                    select id, 'agent', sha256(convert_to('agt_fleet-' || id, 'UTF8')), 'agt_fleet'
                      from new_site""");
            st.execute("""
                    insert into sensor (agent_id, name, port, connected, capacity, templates)
                    select a.id, 'cua-chinh', '/dev/ttyUSB0', true, 1000, %d from device_agent a join new_site s on s.id = a.site_id
                    """.formatted(STAFF_PER_SITE));
            st.execute("""
                    insert into staff (code, full_name, department_id, home_site_id)
                    select 'F' || s.id || '-' || k, 'Cán bộ ' || s.id || '-' || k, d.id, s.id
                      from new_site s, department d, generate_series(0, %d) k
                     where d.code = 'FLEET'""".formatted(STAFF_PER_SITE));
            st.execute("""
                    insert into enrollment (sensor_id, slot, staff_id, enrolled_at)
                    select n.id, k, st.id, now() - interval '1 year'
                      from sensor n join device_agent a on a.id = n.agent_id join new_site s on s.id = a.site_id
                      join generate_series(0, %d) k on true
                      join staff st on st.code = 'F' || a.site_id || '-' || k""".formatted(STAFF_PER_SITE - 1));
            st.execute("""
                    insert into counter (site_id, number, name, department_id)
                    select s.id, k, 'Quầy ' || k, d.id from new_site s, department d, generate_series(1, %d) k
                     where d.code = 'FLEET'""".formatted(CAMERAS_PER_SITE * ZONES_PER_CAMERA));
            st.execute("""
                    insert into camera (site_id, agent_id, name, url)
                    select s.id, a.id, 'Camera ' || k, 'rtsp://10.0.' || (s.id %% 250) || '.' || k || ':554/stream'
                      from new_site s join device_agent a on a.site_id = s.id, generate_series(1, %d) k""".formatted(CAMERAS_PER_SITE));
            st.execute("""
                    insert into camera_zone (camera_id, counter_id, polygon, calibrated)
                    select c.id, k.id, '[[0.1,0.1],[0.4,0.1],[0.4,0.9],[0.1,0.9]]', true
                      from camera c join counter k on k.site_id = c.site_id
                       and k.number in (2 * cast(substring(c.name from 8) as int) - 1, 2 * cast(substring(c.name from 8) as int))
                      join new_site s on s.id = c.site_id""");
            Map<Long, List<Cam>> cams = new HashMap<>();
            try (ResultSet rs = st.executeQuery("""
                    select c.site_id, c.id, z.id, z.counter_id from camera c join camera_zone z on z.camera_id = c.id
                      join new_site s on s.id = c.site_id
                     order by c.site_id, c.id, z.id""")) {
                long lastCam = -1;
                while (rs.next()) {
                    List<Cam> list = cams.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                    if (rs.getLong(2) != lastCam) {
                        list.add(new Cam(rs.getLong(2), new ArrayList<>()));
                        lastCam = rs.getLong(2);
                    }
                    list.get(list.size() - 1).zones().add(new Zone(rs.getLong(3), rs.getLong(4)));
                }
            }
            List<Agent> agents = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("""
                    select a.id, a.site_id, n.id, st.id from device_agent a join sensor n on n.agent_id = a.id
                      join new_site s on s.id = a.site_id
                      join staff st on st.code = 'F' || a.site_id || '-' || %d
                     order by a.id""".formatted(STAFF_PER_SITE))) {
                while (rs.next()) {
                    long site = rs.getLong(2);
                    agents.add(new Agent(rs.getLong(1), rs.getLong(3), rs.getLong(4), "agt_fleet-" + site,
                            cams.getOrDefault(site, List.of())));
                }
            }
            db.commit();
            st.execute("analyze");
            db.commit();
            return agents;
        }
    }

    // ---- plumbing ----

    static String postSync(String url, String token, String body) throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = c.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
        }
        return res.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    @SuppressWarnings("unchecked")
    static String json(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append('"').append(e.getKey()).append("\":").append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object v : l) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(v));
            }
            return b.append(']').toString();
        }
        if (o instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return String.valueOf(o);
    }

    static int waitForStart(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern pg = Pattern.compile("Embedded PostgreSQL ready on port (\\d+)");
        int pgPort = -1;
        String line;
        while ((line = out.readLine()) != null) {
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
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard: the server's own log is in its log directory
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

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
