package vn.onduty.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.fingerprint.SensorLoop;
import vn.onduty.agent.sim.SensorSimulator;
import vn.onduty.agent.sim.SimulatedSensor;

/**
 * The acceptance test for delivery: the agent in its own JVM, killed with SIGKILL again and
 * again while 10,000 touches are made on simulated sensors (real pseudo-terminals), and the server
 * stopped for a while in the middle; afterwards the server holds each punch exactly once.
 *
 * <p>Exactly once is checked where it is defined: every event the agent committed to its outbox got a
 * sequence number, so the server must hold that stream's numbers 1..N, each once, N being the
 * outbox's last number; every one of them a punch row, no row twice. Beside that, no touch may be
 * lost beyond what a kill can take (see {@link #IN_FLIGHT_PER_SENSOR_PER_KILL}).
 *
 * <p>{@code ./mvnw -pl e2e verify} after {@code ./mvnw -DskipTests install}: it runs the jars in
 * server/target and device-agent/target. {@code -De2e.touches=3000} makes a shorter run while working
 * on it; {@code -De2e.seed=N} repeats a run's touch script and kill intervals (its seed is printed).
 */
@ExtendWith(StopChildrenOnExit.class)
class AgentCrashIT {

    private static final int TOUCHES = Integer.getInteger("e2e.touches", 10_000);
    /** Sensors work in parallel, one thread each in the agent: several keep the run short on 2 cores. */
    private static final int SENSORS = 6;
    private static final int CAPACITY = 162;
    private static final int FINGERS = 150;
    /**
     * A fast poll makes touches quick; fingers cycle through all 150, so at ~15 touches a second per
     * sensor a finger comes back after ~10 s, far outside a 1 s duplicate window: every match answered
     * by the simulator should become a punch.
     */
    private static final int POLL_MILLIS = 20;
    private static final int DUPLICATE_WINDOW_SECONDS = 1;
    /**
     * A touch matched while the agent was dying may never reach the outbox: the simulator answered the
     * search, but the agent was killed before it read the reply, or before its outbox transaction
     * committed. Each sensor's loop has at most one touch between "search answered" and "emit
     * committed", so a kill can take at most one touch per sensor. That touch never got a sequence
     * number, so nothing emitted is lost; what was emitted is never lost or doubled (checked exactly).
     * The other way round, a finger still resting on the window when a new agent starts is read again
     * and punches again, as it would after a real restart: so punches are bounded by the matches
     * answered, not by the touches scripted.
     */
    private static final int IN_FLIGHT_PER_SENSOR_PER_KILL = 1;
    private static final Duration SERVER_OUTAGE = Duration.ofSeconds(15);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(8);
    private static final String ADMIN = "e2e-admin";
    private static final String ADMIN_PASSWORD = "e2e-admin-password";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final List<SensorSimulator> simulators = new ArrayList<>();
    private final ExecutorService outageThread = Executors.newSingleThreadExecutor();
    private ServerProcess server;
    private AgentProcess agent;


    @AfterEach
    void stopEverything() throws InterruptedException {
        // Each in its own try, so one failing to stop does not leave the others running.
        outageThread.shutdownNow();
        outageThread.awaitTermination(2, TimeUnit.MINUTES);
        try {
            if (agent != null) {
                agent.kill();
            }
        } finally {
            try {
                simulators.forEach(SensorSimulator::close);
            } finally {
                if (server != null) {
                    server.stop();
                }
            }
        }
        assertThat(agent == null || !agent.isRunning()).as("agent process ended").isTrue();
        assertThat(server == null || !server.isRunning()).as("server process ended").isTrue();
    }

    @Test
    void storesEveryEmittedPunchExactlyOnceThroughRepeatedKillsAndAServerOutage() throws Exception {
        long seed = Long.getLong("e2e.seed", System.nanoTime());
        Random random = new Random(seed);
        long began = System.nanoTime();
        Path root = Path.of(System.getProperty("onduty.root", "..")).toAbsolutePath().normalize();

        server = new ServerProcess(root, dir.resolve("server"));
        server.createAdmin(ADMIN, ADMIN_PASSWORD);
        server.start();
        String admin = server.login(ADMIN, ADMIN_PASSWORD);
        long siteId = server.post("/api/sites", admin, Map.of("name", "Crash test site")).path("id").asLong();
        var created = server.post("/api/agents", admin, Map.of("siteId", siteId, "name", "crash test agent"));
        long agentId = created.path("agent").path("id").asLong();
        String agentToken = created.path("token").asText();
        assertThat(agentId).as("new agent's id in %s", created).isPositive();

        AtomicLong[] matches = new AtomicLong[SENSORS];
        List<AgentProcess.Sensor> sensors = new ArrayList<>();
        for (int k = 0; k < SENSORS; k++) {
            SimulatedSensor sensor = new SimulatedSensor(CAPACITY, Clock.systemUTC(), seed + k);
            sensor.enrollFingers(FINGERS);
            AtomicLong answered = new AtomicLong();
            matches[k] = answered;
            sensor.setMatchListener((finger, slot, score) -> answered.incrementAndGet());
            int scripted = TOUCHES / SENSORS + (k < TOUCHES % SENSORS ? 1 : 0);
            for (int i = 0; i < scripted; i++) {
                // One or two polls on the window: a finger still resting there when a new agent starts is read again.
                sensor.touch(i % FINGERS + 1, 1 + random.nextInt(2));
            }
            SensorSimulator simulator = SensorSimulator.start(sensor, null, seed + k);
            simulators.add(simulator);
            sensors.add(new AgentProcess.Sensor("fp-" + k, simulator.portPath(), POLL_MILLIS, DUPLICATE_WINDOW_SECONDS));
        }

        agent = new AgentProcess(root, dir.resolve("agent"), server.baseUrl(), agentToken, sensors);
        agent.start();

        // The outage runs on its own thread, so SIGKILLs go on while the server stops and starts.
        CompletableFuture<Void> outage = CompletableFuture.runAsync(this::serverOutageInTheMiddle, outageThread);
        int kills = 0;
        long startedAt = System.nanoTime();
        long killAfter = randomMillis(random, 5_000, 15_000);
        long upSince = 0;
        long lastReport = System.nanoTime();
        int touched;
        while ((touched = touched()) < TOUCHES || !outage.isDone()) {
            long now = System.nanoTime();
            if (now - began > GIVE_UP_AFTER.toNanos()) {
                throw new AssertionError("only " + touched + " of " + TOUCHES + " touches were read in "
                        + GIVE_UP_AFTER.toMinutes() + " min; agent log " + agent.log() + ", server log " + server.log());
            }
            if (outage.isCompletedExceptionally()) {
                outage.join();
            }
            if (upSince == 0 && agent.isUp()) {
                upSince = now;
            }
            // A kill comes 5-15 s after the start, but never before the agent has run a second: on a busy
            // machine a JVM can take longer than that to start, and kills alone would then make no progress.
            if (touched < TOUCHES && now - startedAt >= killAfter * 1_000_000 && upSince != 0 && now - upSince >= 1_000_000_000L) {
                agent.kill();
                kills++;
                agent.start();
                startedAt = System.nanoTime();
                killAfter = randomMillis(random, 5_000, 15_000);
                upSince = 0;
            }
            if (now - lastReport >= 10_000_000_000L) {
                System.out.printf("%3.0f s: %d touches read, %d SIGKILLs%n", (now - began) / 1e9, touched, kills);
                lastReport = now;
            }
            Thread.sleep(50);
        }
        outage.join();
        assertThat(kills).as("SIGKILLs").isGreaterThanOrEqualTo(5);

        awaitDrained(matches);
        agent.stop();
        AgentProcess.OutboxState outbox = agent.outboxState(SensorLoop.STREAM);
        long answered = 0;
        for (AtomicLong m : matches) {
            answered += m.get();
        }
        System.out.printf("seed %d: %d touches on %d sensors, %d matches answered, %d SIGKILLs, %d events emitted, %.0f s%n",
                seed, TOUCHES, SENSORS, answered, kills, outbox.lastSeq(), (System.nanoTime() - began) / 1e9);

        assertThat(outbox.pending()).as("events left in the outbox").isZero();
        assertThat(outbox.rejected()).as("events the server refused").isZero();
        try (Connection db = server.database()) {
            // All sensors of an agent number their events in the one stream "fingerprint".
            List<Long> seqs = longs(db, "select seq from agent_event where agent_id = ? and stream = ? order by seq",
                    agentId, SensorLoop.STREAM);
            assertThat(gapsAndRepeats(seqs, outbox.lastSeq()))
                    .as("seqs stored for stream %s, against 1..%d from the outbox", SensorLoop.STREAM, outbox.lastSeq())
                    .isEmpty();
            assertThat(longs(db, "select count(*) from agent_event where agent_id = ? and type <> 'punch'", agentId))
                    .as("events other than punches (every finger is enrolled)").containsExactly(0L);
            assertThat(longs(db, """
                    select count(*) from (select 1 from punch where agent_id = ?
                                           group by stream, seq having count(*) > 1) twice""", agentId))
                    .as("(agent, stream, seq) held by more than one punch").containsExactly(0L);
            assertThat(longs(db, """
                    select count(*) from agent_event e
                     where e.agent_id = ? and e.type = 'punch'
                       and not exists (select 1 from punch p where p.agent_id = e.agent_id and p.stream = e.stream and p.seq = e.seq)""",
                    agentId)).as("punch events without their punch row").containsExactly(0L);
            assertThat(longs(db, "select count(*) from punch where agent_id = ?", agentId))
                    .as("punch rows").containsExactly(outbox.lastSeq());
            // The simulated module scores finger f as 40 + (37 f mod 160), and slot s holds finger s + 1.
            assertThat(longs(db, "select count(*) from punch where agent_id = ? and score <> 40 + mod((slot + 1) * 37, 160)", agentId))
                    .as("punches whose score is not the one the sensor answered for their slot").containsExactly(0L);

            Map<String, Long> punchesBySensor = punchesBySensor(db, agentId);
            for (int k = 0; k < SENSORS; k++) {
                long punched = punchesBySensor.getOrDefault("fp-" + k, 0L);
                long matched = matches[k].get();
                assertThat(punched).as("punches of fp-%d (%d matches answered, %d kills)", k, matched, kills)
                        .isLessThanOrEqualTo(matched)
                        .isGreaterThanOrEqualTo(matched - (long) kills * IN_FLIGHT_PER_SENSOR_PER_KILL);
            }
        }
    }

    /**
     * Stops the server once a third of the touches are read, as an operator restarting it would (SIGTERM),
     * and starts it again on the same data {@link #SERVER_OUTAGE} later. Should the touches all be read
     * before then, the outage still runs its course: the agent must catch up afterwards either way.
     */
    private void serverOutageInTheMiddle() {
        try {
            while (touched() < TOUCHES / 3) {
                Thread.sleep(50);
            }
            System.out.printf("server stopping after %d touches%n", touched());
            server.stop();
            Thread.sleep(SERVER_OUTAGE.toMillis());
            System.out.printf("server starting again after %d touches%n", touched());
            server.start();
            System.out.printf("server answering again after %d touches%n", touched());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** Touches the sensors have read, whole: the one on a window is not counted until it is lifted. */
    private int touched() {
        int left = 0;
        for (SensorSimulator s : simulators) {
            left += s.sensor().pendingTouches();
        }
        return TOUCHES - left;
    }

    /**
     * Waits until the last touch's match has been answered (the count stops moving) and the running
     * agent reports its outbox empty, i.e. the server acknowledged everything.
     */
    private void awaitDrained(AtomicLong[] matches) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long lastTotal = -1;
        int quietRounds = 0;
        while (true) {
            long total = 0;
            for (AtomicLong m : matches) {
                total += m.get();
            }
            quietRounds = total == lastTotal ? quietRounds + 1 : 0;
            lastTotal = total;
            OptionalLong pending = agent.pending();
            if (quietRounds >= 4 && pending.isPresent() && pending.getAsLong() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent did not drain its outbox (pending " + pending + "); log " + agent.log());
            }
            Thread.sleep(250);
        }
    }

    /** Numbers of 1..last missing from {@code sorted}, numbers in it twice, and numbers beyond last; first 20. */
    private static List<String> gapsAndRepeats(List<Long> sorted, long last) {
        List<String> problems = new ArrayList<>();
        long expected = 1;
        Long previous = null;
        for (long seq : sorted) {
            if (previous != null && seq == previous) {
                problems.add("seq " + seq + " stored twice");
            } else {
                if (seq > expected) {
                    problems.add("missing " + expected + (seq - 1 > expected ? ".." + (seq - 1) : ""));
                }
                if (seq > last) {
                    problems.add("seq " + seq + " beyond the outbox's last " + last);
                }
                expected = seq + 1;
            }
            previous = seq;
        }
        if (expected <= last) {
            problems.add("missing " + expected + (last > expected ? ".." + last : ""));
        }
        return problems.subList(0, Math.min(20, problems.size()));
    }

    private static Map<String, Long> punchesBySensor(Connection db, long agentId) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement st = db.prepareStatement("""
                select s.name, count(*) from punch p join sensor s on s.id = p.sensor_id
                 where p.agent_id = ? group by s.name""")) {
            st.setLong(1, agentId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private static List<Long> longs(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            List<Long> values = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
            return values;
        }
    }

    private static long randomMillis(Random random, int from, int to) {
        return from + random.nextInt(to - from + 1);
    }
}
