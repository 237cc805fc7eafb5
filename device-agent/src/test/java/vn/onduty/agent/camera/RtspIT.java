package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.sim.CounterVideo;
import vn.onduty.agent.sim.RtspRelay;

/**
 * The pipeline against a real RTSP source: the ffmpeg executable shipped in the bytedeco jar pushes a
 * generated H.264 file to {@link RtspRelay}, which serves it to the agent over RTSP/TCP.
 */
class RtspIT {

    @TempDir
    static Path dir;
    private static Path everySecond;
    private static Path allKeyframes;

    private final List<Process> publishers = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void writeVideos() throws Exception {
        List<CounterVideo.Seat> seats = List.of(new CounterVideo.Seat(0.1, 0.3, 0.4, 0.8, List.<double[]>of(new double[] {0, 10})));
        everySecond = dir.resolve("every-second.mp4");
        CounterVideo.write(everySecond, new CounterVideo.Scene(320, 180, 5, 1, Duration.ofSeconds(20), seats, -1, 1, 200_000));
        allKeyframes = dir.resolve("all-keyframes.mp4");
        CounterVideo.write(allKeyframes, new CounterVideo.Scene(320, 180, 25, 0, Duration.ofSeconds(10), seats, -1, 1, 800_000));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        for (Process publisher : publishers) {
            publisher.destroyForcibly().waitFor();
        }
    }

    private Process publish(Path file, RtspRelay relay) throws IOException {
        // The executable finds its libraries beside it only once they are extracted and on its path.
        FrameSources.load();
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        ProcessBuilder builder = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1",
                "-i", file.toString(), "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", relay.url())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("publisher-" + publishers.size() + ".log").toFile());
        builder.environment().put("LD_LIBRARY_PATH", Path.of(ffmpeg).getParent().toString());
        Process process = builder.start();
        publishers.add(process);
        return process;
    }

    private RtspRelay relay() throws IOException {
        RtspRelay relay = new RtspRelay();
        closing.add(relay);
        return relay;
    }

    private CameraPipeline pipeline(String url, int timeoutSeconds, Duration reconnectMin, Duration reconnectMax,
                                    RecordingZoneEvents events) {
        ZoneSpec zone = ZoneSpec.rectangle(11, 7, "Quầy 1", 0.1, 0.3, 0.4, 0.8, false);
        CameraSpec camera = new CameraSpec(3, "Sảnh A", url, "viewer", "secret", timeoutSeconds, true, List.of(zone));
        Map<Long, OccupancyStateMachine> machines = new HashMap<>();
        machines.put(11L, new OccupancyStateMachine(OccupancyStateMachine.Settings.defaults(), ZoneState.UNKNOWN,
                Transition.AGENT_START, Instant.now()));
        CameraPipeline pipeline = new CameraPipeline(camera, machines,
                new CameraPipeline.Settings(320, 180, 2, reconnectMin, reconnectMax),
                new CalibrationStore(dir.resolve("calibration")), events, Clock.systemUTC(), Pacing.realTime(Clock.systemUTC()),
                null, new Random(1));
        closing.add(pipeline);
        return pipeline;
    }

    private static void eventually(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void connectsThenGoesUnknownWhenTheSourceStopsAndReconnectsWhenItReturns() throws Exception {
        RtspRelay relay = relay();
        Process publisher = publish(everySecond, relay);
        RecordingZoneEvents events = new RecordingZoneEvents();
        CameraPipeline pipeline = pipeline(relay.url(), 2, Duration.ofMillis(200), Duration.ofSeconds(1), events);
        pipeline.start();

        eventually(Duration.ofSeconds(30), () -> pipeline.status().connected() && pipeline.framesAnalysed() >= 3, "connected");
        events.await(s -> Transition.NOT_CALIBRATED.equals(s.transition().reason()), Duration.ofSeconds(5),
                "not_calibrated for the zone without a reference");

        // The camera dies without closing the connection: the agent hears nothing more.
        Instant killed = Instant.now();
        publisher.destroyForcibly().waitFor();
        relay.forgetStream();
        events.await(s -> Transition.STREAM_LOST.equals(s.transition().reason()) && !s.transition().at().isBefore(
                killed.minusSeconds(3)), Duration.ofSeconds(15), "stream_lost after the source stopped");
        assertThat(pipeline.status().connected()).isFalse();
        assertThat(events.of(11)).extracting(Transition::state).doesNotContain(ZoneState.EMPTY);

        long before = pipeline.framesAnalysed();
        publish(everySecond, relay);
        eventually(Duration.ofSeconds(30), () -> pipeline.status().connected() && pipeline.framesAnalysed() > before + 2,
                "reconnected");
        assertThat(pipeline.status().reconnects()).isPositive();
        assertThat(relay.plays()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersFailsWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            CameraSpec camera = new CameraSpec(4, "Treo", "rtsp://127.0.0.1:" + silent.getLocalPort() + "/live", null, null,
                    2, true, List.of());

            long started = System.nanoTime();
            assertThatThrownBy(() -> VideoStream.open(camera, 320, 180)).isInstanceOf(Exception.class);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Bounded by the camera's 2 s timeout, not hung: a generous multiple keeps a busy machine from failing it.
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(accepted).isNotEmpty();
        }
    }

    @Test
    void aHundredDropsInARowLeaveNoThreadsOrNativeMemoryBehind() throws Exception {
        RtspRelay relay = relay();
        publish(allKeyframes, relay);
        relay.dropPlayersAfter(20);
        RecordingZoneEvents events = new RecordingZoneEvents();
        CameraPipeline pipeline = pipeline(relay.url(), 2, Duration.ofMillis(5), Duration.ofMillis(20), events);
        pipeline.start();

        eventually(Duration.ofSeconds(60), () -> relay.plays() >= 10, "10 drops");
        int threadsBefore = agentThreads();
        long nativeBefore = leastNativeBytes(relay, 10);

        eventually(Duration.ofSeconds(120), () -> relay.plays() >= 100, "100 drops");
        int threadsAfter = agentThreads();
        long nativeAfter = leastNativeBytes(relay, 100);

        assertThat(threadsAfter).as("threads after 90 more drops").isLessThanOrEqualTo(threadsBefore);
        // A leaked decoder or demuxer per drop would be megabytes each; 90 of them could not hide in 64 MiB. The
        // least of several samples is compared: malloc and the garbage collector swing the resident size by tens of
        // megabytes from one moment to the next (seen: 88 to 118 MiB and back), which a leak, only ever growing,
        // does not.
        assertThat(nativeAfter - nativeBefore).as("growth of the memory outside the Java heap over 90 drops, bytes")
                .isLessThan(64L << 20);
        assertThat(pipeline.framesAnalysed()).isGreaterThanOrEqualTo(100);

        pipeline.close();
        assertThat(pipeline.alive()).isFalse();
    }

    /** Live threads other than the relay's own connection threads, which come and go with its sockets. */
    private static int agentThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith("rtsp-relay")).count();
    }

    /**
     * The least, over five samples taken one drop apart from {@code fromDrops} on, of the resident size less the
     * committed Java heap: what FFmpeg, the decoder and the JVM's own native memory hold.
     */
    private static long leastNativeBytes(RtspRelay relay, int fromDrops) throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            int drops = fromDrops + i;
            eventually(Duration.ofSeconds(30), () -> relay.plays() >= drops, drops + " drops");
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
            least = Math.min(least, Pointer.physicalBytes() - heap);
        }
        return least;
    }
}
