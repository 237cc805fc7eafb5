package vn.onduty.agent;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.AgentConfig.ConfigException;
import vn.onduty.agent.camera.CalibrationStore;
import vn.onduty.agent.camera.CameraListCache;
import vn.onduty.agent.camera.Cameras;
import vn.onduty.agent.camera.OccupancyStateMachine;
import vn.onduty.agent.camera.Pacing;
import vn.onduty.agent.http.AgentHttp;
import vn.onduty.agent.outbox.EventSink;
import vn.onduty.agent.outbox.Outbox;
import vn.onduty.agent.outbox.Uploader;

/**
 * The device agent's entry point ({@code java -jar onduty-agent.jar [agent.yml]}). {@link #start} wires
 * the whole agent by hand: reading it shows every part and what it talks to.
 */
public final class AgentMain {

    private static final Logger log = LoggerFactory.getLogger(AgentMain.class);
    private static final String USAGE = """
            Usage: java -jar onduty-agent.jar [agent.yml]    run the agent (default: ./agent.yml)
                   java -jar onduty-agent.jar --list-ports   show the serial ports this computer has
                   java -jar onduty-agent.jar --check-natives  check that FFmpeg and the serial library load here
            """;

    private AgentMain() {
    }

    public static void main(String[] args) {
        // FFmpeg's own log lines go through SLF4J, so the agent's log scrubs camera credentials from them too
        // (JavaCPP writes them to stderr as they are otherwise). Set before any FFmpeg class loads.
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        int code = run(args, System.out, System.err, System::getenv);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line; for the agent itself, returns only after a shutdown.
     *
     * @return the process exit code: 0 fine, 1 could not start, 2 bad command line or agent.yml
     */
    static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> env) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(USAGE);
            return 0;
        }
        if (args.length == 1 && args[0].equals("--list-ports")) {
            listPorts(out);
            return 0;
        }
        if (args.length == 1 && args[0].equals("--check-natives")) {
            return NativeLibraries.check(out);
        }
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            err.print(USAGE);
            return 2;
        }
        Path file = Path.of(args.length == 1 ? args[0] : "agent.yml");
        AgentConfig config;
        try {
            config = AgentConfig.load(file, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        Running agent;
        try {
            agent = start(config, Clock.systemUTC());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("The agent cannot start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        agent.awaitClosed();
        return 0;
    }

    /** Starts every part of the agent; the caller owns the result and closes it. */
    public static Running start(AgentConfig config, Clock clock) {
        String version = version();
        log.info("OnDuty agent {} starting for {}", version, config.server().url());
        HealthServer health = HealthServer.bind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), config.adminPort()));
        Outbox outbox = null;
        try {
            outbox = Outbox.open(config.outbox().path(), clock);
            log.info("Outbox {}: {} events waiting, {} set aside as rejected", outbox.file().toAbsolutePath(),
                    outbox.pendingCount(), outbox.rejectedCount());
            AgentHttp http = new AgentHttp(config.server().url(), config.server().token(), version,
                    Duration.ofSeconds(10), Duration.ofSeconds(30));
            Uploader uploader = new Uploader(outbox, http,
                    Uploader.Settings.defaults().withBatchSize(config.outbox().batchSize()), clock);
            Sensors sensors = new Sensors(sensorsFrom(config, outbox, clock), outbox, clock);
            // Before the first heartbeat (link.start() below): the zones are unknown/agent_start from this moment.
            Cameras cameras = new Cameras(camerasFrom(config.camera()), outbox,
                    new CalibrationStore(config.camera().dataDir()), clock, () -> Pacing.realTime(clock), new Random());
            CameraLink cameraLink = new CameraLink(http, cameras,
                    new CameraListCache(config.camera().dataDir(), clock), Duration.ofSeconds(config.camera().pollSeconds()));
            CommandHandler commands = (command, progress) -> {
                if (CameraLink.handles(command)) {
                    cameraLink.handle(command, progress);
                } else {
                    sensors.handle(command, progress);
                }
            };
            ServerLink link = new ServerLink(http, sensors, cameras::statuses, outbox::pendingCount, commands,
                    new ServerLink.Settings(Duration.ofSeconds(config.heartbeatSeconds()),
                            Duration.ofSeconds(config.commandPollSeconds()), Duration.ofSeconds(60)),
                    clock, version);
            link.onCamerasAnnounced(cameraLink::announced);

            // Sensors first: a punch made while the server is slow to answer must still be recorded.
            uploader.start();
            sensors.start();
            // Cameras too, from the list kept on disk: the token check below may wait long for a server that is down.
            cameraLink.startFromCache();
            health.start(() -> HealthServer.report(uploader.stats(), link.stats(), sensors.statuses(), cameras.statuses()));
            checkToken(link);
            link.start();
            cameraLink.start();
            log.info("OnDuty agent running: {} sensor(s), cameras from the server (when a heartbeat answer names a new list, "
                    + "or every {} s from a server that does not), health on 127.0.0.1:{}",
                    config.sensors().size(), config.camera().pollSeconds(), health.port());
            return new Running(health, outbox, uploader, sensors, link, cameraLink, cameras);
        } catch (RuntimeException e) {
            if (outbox != null) {
                outbox.close();
            }
            health.close();
            throw e;
        }
    }

    /**
     * Builds the runtime of every sensor in agent.yml. This is the one place hardware support is wired
     * in: each entry of {@code sensors:} becomes one {@link SensorRuntime}.
     */
    public static List<SensorRuntime> sensorsFrom(AgentConfig config, EventSink events, Clock clock) {
        List<SensorRuntime> runtimes = new ArrayList<>();
        for (SensorConfig sensor : config.sensors()) {
            runtimes.add(fingerprintSensor(sensor, events, clock));
        }
        return runtimes;
    }

    /** The camera settings of agent.yml as the camera package takes them. */
    static Cameras.Settings camerasFrom(AgentConfig.CameraConfig camera) {
        Cameras.Settings defaults = Cameras.Settings.defaults();
        OccupancyStateMachine.Settings states = defaults.states();
        return new Cameras.Settings(camera.autoCalibrate(), Duration.ofSeconds(camera.autoCalibrateSeconds()),
                new OccupancyStateMachine.Settings(Duration.ofSeconds(camera.occupiedSeconds()),
                        Duration.ofSeconds(camera.emptySeconds()), states.mergeGap(),
                        Duration.ofMinutes(camera.attentionMinutes()), states.lowFraction()),
                defaults.pipeline());
    }

    /** One fingerprint sensor's runtime (the R30x/AS608 protocol loop on its serial port). */
    static SensorRuntime fingerprintSensor(SensorConfig sensor, EventSink events, Clock clock) {
        try {
            return new FingerprintSensorRuntime(sensor, events, clock);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * A wrong token at start is worth a loud, specific message; the agent still runs, because punches
     * recorded now are delivered once the token is fixed and the agent restarted.
     */
    private static void checkToken(ServerLink link) {
        try {
            ServerLink.Identity me = link.checkToken();
            log.info("Connected as agent {} '{}' of site {}", me.agentId(), me.name(), me.siteId());
        } catch (ServerLink.TokenRefusedException e) {
            log.error(e.getMessage());
        } catch (IOException e) {
            log.warn("Cannot reach the server yet ({}); events are kept and sent when it answers",
                    AgentHttp.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void listPorts(PrintStream out) {
        SerialPort[] ports = SerialPort.getCommPorts();
        if (ports.length == 0) {
            out.println("No serial ports found. Plug in the sensor's USB-serial adapter; on Linux the user "
                    + "running the agent must be in the dialout group.");
            return;
        }
        for (SerialPort port : ports) {
            out.println(port.getSystemPortPath() + "\t" + port.getPortDescription());
        }
    }

    /** The agent's version, as the heartbeat reports it. */
    static String version() {
        try (InputStream in = AgentMain.class.getResourceAsStream("agent.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A started agent. {@link #close} stops it in the order that loses nothing. */
    public static final class Running implements AutoCloseable {

        private final HealthServer health;
        private final Outbox outbox;
        private final Uploader uploader;
        private final Sensors sensors;
        private final ServerLink link;
        private final CameraLink cameraLink;
        private final Cameras cameras;
        private final AtomicBoolean closing = new AtomicBoolean();
        private final CountDownLatch closed = new CountDownLatch(1);

        Running(HealthServer health, Outbox outbox, Uploader uploader, Sensors sensors, ServerLink link,
                CameraLink cameraLink, Cameras cameras) {
            this.health = health;
            this.outbox = outbox;
            this.uploader = uploader;
            this.sensors = sensors;
            this.link = link;
            this.cameraLink = cameraLink;
            this.cameras = cameras;
        }

        public Cameras cameras() {
            return cameras;
        }

        public int adminPort() {
            return health.port();
        }

        public Outbox outbox() {
            return outbox;
        }

        public Uploader uploader() {
            return uploader;
        }

        public ServerLink link() {
            return link;
        }

        /**
         * No new commands or camera lists, then cameras and sensors stop (their last events reach the
         * outbox), then one last delivery attempt, then the outbox file is closed cleanly.
         */
        @Override
        public void close() {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            log.info("OnDuty agent stopping");
            try {
                link.close();
                cameraLink.close();
                cameras.close();
                sensors.stop();
                uploader.close();
                outbox.close();
            } finally {
                health.close();
                closed.countDown();
                log.info("OnDuty agent stopped");
            }
        }

        public void awaitClosed() {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
