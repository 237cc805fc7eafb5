package vn.onduty.agent.sim;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulated fingerprint module on a pseudo-terminal until killed, for trying the agent
 * without hardware:
 * {@code java -cp onduty-agent.jar vn.onduty.agent.sim.SensorSimMain [--fingers 20] [--touch-rate 6/min]
 * [--capacity 162] [--garbage-rate 0.01] [--bad-checksum-rate 0.02] [--unknown-share 0.1] [--link /tmp/ttyFP0]
 * [--password 0] [--seed 1]}. The first line printed is {@code device: /dev/pts/N}; then one line per touch.
 */
public final class SensorSimMain {

    private SensorSimMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SensorSimMain [--fingers N] [--touch-rate N/min|N/h|N/s] [--capacity N] "
                    + "[--garbage-rate P] [--bad-checksum-rate P] [--unknown-share P] [--link PATH] [--password N] [--seed N]");
            System.exit(2);
            return;
        }
        SimulatedSensor sensor = new SimulatedSensor(options.capacity, 0xFFFFFFFF, options.password, Clock.systemUTC(), options.seed);
        sensor.setBootDelay(Duration.ofMillis(200));
        sensor.enrollFingers(Math.min(options.fingers, options.capacity));
        sensor.setTouchListener((finger, slot) ->
                out.println("touch: finger " + finger + " slot " + (slot < 0 ? "none" : Integer.toString(slot))));
        SensorSimulator simulator = SensorSimulator.start(sensor, options.link, options.seed);
        simulator.setGarbageRate(options.garbageRate);
        simulator.setBadChecksumRate(options.badChecksumRate);
        out.println("device: " + simulator.devicePath());
        simulator.linkPath().ifPresent(link -> out.println("link: " + link));
        sensor.setRandomTouches(options.touchesPerMinute, options.unknownShare);
        // Whoever is being enrolled from the web page presents a new finger, twice.
        sensor.setPresentNewFingerOnEnrollment(true);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "sensor-sim-shutdown"));
        stopped.await();
    }

    private record Options(int fingers, double touchesPerMinute, int capacity, double garbageRate,
                           double badChecksumRate, double unknownShare, Path link, int password, long seed) {

        static Options parse(String[] args) {
            int fingers = 20;
            double rate = 6;
            int capacity = 162;
            double garbage = 0;
            double badChecksums = 0;
            double unknown = 0.1;
            Path link = null;
            int password = 0;
            long seed = System.nanoTime();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                try {
                    switch (name) {
                        case "--fingers" -> fingers = Integer.parseInt(value);
                        case "--touch-rate" -> rate = perMinute(value);
                        case "--capacity" -> capacity = Integer.parseInt(value);
                        case "--garbage-rate" -> garbage = Double.parseDouble(value);
                        case "--bad-checksum-rate" -> badChecksums = Double.parseDouble(value);
                        case "--unknown-share" -> unknown = Double.parseDouble(value);
                        case "--link" -> link = Paths.get(value);
                        case "--password" -> password = (int) Long.parseLong(value);
                        case "--seed" -> seed = Long.parseLong(value);
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": not a number: " + value);
                }
            }
            if (fingers < 0 || capacity < 1 || capacity > 0xFFFF || rate < 0 || garbage < 0 || garbage > 1
                    || badChecksums < 0 || badChecksums > 1 || unknown < 0 || unknown > 1) {
                throw new IllegalArgumentException("out of range: fingers >= 0, capacity 1..65535, touch-rate >= 0, rates 0..1");
            }
            return new Options(fingers, rate, capacity, garbage, badChecksums, unknown, link, password, seed);
        }

        /** "6/min", "90/h", "0.5/s" or a bare number of touches per minute. */
        static double perMinute(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            int slash = v.indexOf('/');
            if (slash < 0) {
                return Double.parseDouble(v);
            }
            double count = Double.parseDouble(v.substring(0, slash));
            return switch (v.substring(slash + 1)) {
                case "s", "sec" -> count * 60;
                case "min", "m" -> count;
                case "h", "hour" -> count / 60;
                default -> throw new IllegalArgumentException("--touch-rate unit must be /s, /min or /h: " + value);
            };
        }
    }
}
