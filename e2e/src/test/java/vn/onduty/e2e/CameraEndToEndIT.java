package vn.onduty.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.camera.FrameSources;
import vn.onduty.agent.sim.CounterVideo;
import vn.onduty.agent.sim.RtspRelay;

/**
 * The acceptance for counter presence, with the real pieces: the server from its jar on its
 * embedded PostgreSQL, the agent from its jar, and two cameras an admin sets up through the API. One
 * camera is a generated video file, the other the same video pushed by the ffmpeg executable (from the
 * bytedeco jar) through an RTSP relay, as an IP camera would serve it. Each sees two counter seats in
 * which a figure sits and leaves at scripted seconds.
 *
 * <p>What a supervisor reads from {@code GET /api/occupancy/intervals} must match the script within the
 * issue's tolerance (dwell + 2 s), and once the RTSP source dies its zones must read {@code unknown},
 * never {@code empty}, while the file camera goes on unaffected. Last the agent is SIGKILLed and started
 * again: the time it was down reads {@code unknown} ({@code agent_crash}), not the state it left.
 *
 * <p>The zones are not calibrated by an admin: as in the demo, the agent takes each seat's first still
 * spell as its empty reference ({@code camera.autoCalibrate}). Dwells are short (3 s occupied, 5 s
 * empty) so a one-minute video shows every change; the state machine's defaults are tested in the agent.
 *
 * <p>About two minutes: {@code ./mvnw -B -pl e2e -am verify -Dit.test=CameraEndToEndIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false} (with {@code -am}: the
 * jars it runs are built in the same reactor, never taken from ~/.m2).
 */
@ExtendWith(StopChildrenOnExit.class)
class CameraEndToEndIT {

    private static final String ADMIN = "e2e-admin";
    private static final String ADMIN_PASSWORD = "e2e-admin-password";

    /** The video loops every minute; keyframes every second, as installers are asked to set cameras. */
    private static final int LOOP_SECONDS = 60;
    /**
     * Seat 0 is empty from 0 to 25 s and from 45 s to the end; seat 1 from 8 to 40 s. Each empty spell
     * is longer than the auto-calibration's 10 still seconds, so both seats of the file get their reference
     * in its first pass, and the RTSP camera's within a minute of joining the stream, whatever second it joins at.
     */
    private static final List<CounterVideo.Seat> SEATS = List.of(
            new CounterVideo.Seat(0.08, 0.30, 0.42, 0.80, List.of(new double[] {0, 25}, new double[] {45, 60})),
            new CounterVideo.Seat(0.58, 0.30, 0.92, 0.80, List.of(new double[] {8, 40})));

    /** Heartbeat every 2 s, camera list every 5 s, auto-calibration after 10 still seconds, dwells 3 s and 5 s. */
    private static final AgentProcess.CameraSettings CAMERA = new AgentProcess.CameraSettings(2, 5, 10, 3, 5);
    private static final int RTSP_TIMEOUT_SECONDS = 2;
    /** The tolerance: intervals match the truth within dwell + 2 s (the longer dwell, 5 s). */
    private static final Duration TOLERANCE = Duration.ofSeconds(Math.max(CAMERA.occupiedSeconds(), CAMERA.emptySeconds()) + 2);
    /** From a state confirmed in the agent to its interval on the server: outbox, upload, ingest. */
    private static final Duration DELIVERY = Duration.ofSeconds(5);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private ServerProcess server;
    private AgentProcess agent;
    private RtspRelay relay;
    private Process publisher;


    /** A counter watched by a camera: the seat of the video it sits at and the script's truth for it. */
    private record Watched(String camera, long counterId, CounterVideo.Seat seat) {
    }

    /** One interval as the API answers it. */
    private record Interval(String state, String reason, Instant start, Instant end) {

        boolean known() {
            return state.equals("occupied") || state.equals("empty");
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            if (publisher != null) {
                publisher.destroyForcibly().waitFor();
            }
            if (relay != null) {
                relay.close();
            }
            if (agent != null) {
                agent.stop();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
        assertThat(agent == null || !agent.isRunning()).as("agent process ended").isTrue();
        assertThat(server == null || !server.isRunning()).as("server process ended").isTrue();
    }

    @Test
    void intervalsFollowTheVideoOfAFileAndAnRtspCameraAndAKilledStreamIsUnknownNeverEmpty() throws Exception {
        long began = System.nanoTime();
        Path root = Path.of(System.getProperty("onduty.root", "..")).toAbsolutePath().normalize();
        Path video = dir.resolve("counters.mp4");
        CounterVideo.write(video, new CounterVideo.Scene(320, 180, 5, 1, Duration.ofSeconds(LOOP_SECONDS), SEATS, -1, 1,
                300_000));
        relay = new RtspRelay();
        progress(began, "video written");

        server = new ServerProcess(root, dir.resolve("server"));
        server.createAdmin(ADMIN, ADMIN_PASSWORD);
        server.start();
        progress(began, "server started");
        String admin = server.login(ADMIN, ADMIN_PASSWORD);
        long siteId = server.post("/api/sites", admin, Map.of("name", "Camera test site")).path("id").asLong();
        var created = server.post("/api/agents", admin, Map.of("siteId", siteId, "name", "camera test agent"));
        String agentToken = created.path("token").asText();

        List<Watched> watched = new ArrayList<>();
        long fileCamera = camera(admin, siteId, "File camera", video.toUri().toString(), 5);
        long rtspCamera = camera(admin, siteId, "RTSP camera", relay.url(), RTSP_TIMEOUT_SECONDS);
        int number = 1;
        for (long cameraId : List.of(fileCamera, rtspCamera)) {
            for (CounterVideo.Seat seat : SEATS) {
                long counterId = server.post("/api/counters", admin, Map.of("siteId", siteId, "number", number,
                        "name", "Quầy " + number)).path("id").asLong();
                number++;
                server.post("/api/cameras/" + cameraId + "/zones", admin, Map.of("counterId", counterId, "polygon", List.of(
                        List.of(seat.x0(), seat.y0()), List.of(seat.x1(), seat.y0()),
                        List.of(seat.x1(), seat.y1()), List.of(seat.x0(), seat.y1()))));
                watched.add(new Watched(cameraId == fileCamera ? "file" : "rtsp", counterId, seat));
            }
        }
        Instant testStart = Instant.now().minusSeconds(60);

        // The camera is on before the agent comes: it joins the stream at whatever second it has reached.
        publisher = publish(video, relay);
        agent = new AgentProcess(root, dir.resolve("agent"), server.baseUrl(), agentToken, List.of(), CAMERA);
        agent.start();
        progress(began, "agent starting");

        // Until every seat has been seen occupied and empty and at least one scripted change was found; a
        // contradiction of the script fails at once, as waiting cannot mend it.
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (true) {
            Verdict verdict = check(admin, watched, testStart, Instant.now());
            assertThat(verdict.errors()).as("intervals against the video's script:%s", describe(admin, watched, testStart))
                    .isEmpty();
            if (verdict.waitingFor().isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the intervals did not follow the video within " + GIVE_UP_AFTER.toMinutes()
                        + " min: " + verdict.waitingFor() + "\nintervals:" + describe(admin, watched, testStart)
                        + "\nagent log " + agent.log() + ", server log " + server.log());
            }
            Thread.sleep(1_000);
        }
        progress(began, "intervals follow the video:" + describe(admin, watched, testStart));

        // The RTSP camera dies without closing its connection: the agent hears nothing more, and reconnecting fails.
        Instant killed = Instant.now();
        publisher.destroyForcibly().waitFor();
        relay.forgetStream();
        List<Watched> rtsp = watched.stream().filter(w -> w.camera().equals("rtsp")).toList();
        long lostDeadline = System.nanoTime() + Duration.ofSeconds(2L * RTSP_TIMEOUT_SECONDS).plus(DELIVERY)
                .plusSeconds(20).toNanos();
        while (!rtsp.stream().allMatch(w -> last(intervals(admin, w, testStart)).state().equals("unknown"))) {
            if (System.nanoTime() > lostDeadline) {
                throw new AssertionError("the RTSP zones did not become unknown after the source died: "
                        + describe(admin, watched, testStart) + "\nagent log " + agent.log());
            }
            Thread.sleep(500);
        }
        progress(began, "RTSP zones unknown");
        // Reconnects keep failing meanwhile; nothing of that may read as an empty seat.
        Thread.sleep(Duration.ofSeconds(2L * RTSP_TIMEOUT_SECONDS + 2).toMillis());

        for (Watched w : rtsp) {
            List<Interval> intervals = intervals(admin, w, testStart);
            Interval lost = last(intervals);
            assertThat(lost.state()).as("counter %d after the source died: %s", w.counterId(), intervals).isEqualTo("unknown");
            assertThat(lost.reason()).as("why counter %d is unknown", w.counterId()).isEqualTo("stream_lost");
            assertThat(lost.end()).as("the unknown interval lasts").isNull();
            // It starts at the last keyframe that came (at most a keyframe before the kill), and well within
            // twice the timeout after it.
            assertThat(lost.start()).isBetween(killed.minusSeconds(3), killed.plusSeconds(2L * RTSP_TIMEOUT_SECONDS));
            // Keyframes still on their way when the source was killed may end the state before it a little later.
            assertThat(intervals).filteredOn(i -> i.start().isAfter(killed))
                    .as("intervals of counter %d that began after the source died", w.counterId())
                    .extracting(Interval::state).doesNotContain("empty", "occupied");
        }
        // The file camera went on unaffected: its intervals still follow its video, with nothing unknown.
        Verdict after = check(admin, watched.stream().filter(w -> w.camera().equals("file")).toList(), testStart,
                Instant.now());
        assertThat(after.errors()).as("the file camera's intervals after the RTSP camera died").isEmpty();

        // The agent dies (SIGKILL) and a new run starts a little later. The file camera's seats were known; the
        // server must end that at the last heartbeat it kept from before the kill, and call the time up to the
        // new run's agent_start unknown (agent_crash), never the old state.
        List<Watched> file = watched.stream().filter(w -> w.camera().equals("file")).toList();
        Instant agentKilled = Instant.now();
        agent.kill();
        Thread.sleep(3_000);
        agent.start();
        long restartDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!file.stream().allMatch(w -> intervals(admin, w, testStart).stream()
                .anyMatch(i -> "agent_start".equals(i.reason()) && i.start().isAfter(agentKilled)))) {
            if (System.nanoTime() > restartDeadline) {
                throw new AssertionError("no agent_start from the restarted agent: " + describe(admin, watched, testStart)
                        + "\nagent log " + agent.log());
            }
            Thread.sleep(500);
        }
        progress(began, "agent restarted after a SIGKILL");
        for (Watched w : file) {
            List<Interval> intervals = intervals(admin, w, testStart);
            int restart = indexOf(intervals, i -> "agent_start".equals(i.reason()) && i.start().isAfter(agentKilled));
            Interval crash = intervals.get(restart - 1);
            Interval before = intervals.get(restart - 2);
            assertThat(crash.reason()).as("counter %d before the restart: %s", w.counterId(), intervals)
                    .isEqualTo("agent_crash");
            assertThat(crash.end()).isEqualTo(intervals.get(restart).start());
            assertThat(before.known()).as("counter %d was known before the kill: %s", w.counterId(), intervals).isTrue();
            // Kept heartbeats lie up to 20 s apart (docs/agent-protocol.md), and the agent sends one every 2 s.
            assertThat(before.end()).as("end of counter %d's state before the kill: %s", w.counterId(), intervals)
                    .isEqualTo(crash.start())
                    .isBetween(agentKilled.minusSeconds(20 + CAMERA.heartbeatSeconds() + 1), agentKilled);
        }

        agent.stop();
        assertThat(agent.isRunning()).as("agent stopped on SIGTERM").isFalse();
        progress(began, "done:" + describe(admin, watched, testStart));
    }

    private static void progress(long began, String what) {
        System.out.printf("%3.0f s: %s%n", (System.nanoTime() - began) / 1e9, what);
    }

    private long camera(String admin, long siteId, String name, String url, int timeoutSeconds) {
        return server.post("/api/cameras", admin, Map.of("siteId", siteId, "name", name, "url", url,
                "timeoutSeconds", timeoutSeconds)).path("id").asLong();
    }

    /** The ffmpeg executable of the bytedeco jar pushes the video to the relay in real time, looping. */
    private Process publish(Path video, RtspRelay to) throws IOException {
        // The executable finds its libraries beside it only once they are extracted and on its path.
        FrameSources.load();
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        ProcessBuilder builder = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-re",
                "-stream_loop", "-1", "-i", video.toString(), "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", to.url())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("publisher.log").toFile());
        builder.environment().put("LD_LIBRARY_PATH", Path.of(ffmpeg).getParent().toString());
        return builder.start();
    }

    /** What contradicts the script (final), and what has not been seen yet (worth waiting for). */
    private record Verdict(List<String> errors, List<String> waitingFor) {
    }

    /**
     * The counters' intervals as of {@code now} against the script. A counter must have been seen both
     * occupied and empty; after the first of those (the seat's calibration) nothing may be unknown; every
     * known interval must show the script's state except within the tolerance of its ends (an open one up
     * to what has had time to be confirmed and delivered); and every scripted change since, old enough to
     * have been confirmed and delivered, must start an interval of its state within the tolerance.
     */
    private Verdict check(String admin, List<Watched> watched, Instant testStart, Instant now) {
        List<String> errors = new ArrayList<>();
        List<String> waitingFor = new ArrayList<>();
        Duration settle = TOLERANCE.plus(DELIVERY);
        for (Watched w : watched) {
            String counter = w.camera() + " counter " + w.counterId() + ": ";
            List<Interval> intervals = intervals(admin, w, testStart);
            Instant t0 = videoStart(w, intervals);
            if (t0 == null) {
                waitingFor.add(counter + "a first picture");
                continue;
            }
            List<Interval> known = intervals.stream().filter(Interval::known).toList();
            if (known.stream().noneMatch(i -> i.state().equals("occupied")) || known.stream().noneMatch(i -> i.state().equals("empty"))) {
                waitingFor.add(counter + "both occupied and empty");
                continue;
            }
            Instant judgedFrom = known.get(0).start();
            for (Interval i : intervals) {
                if (!i.known() && (i.end() == null || i.end().isAfter(judgedFrom))) {
                    errors.add(counter + "unknown after the calibration: " + i);
                }
            }
            for (Interval i : known) {
                Instant until = i.end() != null ? i.end().minus(TOLERANCE) : now.minus(settle);
                for (Instant t = i.start().plus(TOLERANCE); !t.isAfter(until); t = t.plusSeconds(1)) {
                    String truth = truth(w.seat(), t0, t);
                    if (!truth.equals(i.state())) {
                        errors.add(counter + i + ", but the video shows " + truth + " at second "
                                + Duration.between(t0, t).toSeconds());
                        break;
                    }
                }
            }
            int matched = 0;
            for (Instant change = nextChange(w.seat(), t0, judgedFrom.plus(TOLERANCE)); change != null
                    && !change.isAfter(now.minus(settle)); change = nextChange(w.seat(), t0, change.plusSeconds(1))) {
                String state = truth(w.seat(), t0, change);
                Instant at = change;
                if (known.stream().anyMatch(i -> i.state().equals(state)
                        && Duration.between(at, i.start()).abs().compareTo(TOLERANCE) <= 0)) {
                    matched++;
                } else {
                    errors.add(counter + "no " + state + " interval starting within " + TOLERANCE.toSeconds()
                            + " s of second " + Duration.between(t0, at).toSeconds() + " of the video");
                }
            }
            if (matched == 0) {
                waitingFor.add(counter + "a scripted change");
            }
        }
        return new Verdict(errors, waitingFor);
    }

    /**
     * The wall-clock instant of the video's second 0. For the file camera, its first keyframe: the agent
     * plays the file from then on in real time, and the zones' first state after agent_start
     * (not_calibrated) begins at it. For the RTSP camera, when the publisher's first packet came, as
     * the agent stamps a live camera's keyframes on arrival.
     */
    private Instant videoStart(Watched w, List<Interval> intervals) {
        if (w.camera().equals("rtsp")) {
            return relay.firstPacketAt();
        }
        return intervals.stream().filter(i -> "not_calibrated".equals(i.reason())).map(Interval::start).findFirst()
                .orElse(null);
    }

    /** The script's state of the seat at {@code t}: the video loops every {@link #LOOP_SECONDS}. */
    private static String truth(CounterVideo.Seat seat, Instant t0, Instant t) {
        double second = Math.floorMod(Duration.between(t0, t).toMillis(), LOOP_SECONDS * 1000L) / 1000.0;
        return seat.occupiedAt(second) ? "occupied" : "empty";
    }

    /** The first scripted change of the seat's state at or after {@code from}, to the second. */
    private static Instant nextChange(CounterVideo.Seat seat, Instant t0, Instant from) {
        Instant t = t0.plusSeconds(Math.max(0, (long) Math.ceil(Duration.between(t0, from).toMillis() / 1000.0)));
        for (int i = 0; i <= LOOP_SECONDS; i++, t = t.plusSeconds(1)) {
            if (!truth(seat, t0, t).equals(truth(seat, t0, t.minusMillis(500)))) {
                return t;
            }
        }
        return null;
    }

    private List<Interval> intervals(String admin, Watched w, Instant from) {
        JsonNode answer = server.get("/api/occupancy/intervals?counterId=" + w.counterId() + "&from=" + encode(from)
                + "&to=" + encode(Instant.now().plus(Duration.ofHours(1))), admin);
        List<Interval> intervals = new ArrayList<>();
        for (JsonNode i : answer) {
            intervals.add(new Interval(i.path("state").asText(), i.path("reason").isNull() ? null : i.path("reason").asText(),
                    Instant.parse(i.path("start").asText()), i.path("end").isNull() ? null : Instant.parse(i.path("end").asText())));
        }
        return intervals;
    }

    private static int indexOf(List<Interval> intervals, java.util.function.Predicate<Interval> which) {
        for (int i = 0; i < intervals.size(); i++) {
            if (which.test(intervals.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such interval in " + intervals);
    }

    private static Interval last(List<Interval> intervals) {
        return intervals.isEmpty() ? new Interval("none", null, Instant.EPOCH, null) : intervals.get(intervals.size() - 1);
    }

    private String describe(String admin, List<Watched> watched, Instant from) {
        StringBuilder out = new StringBuilder();
        for (Watched w : watched) {
            List<Interval> intervals = intervals(admin, w, from);
            Instant t0 = videoStart(w, intervals);
            out.append("\n  ").append(w.camera()).append(" counter ").append(w.counterId()).append(" (video from ")
                    .append(t0).append("):");
            for (Interval i : intervals) {
                out.append("\n    ").append(i.state()).append(i.reason() == null ? "" : "/" + i.reason())
                        .append(" ").append(second(t0, i.start())).append("..").append(i.end() == null ? "" : second(t0, i.end()));
            }
        }
        return out.toString();
    }

    private static String second(Instant t0, Instant t) {
        return t0 == null ? t.toString() : String.format("%.1f s", Duration.between(t0, t).toMillis() / 1000.0);
    }

    private static String encode(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
