/*
 * Camera benchmark: what one camera costs the agent, how many cameras two cores carry, and the agent's
 * memory with 20 cameras.
 *
 *   ./onduty bench camera [seconds-of-video] [cameras-for-memory]     (defaults 120 and 20)
 *
 * 1. Writes two 1080p H.264 files (25 fps, FFmpeg's testsrc2 pattern, OpenH264 at 4 Mbit/s, like a camera's
 *    main stream) with the ffmpeg executable shipped in the bytedeco jar: one with a keyframe every 2 s (as
 *    installers are asked to set cameras), one every 10 s (as smart codecs and long sub-stream GOPs send).
 * 2. The decode floors, their CPU time (user + system) read with bash's `times`: keyframes only,
 *    `ffmpeg -skip_frame nokey -threads 1 -i FILE -f null -`, and every frame, the same without -skip_frame.
 * 3. The agent: one CameraPipeline (the production class, one decoder thread, pictures scaled to 320x180
 *    gray, blurred, four zones scored and their state machines fed) plays each file once as fast as it
 *    decodes; its thread's CPU time from the JVM. With keyframes 2 s apart it decodes keyframes only; 10 s
 *    apart, every frame from a keyframe on, analysing one picture every 2 s. It plays each file twice and
 *    the second pass is measured (the first includes the start: until two keyframe intervals are known the
 *    pipeline decodes every frame). Ratio = agent / the floor of what it decodes (target <= 1.5, 2 s file).
 * 4. Streams on 2 cores = 2 × video seconds / agent CPU seconds (target >= 100 for the 2 s file).
 * 5. Memory: the given number of pipelines play the file at real time (as cameras would) for 60 s;
 *    then the process's resident set size (target < 512 MB with 20).
 *
 * Run with: MALLOC_ARENA_MAX=2 java -Xmx256m -cp device-agent/target/onduty-agent.jar bench/CameraBench.java
 * (./onduty bench camera does this, with the same settings as ./onduty agent).
 */
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import vn.onduty.agent.camera.CalibrationStore;
import vn.onduty.agent.camera.CameraPipeline;
import vn.onduty.agent.camera.CameraSpec;
import vn.onduty.agent.camera.FrameSources;
import vn.onduty.agent.camera.OccupancyStateMachine;
import vn.onduty.agent.camera.Pacing;
import vn.onduty.agent.camera.Transition;
import vn.onduty.agent.camera.ZoneEvents;
import vn.onduty.agent.camera.ZoneSpec;
import vn.onduty.agent.camera.ZoneState;

public class CameraBench {

    static final ZoneEvents NO_EVENTS = new ZoneEvents() {
        public void transition(CameraSpec c, ZoneSpec z, Transition t) { }
        public void attention(CameraSpec c, ZoneSpec z) { }
        public void calibrated(CameraSpec c, ZoneSpec z, long id, CalibrationOutcome o) { }
    };

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        int cameras = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        FrameSources.load();
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        Path dir = Files.createDirectories(Path.of("target", "bench-camera"));
        Path file = video(ffmpeg, dir, seconds, 2);
        Path sparse = video(ffmpeg, dir, seconds, 10);

        // Warm everything up once (page cache, JIT, dynamic loading), then measure.
        floorCpu(ffmpeg, file, true);
        agentCpu(file, seconds);
        double floor = floorCpu(ffmpeg, file, true);
        double[] passes = agentCpu(file, seconds);
        double agent = passes[1];
        System.out.printf("video: %d s of 1080p25 H.264, keyframe every 2 s (%d keyframes)%n", seconds, seconds / 2);
        System.out.printf("decode floor, keyframes only (ffmpeg -skip_frame nokey -threads 1 ... -f null -): %.3f s CPU%n",
                floor);
        System.out.printf("agent pipeline (one camera thread, 4 zones, keyframes decoded alone):            %.3f s CPU"
                + " (the first pass, with the start: %.3f s)%n", agent, passes[0]);
        System.out.printf("agent / floor: %.2f   (target <= 1.5)%n", agent / floor);
        System.out.printf("CPU per camera: %.2f %% of one core; streams 2 cores sustain: %.0f   (target >= 100)%n",
                100 * agent / seconds, 2.0 * seconds / agent);

        floorCpu(ffmpeg, sparse, false);
        agentCpu(sparse, seconds);
        double sparseKeyFloor = floorCpu(ffmpeg, sparse, true);
        double sparseFloor = floorCpu(ffmpeg, sparse, false);
        double[] sparsePasses = agentCpu(sparse, seconds);
        double sparseAgent = sparsePasses[1];
        System.out.printf("video: %d s of 1080p25 H.264, keyframe every 10 s (%d keyframes)%n", seconds, seconds / 10);
        System.out.printf("decode floor, keyframes only:                                  %.3f s CPU%n", sparseKeyFloor);
        System.out.printf("decode floor, every frame (ffmpeg -threads 1 ... -f null -):   %.3f s CPU%n", sparseFloor);
        System.out.printf("agent pipeline (every frame decoded, a picture every 2 s):     %.3f s CPU"
                + " (the first pass: %.3f s)%n", sparseAgent, sparsePasses[0]);
        System.out.printf("agent / every-frame floor: %.2f; agent / the 2 s file's agent: %.1f%n", sparseAgent / sparseFloor,
                sparseAgent / agent);
        System.out.printf("CPU per camera: %.2f %% of one core; streams 2 cores sustain: %.0f%n",
                100 * sparseAgent / seconds, 2.0 * seconds / sparseAgent);

        long rss = memory(file, cameras);
        System.out.printf("resident set with %d cameras at real time: %d MB   (target < 512 MB)%n", cameras, rss >> 20);
        System.out.printf("JVM: %s, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** A 1080p H.264 test video of {@code seconds} with a keyframe every {@code gop} seconds, written once. */
    static Path video(String ffmpeg, Path dir, int seconds, int gop) throws Exception {
        Path file = dir.resolve("1080p-" + seconds + "s-gop" + gop + "s.mp4");
        if (!Files.exists(file)) {
            System.out.printf("writing %s (%d s of 1080p H.264)...%n", file, seconds);
            run(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25",
                    "-t", Integer.toString(seconds), "-c:v", "libopenh264", "-g", Integer.toString(25 * gop), "-b:v", "4M",
                    file.toString());
        }
        return file;
    }

    /** FFmpeg's CPU seconds decoding the file with one thread: keyframes only, or every frame. */
    static double floorCpu(String ffmpeg, Path file, boolean keyframesOnly) throws Exception {
        String command = "'" + ffmpeg + "' -hide_banner -loglevel error " + (keyframesOnly ? "-skip_frame nokey " : "")
                + "-threads 1 -i '" + file + "' -f null - ; times";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        builder.environment().put("LD_LIBRARY_PATH", Path.of(ffmpeg).getParent().toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        // `times` prints the shell's then its children's user and system time: "0m0.001s 0m0.002s\n0m1.234s 0m0.056s".
        String[] lines = out.strip().split("\n");
        String[] children = lines[lines.length - 1].trim().split("\\s+");
        return seconds(children[0]) + seconds(children[1]);
    }

    static double seconds(String time) {
        int m = time.indexOf('m');
        return Integer.parseInt(time.substring(0, m)) * 60 + Double.parseDouble(time.substring(m + 1, time.length() - 1));
    }

    static CameraPipeline pipeline(long id, Path file, Pacing pacing) {
        List<ZoneSpec> zones = new ArrayList<>();
        Map<Long, OccupancyStateMachine> machines = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            ZoneSpec zone = ZoneSpec.rectangle(id * 10 + i, i, "Q" + i, 0.05 + 0.25 * i, 0.3, 0.2 + 0.25 * i, 0.8, true);
            zones.add(zone);
            machines.put(zone.id(), new OccupancyStateMachine(OccupancyStateMachine.Settings.defaults(), ZoneState.UNKNOWN,
                    Transition.AGENT_START, Instant.now()));
        }
        CameraSpec camera = new CameraSpec(id, "bench", file.toString(), null, null, 5, true, zones);
        return new CameraPipeline(camera, machines, CameraPipeline.Settings.defaults(),
                new CalibrationStore(Path.of("target", "bench-camera", "calibration")), NO_EVENTS, Clock.systemUTC(), pacing,
                Duration.ofSeconds(30), new Random(1));
    }

    /**
     * CPU seconds of one pipeline thread playing the file as fast as it decodes: {first pass, second pass}. The
     * first includes the start (until two keyframe intervals are known the pipeline decodes every frame); the
     * second is the steady state a camera runs in for hours.
     */
    static double[] agentCpu(Path file, int seconds) throws Exception {
        CountDownLatch played = new CountDownLatch(1);
        Instant start = Instant.now();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] passStart = {-1};
        long[] passEnd = {-1};
        Pacing twoPasses = position -> {
            if (position.toSeconds() >= seconds && passStart[0] < 0) {
                passStart[0] = threads.getCurrentThreadCpuTime();
            }
            if (position.toSeconds() >= 2L * seconds) {
                passEnd[0] = threads.getCurrentThreadCpuTime();
                played.countDown();
                Thread.sleep(Long.MAX_VALUE);
            }
            return start.plus(position);
        };
        CameraPipeline pipeline = pipeline(1, file, twoPasses);
        pipeline.start();
        played.await();
        pipeline.close();
        return new double[] {passStart[0] / 1e9, (passEnd[0] - passStart[0]) / 1e9};
    }

    static long memory(Path file, int cameras) throws Exception {
        List<CameraPipeline> pipelines = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            CameraPipeline pipeline = pipeline(100 + i, file, Pacing.realTime(Clock.systemUTC()));
            pipeline.start();
            pipelines.add(pipeline);
        }
        Thread.sleep(60_000);
        long keyframes = pipelines.stream().mapToLong(CameraPipeline::framesAnalysed).sum();
        System.gc();
        long rss = Pointer.physicalBytes();
        System.out.printf("%d cameras analysed %d pictures in 60 s; Java heap committed %d MB%n", cameras, keyframes,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20);
        for (CameraPipeline pipeline : pipelines) {
            pipeline.close();
        }
        return rss;
    }

    static void run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("LD_LIBRARY_PATH", Path.of(command[0]).getParent().toString());
        if (builder.start().waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }
}
